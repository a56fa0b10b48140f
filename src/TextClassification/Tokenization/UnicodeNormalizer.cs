using System.Buffers;
using System.Text;

namespace TextClassification.Tokenization;

/// <summary>
/// Unicode normalization forms C and KC (UAX #15) from tables the library carries (<see cref="CanonicalDecomposition"/>
/// and <c>UnicodeNormalizer.Data.cs</c>, generated from ICU by <c>tools/GenerateUnicodeTables.cs</c>), so the result
/// is the same whether or not the host runs with <c>InvariantGlobalization</c>, where
/// <see cref="string.Normalize(NormalizationForm)"/> leaves non-ASCII text unchanged. Labels are compared in form C: a
/// bundle trained by the CLI (which runs invariant) and one trained in an application with ICU must name the same
/// labels. Unpaired surrogates and noncharacters, which <see cref="string.Normalize(NormalizationForm)"/> refuses, pass
/// through unchanged.
/// </summary>
internal static partial class UnicodeNormalizer
{
    private const int FirstMark = 0x300;

    // The most code points one UTF-16 char decomposes into: 4 canonically (U+1F82), 18 by compatibility (U+FDFA).
    private const int MaxCanonicalExpansion = 4;
    private const int MaxCompatibilityExpansion = 18;

    // Buffers longer than this are allocated and dropped, not taken from and kept by the shared pool (a 1 MB label
    // would otherwise leave a 128 MB array in it).
    private const int MaxPooledLength = 1 << 16;

    // Runs of marks longer than this are ordered by counting sort: insertion sort is quadratic in a run's length.
    private const int InsertionSortRun = 16;

    /// <summary><paramref name="text"/> in normalization form C (canonical decomposition, then canonical composition);
    /// the same instance when it is already in that form.</summary>
    public static string ToFormC(string text) => Normalize(text, compatibility: false);

    /// <summary><paramref name="text"/> in normalization form KC (compatibility decomposition, then canonical
    /// composition): "ｆｉ" and "ﬁ" become "fi"; the same instance when it is already in that form.</summary>
    public static string ToFormKC(string text) => Normalize(text, compatibility: true);

    private static string Normalize(string text, bool compatibility)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (compatibility ? Ascii.IsValid(text) : !text.AsSpan().ContainsAnyExceptInRange('\0', (char)(FirstMark - 1)))
        {
            return text; // nothing below U+0300 decomposes canonically or combines; ASCII has no compatibility mappings
        }

        long capacity = ((long)text.Length * (compatibility ? MaxCompatibilityExpansion : MaxCanonicalExpansion)) + 1;
        if (capacity > Array.MaxLength)
        {
            throw new ArgumentException($"The text is too long to normalize ({text.Length} chars).", nameof(text));
        }

        int[] codePoints = Rent<int>((int)capacity);
        byte[] ranks = Rent<byte>((int)capacity);
        try
        {
            int count = Decompose(text, codePoints, compatibility);
            for (int i = 0; i < count; i++)
            {
                ranks[i] = RankOf(codePoints[i]);
            }

            ReorderMarks(codePoints.AsSpan(0, count), ranks.AsSpan(0, count));
            count = Compose(codePoints.AsSpan(0, count), ranks.AsSpan(0, count));
            return ToString(codePoints.AsSpan(0, count), text);
        }
        finally
        {
            Return(codePoints);
            Return(ranks);
        }
    }

    // The full decomposition of every code point, in text order. An unpaired surrogate is kept as its own value.
    private static int Decompose(string text, int[] output, bool compatibility)
    {
        Span<char> chars = stackalloc char[CanonicalDecomposition.MaxLength];
        int count = 0;
        for (int i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out Rune rune, out int consumed) != OperationStatus.Done)
            {
                output[count++] = text[i++];
                continue;
            }

            i += consumed;
            int index = compatibility && rune.Value >= 0xA0 ? Array.BinarySearch(CompatibilityKeys, rune.Value) : -1;
            count = index >= 0
                ? Append(CompatibilityDecompositions[CompatibilityStarts[index]..CompatibilityStarts[index + 1]], output, count)
                : Append(chars[..CanonicalDecomposition.Decompose(rune, chars)], output, count);
        }

        return count;
    }

    private static int Append(ReadOnlySpan<char> decomposition, int[] output, int count)
    {
        foreach (Rune part in decomposition.EnumerateRunes())
        {
            output[count++] = part.Value;
        }

        return count;
    }

    // Canonical ordering: each run of marks (non-zero ranks) sorted by rank, stably, the ranks moved with their code
    // points. Short runs (the usual one or two accents) by insertion sort; long ones by counting sort, so a hostile
    // run of 100k alternating marks takes linear time.
    private static void ReorderMarks(Span<int> values, Span<byte> ranks)
    {
        int i = 0;
        while (i < values.Length)
        {
            if (ranks[i] == 0)
            {
                i++;
                continue;
            }

            int end = i + 1;
            while (end < values.Length && ranks[end] != 0)
            {
                end++;
            }

            if (end - i <= InsertionSortRun)
            {
                InsertionSort(values[i..end], ranks[i..end]);
            }
            else
            {
                CountingSort(values[i..end], ranks[i..end]);
            }

            i = end;
        }
    }

    private static void InsertionSort(Span<int> values, Span<byte> ranks)
    {
        for (int i = 1; i < values.Length; i++)
        {
            int value = values[i];
            byte rank = ranks[i];
            int j = i;
            while (j > 0 && ranks[j - 1] > rank)
            {
                values[j] = values[j - 1];
                ranks[j] = ranks[j - 1];
                j--;
            }

            values[j] = value;
            ranks[j] = rank;
        }
    }

    private static void CountingSort(Span<int> values, Span<byte> ranks)
    {
        Span<int> starts = stackalloc int[257];
        starts.Clear();
        foreach (byte rank in ranks)
        {
            starts[rank + 1]++;
        }

        for (int r = 1; r < starts.Length; r++)
        {
            starts[r] += starts[r - 1];
        }

        int[] sorted = Rent<int>(values.Length);
        try
        {
            for (int i = 0; i < values.Length; i++)
            {
                sorted[starts[ranks[i]]++] = values[i];
            }

            sorted.AsSpan(0, values.Length).CopyTo(values);

            // starts[r] is now the end of rank r's bucket, which is where rank r + 1's begins.
            for (int rank = 0, begin = 0; rank < 256; begin = starts[rank], rank++)
            {
                ranks[begin..starts[rank]].Fill((byte)rank);
            }
        }
        finally
        {
            Return(sorted);
        }
    }

    // Canonical composition (UAX #15 §1.3): each mark or starter is composed onto the last starter unless a code point
    // between them blocks it (a starter, or a mark of the same or a higher class). Compacts the values (each rank is
    // read once, ahead of where the values are written); returns the new length.
    private static int Compose(Span<int> values, ReadOnlySpan<byte> ranks)
    {
        if (values.Length == 0)
        {
            return 0;
        }

        int starter = 0;
        int lastRank = ranks[0] == 0 ? 0 : 256; // a text that opens with a mark has no starter to compose onto
        int length = 1;
        for (int i = 1; i < values.Length; i++)
        {
            int value = values[i];
            int rank = ranks[i];
            int composite = lastRank < rank || lastRank == 0 ? Composite(values[starter], value) : -1;
            if (composite >= 0)
            {
                values[starter] = composite;
                continue;
            }

            if (rank == 0)
            {
                starter = length;
            }

            lastRank = rank;
            values[length++] = value;
        }

        return length;
    }

    // The canonical composite of two code points, or -1.
    private static int Composite(int first, int second)
    {
        int hangul = CanonicalDecomposition.ComposeHangul(first, second);
        if (hangul >= 0)
        {
            return hangul;
        }

        int index = Array.BinarySearch(PairKeys, ((long)first << 21) | (uint)second);
        return index >= 0 ? Composites[index] : -1;
    }

    // The rank of the code point's canonical combining class among the non-zero classes; 0 for a starter.
    private static byte RankOf(int codePoint)
    {
        if (codePoint < FirstMark)
        {
            return 0;
        }

        int index = Array.BinarySearch(MarkKeys, codePoint);
        return index >= 0 ? MarkRanks[index] : (byte)0;
    }

    // The code points as a string: the original instance when they spell it unchanged.
    private static string ToString(ReadOnlySpan<int> codePoints, string original)
    {
        char[] chars = Rent<char>(codePoints.Length * 2);
        try
        {
            int length = 0;
            foreach (int value in codePoints)
            {
                if (value is >= 0xD800 and <= 0xDFFF)
                {
                    chars[length++] = (char)value;
                }
                else
                {
                    length += new Rune(value).EncodeToUtf16(chars.AsSpan(length));
                }
            }

            ReadOnlySpan<char> result = chars.AsSpan(0, length);
            return result.SequenceEqual(original) ? original : new string(result);
        }
        finally
        {
            Return(chars);
        }
    }

    private static T[] Rent<T>(int length) => length <= MaxPooledLength ? ArrayPool<T>.Shared.Rent(length) : new T[length];

    private static void Return<T>(T[] array)
    {
        if (array.Length <= MaxPooledLength)
        {
            ArrayPool<T>.Shared.Return(array);
        }
    }
}
