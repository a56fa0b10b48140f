using System.Text;

namespace TextClassification.Tokenization;

/// <summary>
/// Canonical (NFD) decomposition of one code point from a table carried by the library, so that accent stripping
/// gives the same result whether or not the host runs with <c>InvariantGlobalization</c> (where
/// <see cref="string.Normalize(NormalizationForm)"/> leaves non-ASCII text unchanged). Hangul syllables decompose
/// algorithmically (Unicode §3.12). Canonical reordering across code points is not applied: after non-spacing marks
/// are removed it matters only for adjacent spacing marks with non-zero combining classes (a few musical symbols).
/// </summary>
internal static partial class CanonicalDecomposition
{
    private const int HangulBase = 0xAC00;
    private const int HangulCount = 11172;
    private const int LeadBase = 0x1100;
    private const int VowelBase = 0x1161;
    private const int TrailBase = 0x11A7;
    private const int VowelCount = 21;
    private const int TrailCount = 28;

    /// <summary>Whether <paramref name="cp"/> is a precomposed Hangul syllable (U+AC00 … U+D7A3).</summary>
    public static bool IsHangulSyllable(int cp) => (uint)(cp - HangulBase) < HangulCount;

    /// <summary>The most UTF-16 chars one code point decomposes into.</summary>
    public const int MaxLength = 8;

    /// <summary>
    /// Writes the canonical decomposition of <paramref name="rune"/> (the rune itself when it has none) to
    /// <paramref name="destination"/>, which must hold <see cref="MaxLength"/> chars; returns the chars written.
    /// </summary>
    public static int Decompose(Rune rune, Span<char> destination)
    {
        int cp = rune.Value;
        if (cp < 0xC0)
        {
            return rune.EncodeToUtf16(destination);
        }

        int s = cp - HangulBase;
        if ((uint)s < HangulCount)
        {
            destination[0] = (char)(LeadBase + (s / (VowelCount * TrailCount)));
            destination[1] = (char)(VowelBase + (s % (VowelCount * TrailCount) / TrailCount));
            int trail = s % TrailCount;
            if (trail == 0)
            {
                return 2;
            }

            destination[2] = (char)(TrailBase + trail);
            return 3;
        }

        int index = Find(cp);
        if (index < 0)
        {
            return rune.EncodeToUtf16(destination);
        }

        ReadOnlySpan<char> decomposition = Decompositions[Starts[index]..Starts[index + 1]];
        decomposition.CopyTo(destination);
        return decomposition.Length;
    }

    // MemoryExtensions.BinarySearch(span, value) boxes the value as IComparable<int>: search by hand.
    private static int Find(int cp)
    {
        ReadOnlySpan<int> keys = Keys;
        int low = 0;
        int high = keys.Length - 1;
        while (low <= high)
        {
            int middle = (int)((uint)(low + high) >> 1);
            int key = keys[middle];
            if (key == cp)
            {
                return middle;
            }

            if (key < cp)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return -1;
    }
}
