using System.Text;

namespace TextClassification.Tokenization;

/// <summary>
/// The compatibility forms <see cref="HashedNGramOptions.FoldCompatibilityForms"/> reads as the letters they stand for,
/// with the tokenizer's canonical decomposition applied to the result (what the scanner makes of the NFKC text): half-width
/// katakana, Arabic presentation forms, mathematical alphanumerics, Latin ligatures and a table of small capitals
/// (<see cref="Decompose"/>, for chars whose kind the folding keeps), and the enclosed letters and voiced kana the
/// scanner's <c>Read</c> handles itself (<see cref="EnclosedLetter"/>, <see cref="ComposeKana"/>). Built once from the
/// library's own NFKC tables (<see cref="UnicodeNormalizer"/>), so the result does not depend on the host's ICU.
/// </summary>
internal static class CompatibilityFold
{
    // The small capitals "font generators" write for a–z (no small capital x exists); none has an NFKC mapping.
    private const string SmallCapitals = "ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘǫʀꜱᴛᴜᴠᴡ\0ʏᴢ";

    // The ranges read through the NFKC tables: Latin ligatures, Arabic presentation forms A and B, half-width katakana
    // and their punctuation, mathematical alphanumerics.
    private static readonly (int First, int Last)[] Ranges =
        [(0xFB00, 0xFB06), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF), (0xFF61, 0xFF9F), (0x1D400, 0x1D7FF)];

    private const int MathFirst = 0x1D400;
    private const int MathLast = 0x1D7FF;

    // One bit per BMP code point that has a canonical decomposition or a fold here: the one test most chars pass through,
    // as CanonicalDecomposition's own bitmap is for its table.
    private static readonly ulong[] BmpWithEither = new ulong[0x10000 / 64];

    // One bit per BMP code point with a fold here.
    private static readonly ulong[] BmpFolded = new ulong[0x10000 / 64];

    // The folds, decomposed, case kept and lower-cased: of U+FB00–FFFF, of the mathematical alphanumerics, and of the
    // small capitals (below U+FB00, a table of their own; found through BmpFolded, so rarely looked up).
    private const int HighFirst = 0xFB00;
    private static readonly string?[] HighCased = new string?[0x10000 - HighFirst];
    private static readonly string?[] HighLowered = new string?[0x10000 - HighFirst];
    private static readonly string?[] MathCased = new string?[MathLast - MathFirst + 1];
    private static readonly string?[] MathLowered = new string?[MathLast - MathFirst + 1];
    private static readonly Dictionary<int, (string Cased, string Lowered)> Low = [];

    // Kana (U+3040–30FF) + U+3099 or U+309A → the precomposed voiced or semi-voiced kana (0: none).
    private static readonly char[] VoicedKana = new char[0xC0 * 2];

    // U+FF66–FF9D (half-width katakana letters) → their full-width forms.
    private static readonly char[] FullWidthKana = new char[0xFF9D - 0xFF66 + 1];

    static CompatibilityFold()
    {
        CanonicalDecomposition.BmpWithDecomposition.CopyTo(BmpWithEither, 0);
        Span<char> buffer = stackalloc char[CanonicalDecomposition.MaxLength];
        foreach ((int first, int last) in Ranges)
        {
            for (int cp = first; cp <= last; cp++)
            {
                if (!Rune.IsValid(cp))
                {
                    continue;
                }

                string source = char.ConvertFromUtf32(cp);
                string target = UnicodeNormalizer.ToFormKC(source);
                if (target != source && SameKind(cp, target))
                {
                    Add(cp, target);
                }
            }
        }

        for (int letter = 0; letter < SmallCapitals.Length; letter++)
        {
            if (SmallCapitals[letter] != '\0')
            {
                Add(SmallCapitals[letter], ((char)('a' + letter)).ToString());
            }
        }

        for (int kana = 0x3040; kana < 0x3100; kana++)
        {
            int count = CanonicalDecomposition.Decompose(new Rune(kana), buffer);
            if (count == 2 && buffer[1] is '\u3099' or '\u309A' && (uint)(buffer[0] - 0x3040) < 0xC0)
            {
                VoicedKana[((buffer[0] - 0x3040) * 2) + (buffer[1] - 0x3099)] = (char)kana;
            }
        }

        for (int half = 0xFF66; half <= 0xFF9D; half++)
        {
            FullWidthKana[half - 0xFF66] = UnicodeNormalizer.ToFormKC(((char)half).ToString())[0];
        }
    }

    // Folded only where every char of the target is read as the same kind as the source (a word char as word chars, a
    // symbol as symbols), so the fold changes no token boundary: not the Arabic isolated harakat (U+FE70…, NFKC a space
    // and a mark), the phrase ligatures with spaces (U+FDFA, U+FDFB) or the rial sign (a symbol, NFKC a word).
    private static bool SameKind(int cp, string target)
    {
        CharKind kind = CharClassifier.Classify(new Rune(cp));
        foreach (Rune rune in target.EnumerateRunes())
        {
            if (CharClassifier.Classify(rune) != kind)
            {
                return false;
            }
        }

        return true;
    }

    // The entry is what the scanner appends for the target text: each char lower-cased (for Lowered) and canonically
    // decomposed. Entries longer than the scanner's buffer are left out (none is, the long phrase ligatures having spaces).
    private static void Add(int cp, string target)
    {
        string? cased = Decomposed(target, lowercase: false);
        string? lowered = Decomposed(target, lowercase: true);
        if (cased is null || lowered is null)
        {
            return;
        }

        if (cp >= MathFirst)
        {
            MathCased[cp - MathFirst] = cased;
            MathLowered[cp - MathFirst] = lowered;
        }
        else if (cp >= HighFirst)
        {
            HighCased[cp - HighFirst] = cased;
            HighLowered[cp - HighFirst] = lowered;
        }
        else
        {
            Low[cp] = (cased, lowered);
        }

        if (cp < 0x10000)
        {
            BmpFolded[cp >> 6] |= 1UL << cp;
            BmpWithEither[cp >> 6] |= 1UL << cp;
        }
    }

    private static string? Decomposed(string target, bool lowercase)
    {
        var builder = new StringBuilder();
        Span<char> buffer = stackalloc char[CanonicalDecomposition.MaxLength];
        foreach (Rune source in target.EnumerateRunes())
        {
            Rune rune = lowercase ? Rune.ToLowerInvariant(source) : source;
            int count = CanonicalDecomposition.IsHangulSyllable(rune.Value) ? rune.EncodeToUtf16(buffer) : CanonicalDecomposition.Decompose(rune, buffer);
            builder.Append(buffer[..count]);
        }

        return builder.Length <= CanonicalDecomposition.MaxLength ? builder.ToString() : null;
    }

    /// <summary>Writes the chars the scanner appends for <paramref name="rune"/> (already lower-cased when
    /// <paramref name="lowercase"/>): its fold, canonically decomposed, or else its canonical decomposition;
    /// <paramref name="destination"/> holds <see cref="CanonicalDecomposition.MaxLength"/> chars. Not for Hangul syllables.</summary>
    public static int Decompose(Rune rune, Span<char> destination, bool lowercase)
    {
        int cp = rune.Value;
        string? fold;
        if (cp < 0x10000)
        {
            // Most chars have neither a decomposition nor a fold: one bit tells, as it did before.
            if ((BmpWithEither[cp >> 6] & (1UL << cp)) == 0)
            {
                return rune.EncodeToUtf16(destination);
            }

            if ((BmpFolded[cp >> 6] & (1UL << cp)) == 0)
            {
                return CanonicalDecomposition.Decompose(rune, destination);
            }

            fold = cp >= HighFirst ? (lowercase ? HighLowered : HighCased)[cp - HighFirst] : lowercase ? Low[cp].Lowered : Low[cp].Cased;
        }
        else
        {
            fold = (uint)(cp - MathFirst) <= MathLast - MathFirst ? (lowercase ? MathLowered : MathCased)[cp - MathFirst] : null;
            if (fold is null)
            {
                return CanonicalDecomposition.Decompose(rune, destination);
            }
        }

        fold!.CopyTo(destination);
        return fold.Length;
    }

    /// <summary>The ASCII letter a circled, squared or negative enclosed letter stands for (Ⓐ, ⓐ: U+24B6–24E9; U+1F130–1F149,
    /// U+1F150–1F169, U+1F170–1F189, of which only the first block has an NFKC mapping); -1 for any other code point.</summary>
    public static int EnclosedLetter(int cp)
    {
        if ((uint)(cp - 0x24B6) < 26)
        {
            return 'A' + (cp - 0x24B6);
        }

        if ((uint)(cp - 0x24D0) < 26)
        {
            return 'a' + (cp - 0x24D0);
        }

        int offset = cp - 0x1F130;
        return (uint)offset < 0x5A && (offset & 31) < 26 ? 'A' + (offset & 31) : -1;
    }

    /// <summary>The first char of what <paramref name="cp"/> is read as, case kept, for letter case (<see cref="WordShape"/>):
    /// an enclosed letter's ASCII letter or the first char of its fold; -1 when it is not folded.</summary>
    public static int CasedLetter(int cp)
    {
        int enclosed = EnclosedLetter(cp);
        if (enclosed >= 0)
        {
            return enclosed;
        }

        string? fold = cp >= 0x10000 ? ((uint)(cp - MathFirst) <= MathLast - MathFirst ? MathCased[cp - MathFirst] : null)
            : (BmpFolded[cp >> 6] & (1UL << cp)) == 0 ? null
            : cp >= HighFirst ? HighCased[cp - HighFirst] : Low[cp].Cased;
        return fold is null ? -1 : fold[0];
    }

    /// <summary>Whether <paramref name="c"/> is a voicing mark that composes onto a kana: U+3099, U+309A and their
    /// half-width forms U+FF9E, U+FF9F.</summary>
    public static bool IsVoicingMark(char c) => (uint)(c - 0x3099) <= 1 || (uint)(c - 0xFF9E) <= 1;

    /// <summary>The voiced or semi-voiced kana <paramref name="kana"/> (full- or half-width) and the voicing mark
    /// <paramref name="mark"/> compose into, as NFKC composes them (ｶﾞ, カ + U+3099: ガ); -1 when they do not.</summary>
    public static int ComposeKana(char kana, char mark)
    {
        if ((uint)(kana - 0xFF66) < (uint)FullWidthKana.Length)
        {
            kana = FullWidthKana[kana - 0xFF66];
        }

        int index = kana - 0x3040;
        if ((uint)index >= 0xC0)
        {
            return -1;
        }

        char composed = VoicedKana[(index * 2) + (mark is '\u309A' or '\uFF9F' ? 1 : 0)];
        return composed == '\0' ? -1 : composed;
    }
}
