using System.Globalization;
using System.Runtime.InteropServices;
using FsCheck;
using FsCheck.Xunit;
using TextClassification.Memory;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Memory;

/// <summary><see cref="LargeArrays"/>: ordinary zeroed arrays, advice on exactly the whole huge pages inside them.</summary>
public sealed class LargeArraysTests
{
    private const long HugePage = 2L << 20;

    [Property(MaxTest = 500)]
    public void AlignedInterior_is_every_whole_huge_page_inside_the_range(long rawAddress, uint rawBytes)
    {
        long address = Math.Abs(rawAddress % (1L << 47));
        long bytes = rawBytes % (64L << 20);

        (long start, long length) = LargeArrays.AlignedInterior(address, bytes);

        // Reference: walk the huge pages that touch the range and keep those wholly inside it.
        long first = -1;
        long end = -1;
        for (long page = address / HugePage * HugePage; page < address + bytes; page += HugePage)
        {
            if (page >= address && page + HugePage <= address + bytes)
            {
                first = first < 0 ? page : first;
                end = page + HugePage;
            }
        }

        if (first < 0)
        {
            Assert.Equal((0L, 0L), (start, length));
        }
        else
        {
            Assert.Equal((first, end - first), (start, length));
        }
    }

    [Property(MaxTest = 40)]
    public void Zeroed_gives_a_zeroed_array_of_the_length_asked_on_both_sides_of_the_threshold(NonNegativeInt seed, bool large)
    {
        var random = new Random(seed.Get);
        // Under the 2 MB threshold, or 2–12 MB (advised where the machine allows it).
        long length = large ? random.Next(1 << 19, 3 << 20) : random.Next(0, 1 << 19);

        float[] array = LargeArrays.Zeroed<float>(length);

        Assert.Equal(length, array.LongLength);
        Assert.True(array.AsSpan().IndexOfAnyExcept(0f) < 0);
    }

    [Property(MaxTest = 200)]
    public void Resized_keeps_the_prefix_and_zeroes_the_rest(NonNegativeInt seed, ushort rawLength, ushort rawNewLength)
    {
        var random = new Random(seed.Get);
        int[] array = new int[rawLength % 5000];
        for (int i = 0; i < array.Length; i++)
        {
            array[i] = random.Next(1, int.MaxValue);
        }

        int newLength = rawNewLength % 5000;
        int[] resized = LargeArrays.Resized(array, newLength);

        Assert.Equal(newLength, resized.Length);
        int kept = Math.Min(array.Length, newLength);
        Assert.Equal(array.AsSpan(0, kept).ToArray(), resized.AsSpan(0, kept).ToArray());
        Assert.True(resized.AsSpan(kept).IndexOfAnyExcept(0) < 0);
    }

    [HugePageFact]
    public void A_large_array_lies_in_memory_marked_for_huge_pages()
    {
        float[] array = LargeArrays.Zeroed<float>(4L << 20); // 16 MB: at least seven whole huge pages inside
        GCHandle pin = GCHandle.Alloc(array, GCHandleType.Pinned);
        try
        {
            long address = pin.AddrOfPinnedObject();
            (long start, long length) = LargeArrays.AlignedInterior(address, array.LongLength * sizeof(float));
            Assert.True(length >= 7 * HugePage);

            // /proc/self/smaps lists every mapping with its flags; "hg" is VM_HUGEPAGE, which madvise(MADV_HUGEPAGE) sets.
            string flags = FlagsOfMappingHolding(start);
            Assert.Contains(" hg", flags, StringComparison.Ordinal);
            Assert.Equal(flags, FlagsOfMappingHolding(start + length - 1));
        }
        finally
        {
            pin.Free();
        }
    }

    private static string FlagsOfMappingHolding(long address)
    {
        // A mapping's first line starts "from-to perms …" in hex; its fields follow, VmFlags last.
        bool inside = false;
        foreach (string line in File.ReadLines("/proc/self/smaps"))
        {
            int dash = line.IndexOf('-', StringComparison.Ordinal);
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            if (dash > 0 && space > dash
                && long.TryParse(line.AsSpan(0, dash), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long from)
                && long.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long to))
            {
                inside = address >= from && address < to;
            }
            else if (inside && line.StartsWith("VmFlags:", StringComparison.Ordinal))
            {
                return line;
            }
        }

        throw new InvalidOperationException($"No mapping in /proc/self/smaps holds 0x{address:x}.");
    }
}
