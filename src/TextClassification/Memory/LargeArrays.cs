using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TextClassification.Memory;

/// <summary>
/// Allocates the multi-megabyte arrays of training and model loading (embedding tables, feature entries, optimiser
/// vectors) and, on Linux, marks each one's whole 2 MB pages as transparent-huge-page candidates
/// (<c>madvise(MADV_HUGEPAGE)</c>) before anything writes to them.
/// </summary>
/// <remarks>
/// <para>
/// Why: a fresh array's first write faults its memory in page by page. With 4 KB pages that is 256 faults per MB,
/// and on the virtual machines this library is measured on a fault costs several microseconds (about 4 ms per MB;
/// docs/benchmarks.md, "Session 10"), which made faulting a large part of training time. With the kernel's
/// default THP mode, <c>madvise</c>, only advised memory gets 2 MB pages; advised, the same array faults in 512×
/// fewer pieces.
/// </para>
/// <para>
/// What it changes: nothing but how the kernel backs the memory. The array is an ordinary zeroed managed array; the
/// advice covers only the 2 MB-aligned pages that lie wholly inside it, so no neighbouring object is affected, and
/// it is a hint: where THP is off, unsupported, or the collector later moves the array, it simply has no effect.
/// Arrays under <see cref="MinimumBytes"/> are not advised. Other systems get a plain array. The AppContext switch
/// <c>TextClassification.DisableHugePageAdvice</c> (or the environment variable
/// <c>TEXTCLASSIFICATION_DISABLE_HUGE_PAGES=1</c>) turns the advice off, e.g. to measure it.
/// </para>
/// </remarks>
internal static partial class LargeArrays
{
    /// <summary>Arrays smaller than this (one huge page, 2 MB) are allocated without advice: no whole huge page fits.</summary>
    public const long MinimumBytes = HugePageBytes;

    // The PMD huge page of x86-64 and of arm64 with 4 KB pages. Where huge pages are larger (arm64 with 64 KB pages),
    // advising 2 MB-aligned ranges is still valid, only less often effective.
    private const long HugePageBytes = 2L << 20;
    private const int MadviseHugePage = 14; // MADV_HUGEPAGE: the generic <asm-generic/mman-common.h> value, used by every architecture .NET runs on

    private static bool s_enabled = OperatingSystem.IsLinux() && !IsDisabledByConfiguration();

    /// <summary>Whether advice is being given (Linux, not switched off, and <c>madvise</c> found in libc).</summary>
    public static bool AdviceEnabled => s_enabled;

    /// <summary>Allocates a zeroed array of <paramref name="length"/> elements, advised as described on the type.</summary>
    public static T[] Zeroed<T>(long length) where T : unmanaged
    {
        T[] array = new T[length];
        Advise(array);
        return array;
    }

    /// <summary>A zeroed array of <paramref name="length"/> elements (advised as <see cref="Zeroed{T}"/>) that starts with
    /// the elements of <paramref name="array"/>: <see cref="Array.Resize{T}"/> for growing arrays.</summary>
    public static T[] Resized<T>(T[] array, long length) where T : unmanaged
    {
        T[] resized = Zeroed<T>(length);
        array.AsSpan(0, (int)Math.Min(array.Length, length)).CopyTo(resized);
        return resized;
    }

    /// <summary>
    /// Advises the huge pages that lie wholly inside <paramref name="array"/>, when it is at least
    /// <see cref="MinimumBytes"/> long. Call it before the array's memory is first written.
    /// </summary>
    public static unsafe void Advise<T>(T[] array) where T : unmanaged
    {
        long bytes = (long)array.Length * sizeof(T);
        if (!s_enabled || bytes < MinimumBytes)
        {
            return;
        }

        fixed (T* first = array)
        {
            (long start, long length) = AlignedInterior((long)first, bytes);
            if (length > 0)
            {
                AdviseRange(start, length);
            }
        }
    }

    /// <summary>The 2 MB-aligned interior of [<paramref name="address"/>, +<paramref name="bytes"/>), or (0, 0).</summary>
    internal static (long Start, long Length) AlignedInterior(long address, long bytes)
    {
        long start = (address + HugePageBytes - 1) & ~(HugePageBytes - 1);
        long end = (address + bytes) & ~(HugePageBytes - 1);
        return end > start ? (start, end - start) : (0, 0);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AdviseRange(long start, long length)
    {
        try
        {
            // The result is ignored on purpose: EINVAL (no THP in this kernel) or a range the collector has since
            // given back leave the memory exactly as it would have been without the advice.
            _ = Native.Madvise((nint)start, (nuint)length, MadviseHugePage);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_enabled = false;
        }
    }

    private static bool IsDisabledByConfiguration() =>
        (AppContext.TryGetSwitch("TextClassification.DisableHugePageAdvice", out bool disabled) && disabled)
        || Environment.GetEnvironmentVariable("TEXTCLASSIFICATION_DISABLE_HUGE_PAGES") is "1" or "true";

    private static partial class Native
    {
        [LibraryImport("libc", EntryPoint = "madvise")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        internal static partial int Madvise(nint address, nuint length, int advice);
    }
}
