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

    // The longest decomposition of one code point, in code points (U+FDFA's compatibility decomposition is 18).
    private const int MaxDecomposedLength = 18;

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

        int[] codePoints = ArrayPool<int>.Shared.Rent((text.Length * MaxDecomposedLength) + 1);
        try
        {
            int count = Decompose(text, codePoints, compatibility);
            Span<int> values = codePoints.AsSpan(0, count);
            ReorderMarks(values);
            count = Compose(values);
            return ToString(codePoints.AsSpan(0, count), text);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(codePoints);
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

    // Canonical ordering: each run of marks sorted by combining class, stably (insertion sort; runs are short).
    private static void ReorderMarks(Span<int> values)
    {
        for (int i = 1; i < values.Length; i++)
        {
            int value = values[i];
            int rank = RankOf(value);
            if (rank == 0)
            {
                continue;
            }

            int j = i;
            while (j > 0 && RankOf(values[j - 1]) > rank)
            {
                values[j] = values[j - 1];
                j--;
            }

            values[j] = value;
        }
    }

    // Canonical composition (UAX #15 §1.3): each mark or starter is composed onto the last starter unless a code point
    // between them blocks it (a starter, or a mark of the same or a higher class). Returns the new length.
    private static int Compose(Span<int> values)
    {
        if (values.Length == 0)
        {
            return 0;
        }

        int starter = 0;
        int lastRank = RankOf(values[0]) == 0 ? 0 : 256; // a text that opens with a mark has no starter to compose onto
        int length = 1;
        for (int i = 1; i < values.Length; i++)
        {
            int value = values[i];
            int rank = RankOf(value);
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
        int lead = first - CanonicalDecomposition.LeadBase;
        int vowel = second - CanonicalDecomposition.VowelBase;
        if ((uint)lead < CanonicalDecomposition.LeadCount && (uint)vowel < CanonicalDecomposition.VowelCount)
        {
            return CanonicalDecomposition.HangulBase + (((lead * CanonicalDecomposition.VowelCount) + vowel) * CanonicalDecomposition.TrailCount);
        }

        int syllable = first - CanonicalDecomposition.HangulBase;
        int trail = second - CanonicalDecomposition.TrailBase;
        if (CanonicalDecomposition.IsHangulSyllable(first) && syllable % CanonicalDecomposition.TrailCount == 0 && trail > 0 && trail < CanonicalDecomposition.TrailCount)
        {
            return first + trail;
        }

        int index = Array.BinarySearch(PairKeys, ((long)first << 21) | (uint)second);
        return index >= 0 ? Composites[index] : -1;
    }

    // The rank of the code point's canonical combining class among the non-zero classes; 0 for a starter.
    private static int RankOf(int codePoint)
    {
        if (codePoint < FirstMark)
        {
            return 0;
        }

        int index = Array.BinarySearch(MarkKeys, codePoint);
        return index >= 0 ? MarkRanks[index] : 0;
    }

    // The code points as a string: the original instance when they spell it unchanged.
    private static string ToString(ReadOnlySpan<int> codePoints, string original)
    {
        char[] chars = ArrayPool<char>.Shared.Rent(codePoints.Length * 2);
        try
        {
            int length = 0;
            foreach (int value in codePoints)
            {
                length += value is >= 0xD800 and <= 0xDFFF
                    ? WriteChar(chars, length, (char)value)
                    : new Rune(value).EncodeToUtf16(chars.AsSpan(length));
            }

            ReadOnlySpan<char> result = chars.AsSpan(0, length);
            return result.SequenceEqual(original) ? original : new string(result);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private static int WriteChar(char[] chars, int index, char value)
    {
        chars[index] = value;
        return 1;
    }
}
