using System.Buffers;

namespace TextClassification.Tokenization;

/// <summary>
/// The Cyrillic and Greek letters that look like a Latin letter (<see cref="HashedNGramOptions.FoldConfusables"/>), and
/// the rule that says where they are read as it. The pairs are those of Unicode Technical Standard #39's confusables
/// data (confusables.txt, "Unicode Security Mechanisms", §4) whose Cyrillic or Greek source is a single letter confusable
/// with a single Latin letter, kept to the ones that look alike in common fonts: TR39 maps some to a prototype of
/// another case or shape (capital I, palochka and iota to "l", small-capital look-alikes such as Cyrillic к м н т в to
/// ĸ ᴍ ʜ ᴛ ʙ); here each is read as the Latin letter of its own case, and the small-capital look-alikes are left out (a
/// lower-case Cyrillic н is not an "h"). A precomposed letter whose base is a look-alike (ё, ї, ά, ό) maps to the
/// precomposed Latin letter with the same mark (ë, ï, á, ó), so accents then decompose and fold as Latin ones do.
/// Armenian (օ, ս, հ) and Cherokee look-alikes are not in the table: no data set or check at hand holds them.
/// </summary>
internal static class ConfusableLetters
{
    /// <summary>The first and last code point of the table (Greek Ά to Cyrillic ԝ).</summary>
    public const char First = '\u0386';

    /// <summary>The last code point of the table.</summary>
    public const char Last = '\u051D';

    // Greek Extended (polytonic Greek): none of it is in the table, but its letters decompose to look-alikes and marks.
    private const char GreekExtendedFirst = '\u1F00';
    private const char GreekExtendedLast = '\u1FFF';

    // Source, Latin. Cyrillic, then Greek; lower case, capitals, precomposed.
    private static readonly (char From, char To)[] Pairs =
    [
        // Cyrillic small letters: а е о р с у х ѕ і ј һ ӏ ԁ ԛ ԝ ү.
        ('\u0430', 'a'), ('\u0435', 'e'), ('\u043E', 'o'), ('\u0440', 'p'), ('\u0441', 'c'), ('\u0443', 'y'),
        ('\u0445', 'x'), ('\u0455', 's'), ('\u0456', 'i'), ('\u0458', 'j'), ('\u04BB', 'h'), ('\u04CF', 'l'),
        ('\u0501', 'd'), ('\u051B', 'q'), ('\u051D', 'w'), ('\u04AF', 'y'),
        // Cyrillic capitals: А В Е К М Н О Р С Т Х У Ѕ І Ј Ү Ӏ Ԛ Ԝ.
        ('\u0410', 'A'), ('\u0412', 'B'), ('\u0415', 'E'), ('\u041A', 'K'), ('\u041C', 'M'), ('\u041D', 'H'),
        ('\u041E', 'O'), ('\u0420', 'P'), ('\u0421', 'C'), ('\u0422', 'T'), ('\u0425', 'X'), ('\u0423', 'Y'),
        ('\u0405', 'S'), ('\u0406', 'I'), ('\u0408', 'J'), ('\u04AE', 'Y'), ('\u04C0', 'I'), ('\u051A', 'Q'),
        ('\u051C', 'W'),
        // Cyrillic precomposed: ѐ ё ї ӑ ӓ ӧ ӱ and their capitals.
        ('\u0450', '\u00E8'), ('\u0451', '\u00EB'), ('\u0457', '\u00EF'), ('\u04D1', '\u0103'), ('\u04D3', '\u00E4'),
        ('\u04E7', '\u00F6'), ('\u04F1', '\u00FF'), ('\u0400', '\u00C8'), ('\u0401', '\u00CB'), ('\u0407', '\u00CF'),
        ('\u04D0', '\u0102'), ('\u04D2', '\u00C4'), ('\u04E6', '\u00D6'),
        // Greek small letters: ο α ν ι κ ρ υ, lunate sigma ϲ, yot ϳ.
        ('\u03BF', 'o'), ('\u03B1', 'a'), ('\u03BD', 'v'), ('\u03B9', 'i'), ('\u03BA', 'k'), ('\u03C1', 'p'),
        ('\u03C5', 'u'), ('\u03F2', 'c'), ('\u03F3', 'j'),
        // Greek capitals: Α Β Ε Ζ Η Ι Κ Μ Ν Ο Ρ Τ Υ Χ, lunate sigma Ϲ.
        ('\u0391', 'A'), ('\u0392', 'B'), ('\u0395', 'E'), ('\u0396', 'Z'), ('\u0397', 'H'), ('\u0399', 'I'),
        ('\u039A', 'K'), ('\u039C', 'M'), ('\u039D', 'N'), ('\u039F', 'O'), ('\u03A1', 'P'), ('\u03A4', 'T'),
        ('\u03A5', 'Y'), ('\u03A7', 'X'), ('\u03F9', 'C'),
        // Greek precomposed: ό ά ί ύ ϊ ϋ and the capitals Ό Ά Ί Έ Ϊ Ϋ.
        ('\u03CC', '\u00F3'), ('\u03AC', '\u00E1'), ('\u03AF', '\u00ED'), ('\u03CD', '\u00FA'), ('\u03CA', '\u00EF'),
        ('\u03CB', '\u00FC'), ('\u038C', '\u00D3'), ('\u0386', '\u00C1'), ('\u038A', '\u00CD'), ('\u0388', '\u00C9'),
        ('\u03AA', '\u00CF'), ('\u03AB', '\u0178'),
    ];

    private static readonly char[] Table = BuildTable();

    // Every char IsLatinLetter accepts, for one vectorized scan of a text.
    private static readonly SearchValues<char> LatinLetters = SearchValues.Create(
        [.. Enumerable.Range(0, char.MaxValue + 1).Select(c => (char)c).Where(IsLatinLetter)]);

    /// <summary>The pairs of the table, for tests and documentation.</summary>
    public static ReadOnlySpan<(char From, char To)> All => Pairs;

    /// <summary>The Latin letter <paramref name="c"/> looks like, or '\0' when it is not in the table.</summary>
    public static char LatinOf(char c) => (uint)(c - First) <= Last - First ? Table[c - First] : '\0';

    /// <summary><paramref name="rune"/> read as the Latin letter it looks like, or as it is.</summary>
    public static System.Text.Rune ToLatin(System.Text.Rune rune)
    {
        char latin = rune.IsBmp ? LatinOf((char)rune.Value) : '\0';
        return latin == '\0' ? rune : new System.Text.Rune(latin);
    }

    /// <summary>Whether <paramref name="word"/> holds a char of the table's range or of Greek Extended (so
    /// <see cref="Classify"/> may fold it).</summary>
    public static bool MayHold(ReadOnlySpan<char> word) =>
        word.IndexOfAnyInRange(First, Last) >= 0 || word.IndexOfAnyInRange(GreekExtendedFirst, GreekExtendedLast) >= 0;

    /// <summary>
    /// The Latin letter <paramref name="c"/> reads as: <see cref="LatinOf"/>, or for a Cyrillic or Greek letter outside
    /// the table whose canonical decomposition starts with a look-alike (ў, Ќ, Ύ, ὀ: у, К, Υ, ο and marks), that
    /// look-alike's Latin letter; '\0' otherwise. So a word reads alike typed precomposed (NFC) and decomposed (NFD),
    /// where a look-alike and its marks stand as separate chars (review 44).
    /// </summary>
    public static char LatinBaseOf(char c)
    {
        char latin = LatinOf(c);
        if (latin != '\0')
        {
            return latin;
        }

        Span<char> decomposed = stackalloc char[CanonicalDecomposition.MaxLength];
        return DecomposeToLatin(c, decomposed) > 0 ? decomposed[0] : '\0';
    }

    /// <summary>
    /// For a letter outside the table whose canonical decomposition starts with a look-alike (<see cref="LatinBaseOf"/>),
    /// writes that decomposition with the look-alike read as its Latin letter into <paramref name="destination"/>
    /// (<see cref="CanonicalDecomposition.MaxLength"/> chars) and returns its length: ў as y + U+0306, as its NFD form
    /// reads. 0 for any other char.
    /// </summary>
    public static int DecomposeToLatin(char c, Span<char> destination)
    {
        if (LatinOf(c) != '\0' || !IsGreekOrCyrillicLetter(c))
        {
            return 0;
        }

        int length = CanonicalDecomposition.Decompose(new System.Text.Rune(c), destination);
        char latin = length > 1 ? LatinOf(destination[0]) : '\0';
        if (latin == '\0')
        {
            return 0;
        }

        destination[0] = latin;
        return length;
    }

    /// <summary>
    /// How the word <paramref name="word"/> (its chars as written) is read: <see cref="ConfusableWord.None"/> unless it
    /// holds a look-alike (<see cref="LatinBaseOf"/>) and every Cyrillic or Greek letter of it is one (a Cyrillic or
    /// Greek word with other letters, "пpивет" with a Latin p, is left alone); then <see cref="ConfusableWord.Mixed"/>
    /// where it also holds a Latin letter, <see cref="ConfusableWord.LookAlikesOnly"/> where it does not ("рау" in
    /// Cyrillic letters), except a Greek letter alone: in Latin text "α", "ρ", "ν" are symbols (the α subunit, Pearson's
    /// ρ), not the article "a" or a "p" (review 44), where a lone Cyrillic "а" or "о" is a swapped Latin letter.
    /// </summary>
    public static ConfusableWord Classify(ReadOnlySpan<char> word)
    {
        bool latin = false;
        int lookAlikes = 0;
        bool greek = false;
        foreach (char c in word)
        {
            if (LatinBaseOf(c) != '\0')
            {
                lookAlikes++;
                greek |= c < '\u0400' || (uint)(c - GreekExtendedFirst) <= GreekExtendedLast - GreekExtendedFirst;
            }
            else if (IsGreekOrCyrillicLetter(c))
            {
                return ConfusableWord.None;
            }
            else
            {
                latin |= IsLatinLetter(c);
            }
        }

        return lookAlikes == 0 ? ConfusableWord.None
            : latin ? ConfusableWord.Mixed
            : lookAlikes == 1 && greek ? ConfusableWord.None
            : ConfusableWord.LookAlikesOnly;
    }

    /// <summary>Whether <paramref name="text"/> holds a Latin letter (<see cref="IsLatinLetter"/>): without one, no word of it
    /// is read as Latin (<see cref="Classify"/> needs one in the word, <see cref="IsLatinWithLookAlikes"/> in the
    /// text).</summary>
    public static bool HoldsLatinLetter(ReadOnlySpan<char> text) => text.ContainsAny(LatinLetters);

    /// <summary>
    /// Whether <paramref name="text"/> is Latin text with look-alikes in it: every Cyrillic or Greek letter of it is a
    /// look-alike, and its Latin letters outnumber them. Russian, Ukrainian, Bulgarian or Greek text always holds letters
    /// that look like no Latin one (и л д п б ж, λ π η), so a word of look-alikes alone there ("а", "со", "ου") is
    /// read as written.
    /// </summary>
    public static bool IsLatinWithLookAlikes(ReadOnlySpan<char> text)
    {
        int latin = 0;
        int lookAlikes = 0;
        foreach (char c in text)
        {
            if (char.IsAsciiLetter(c))
            {
                latin++;
            }
            else if (c < 0x80)
            {
                continue;
            }
            else if (LatinBaseOf(c) != '\0')
            {
                lookAlikes++;
            }
            else if (IsGreekOrCyrillicLetter(c))
            {
                return false;
            }
            else if (IsLatinLetter(c))
            {
                latin++;
            }
        }

        return latin > lookAlikes;
    }

    /// <summary>A letter of the Greek and Coptic, Greek Extended, Cyrillic or Cyrillic Supplement blocks (or the
    /// extended Cyrillic ones).</summary>
    public static bool IsGreekOrCyrillicLetter(char c) =>
        ((uint)(c - '\u0370') <= '\u052F' - '\u0370' || (uint)(c - '\u1F00') <= '\u1FFF' - '\u1F00'
         || (uint)(c - '\u2DE0') <= '\u2DFF' - '\u2DE0' || (uint)(c - '\uA640') <= '\uA69F' - '\uA640'
         || (uint)(c - '\u1C80') <= '\u1C8F' - '\u1C80')
        && char.IsLetter(c);

    /// <summary>A Latin letter: ASCII, Latin-1, Latin Extended-A and -B, IPA, Latin Extended Additional, full-width, and
    /// the circled letters and small capitals <see cref="HashedNGramOptions.FoldCompatibilityForms"/> reads as Latin
    /// (Ⓐ ⓐ, ᴀ ꜰ ꜱ). Chars beyond the BMP (mathematical letters, 𝐁, and Greek ones, 𝛂, which that fold reads as α) are
    /// neither Latin letters nor look-alikes here: a word is classified by its chars as written.</summary>
    public static bool IsLatinLetter(char c) =>
        char.IsAsciiLetter(c)
        || ((uint)(c - '\u00C0') <= '\u02AF' - '\u00C0' && c is not '\u00D7' and not '\u00F7')
        || (uint)(c - '\u1E00') <= '\u1EFF' - '\u1E00'
        || (uint)(c - '\uFF21') <= '\uFF3A' - '\uFF21' || (uint)(c - '\uFF41') <= '\uFF5A' - '\uFF41'
        || (uint)(c - '\u24B6') <= '\u24E9' - '\u24B6' || (uint)(c - '\u1D00') <= '\u1D25' - '\u1D00' || c is '\uA730' or '\uA731';

    private static char[] BuildTable()
    {
        char[] table = new char[Last - First + 1];
        foreach ((char from, char to) in Pairs)
        {
            table[from - First] = to;
        }

        return table;
    }
}

/// <summary>How <see cref="ConfusableLetters.Classify"/> reads a word.</summary>
internal enum ConfusableWord
{
    /// <summary>As written: no look-alike, or a Cyrillic or Greek letter that looks like no Latin one.</summary>
    None,

    /// <summary>Look-alikes and Latin letters: read as Latin.</summary>
    Mixed,

    /// <summary>Look-alikes alone: read as Latin in Latin text (<see cref="ConfusableLetters.IsLatinWithLookAlikes"/>).</summary>
    LookAlikesOnly,
}
