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
    // Hangul syllables: Unicode §3.12 (UnicodeNormalizer composes them with the same constants).
    internal const int HangulBase = 0xAC00;
    internal const int HangulCount = 11172;
    internal const int LeadBase = 0x1100;
    internal const int LeadCount = 19;
    internal const int VowelBase = 0x1161;
    internal const int TrailBase = 0x11A7;
    internal const int VowelCount = 21;
    internal const int TrailCount = 28;

    /// <summary>Whether <paramref name="cp"/> is a precomposed Hangul syllable (U+AC00 … U+D7A3).</summary>
    public static bool IsHangulSyllable(int cp) => (uint)(cp - HangulBase) < HangulCount;

    /// <summary>The Hangul syllable <paramref name="first"/> and <paramref name="second"/> compose into (Unicode §3.12): a
    /// leading consonant jamo (U+1100–1112) and a vowel jamo (U+1161–1175) give an LV syllable, an LV syllable and a
    /// trailing consonant jamo (U+11A8–11C2) an LVT syllable; -1 for any other pair.</summary>
    public static int ComposeHangul(int first, int second)
    {
        int lead = first - LeadBase;
        int vowel = second - VowelBase;
        if ((uint)lead < LeadCount && (uint)vowel < VowelCount)
        {
            return HangulBase + (((lead * VowelCount) + vowel) * TrailCount);
        }

        // The trailing jamo first: in ordinary text the next char is none, so most pairs leave after two comparisons.
        int trail = second - TrailBase;
        return (uint)(trail - 1) < TrailCount - 1 && IsHangulSyllable(first) && (first - HangulBase) % TrailCount == 0 ? first + trail : -1;
    }

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

        // Most code points have no decomposition (all of Cyrillic but a few, every CJK ideograph): one bit tells, before
        // the binary search. Reading text through here cost Russian about 40 % of its featurizing speed without it.
        if (cp < 0x10000 && (BmpWithDecomposition[cp >> 6] & (1UL << cp)) == 0)
        {
            return rune.EncodeToUtf16(destination);
        }

        // Keys is an int[]: Array.BinarySearch<int> compares without boxing (the span overload boxes the value).
        int index = Array.BinarySearch(Keys, cp);
        if (index < 0)
        {
            return rune.EncodeToUtf16(destination);
        }

        ReadOnlySpan<char> decomposition = Decompositions[Starts[index]..Starts[index + 1]];
        decomposition.CopyTo(destination);
        return decomposition.Length;
    }

    // One bit per code point of the Basic Multilingual Plane: set where Keys holds it (8 KB, built once; CompatibilityFold
    // starts its own from it).
    internal static readonly ulong[] BmpWithDecomposition;

    // Keys and Starts are arrays, not ReadOnlySpan properties over the assembly's data: a span of ints or ushorts is made
    // by RuntimeHelpers.CreateSpan, which unoptimised (Debug) code calls for real on every access, allocating each time.
    // The bitmap is built in the static constructor, which runs after every field initializer of both partial files
    // (the order of initializers across the files is not defined).
    static CanonicalDecomposition() => BmpWithDecomposition = BuildBmpBitmap();

    private static ulong[] BuildBmpBitmap()
    {
        ulong[] bits = new ulong[0x10000 / 64];
        foreach (int key in Keys)
        {
            if (key < 0x10000)
            {
                bits[key >> 6] |= 1UL << key;
            }
        }

        return bits;
    }
}
