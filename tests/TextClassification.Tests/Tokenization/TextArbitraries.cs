using FsCheck;
using FsCheck.Fluent;

namespace TextClassification.Tests.Tokenization;

/// <summary>A text built from chunks that stress the scanner; a wrapper so FsCheck's own string generator stays the default.</summary>
public sealed record MixedText(string Value)
{
    public override string ToString()
    {
        // Escape everything outside printable ASCII so a failing case can be pasted back into a test.
        var builder = new System.Text.StringBuilder("\"");
        foreach (char c in Value)
        {
            builder.Append(c is >= ' ' and < '\u007F' and not '"' and not '\\' ? c.ToString() : $"\\u{(int)c:X4}");
        }

        return $"MixedText({Value.Length} chars: {builder}\")";
    }
}

/// <summary>Generators of texts mixing ASCII words, punctuation, whitespace and control characters, NUL, accented
/// letters, CJK, emoji (surrogate pairs), lone high and low surrogates, right-to-left scripts, format chars inside words and very long words.</summary>
public static class TextArbitraries
{
    private static readonly Gen<string> AsciiWords = Gen.Elements(
        "hello", "World", "ABC", "x", "42", "a1b2", "don", "t", "HTTP", "mIxEd", "Zz9", "0",
        "C#", "c++", "F#", "a+b", "x##", "n+++", "é#", "#tag", "1+");

    private static readonly Gen<string> Punctuation = Gen.Elements(
        ",", ".", "!", "?", "-", "_", "'", "\"", "(", ")", "@", "#", "$", "~", "`", "{", "}", "\\", "/", "<", ">", "+", "++", "#+");

    private static readonly Gen<string> Separators = Gen.Elements(
        " ", "  ", "\t", "\n", "\r\n", "\0", "\u0001", "\u001F", "\u007F", "\u00A0", "\u0085", "\u2028", "\u2029",
        "\u200B", "\u200F", "\u3000", "\uFEFF");

    private static readonly Gen<string> Accented = Gen.Elements(
        "é", "café", "naïve", "ÜNÏCÖDÉ", "e\u0301", "ß", "İstanbul", "ΣΊΣΥΦΟΣ", "ς", "\u212A", "ǅ", "Ø", "ﬁ", "Ⅻ", "²",
        "\u0301", "a\u0301\u0302", "Tiếng Việt", "हिंदी", "x\u1DC0y", "\u0300\u0301", "\u0301abc", "\u0301#", "≠", "∉", "΅", "῭",
        "ＡＴＭ", "ｃａｒｄ１２", "！？", "Ｃ＃", "Ｃ＋＋", "ＡＴＭcard", "x＃＃＃");

    private static readonly Gen<string> Cjk = Gen.Elements(
        "中文", "日本語", "\U00020000", "\U0002A700", "한국어", "ひらがな", "カタカナ", "\uF900", "\U0002F800",
        "ภาษาไทยไม่มีช่องว่าง", "ພາສາລາວ", "ភាសាខ្មែរ", "မြန်မာ", "ﾊﾝｶｸ", "ㇰㇱ", "abcภาษา", "ไทย123");

    private static readonly Gen<string> Emoji = Gen.Elements(
        "😀", "👍🏽", "🇫🇷", "👨\u200D👩\u200D👧", "🎉", "\U0001D400", "\U00010400", "\U00010428", "𝄞");

    private static readonly Gen<string> LoneSurrogates = Gen.Elements(
        "\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uDC00\uD800", "a\uD83D", "\uDE00b", "\uD83D\uD83D");

    private static readonly Gen<string> RightToLeft = Gen.Elements(
        "مرحبا", "שלום", "العربية", "\u200F", "\u202B", "١٢٣", "עִבְרִית",
        // Arabic harakat, shadda, tatweel, hamza forms and Quranic signs; Hebrew points, cantillation, maqaf, sof pasuq
        "مُحَمَّدٌ", "كِتَابٌ", "عـــربي", "ـ", "\u064B\u0650", "\u0651ب", "أَإِآ", "ؤئ", "الْقُرْآنِ\u06D6", "\u0670\u08F0x",
        "שָׁלוֹם", "בְּרֵאשִׁ֖ית", "\u05B0\u05B8", "\u05BC#", "בית־ספר", "סוף׃", "\u05C0\u05C6", "\uFB2A\uFB4B",
        // Conjoining Hangul jamo: L V, L V T, lone L, V and T, an LV syllable + T, and jamo beside ASCII and marks
        "\u1112\u1161\u11AB\u1100\u116E\u11A8", "\u1100\u1161", "\u1100", "\u1161", "\u11A8", "\u1100\u1100\u1161",
        "\uAC00\u11A8", "a\u1100\u1161b", "\u1100\u1161\u11A8\u11A8", "\u1112\u1161\u0301", "\u1100\u1161#");

    // Compatibility forms: half-width katakana with voicing marks, NFD kana, Arabic presentation forms (a ligature, the
    // isolated harakat, which are not folded), math, enclosed and small-capital letters, Latin ligatures.
    private static readonly Gen<string> Compatibility = Gen.Elements(
        "ｶﾞｲﾄﾞ", "ﾊﾟﾝ", "ﾞ", "ｱﾞ", "カ\u3099", "\u309A", "ﻣﺮﺣﺒﺎ", "ﻻ", "ﷲ", "\uFE70", "\uFDFA", "𝐁𝐚𝐧𝐤", "𝟏𝟐", "𝛂", "ⓑⓐⓝⓚ",
        "🄱🅐🅰", "ʙᴀɴᴋ", "ǫ", "ﬁne", "x\uD835", "Ⓒ#", "a𝐁#");

    // Format chars (Cf) inside words, in runs, at a word's edges, next to symbols, emoji and split-script chars, and alone
    // (so they land between other chunks); U+E0001 and U+E0041 are format chars beyond the BMP.
    private static readonly Gen<string> FormatChars = Gen.Elements(
        "ad\u200Bdress", "pay\u00ADment", "pa\u200Fris", "zero\u200C\u200Dwidth", "wo\u2060rd", "a\uFEFFb", "x\u202A\u202Cy",
        "\u2066in\u2069side", "\u061Cعر\u200Fبي", "c\u200B#", "c#\u200Bx", "a\u200B\u200B", "\u00ADa", "\u200E", "\u00AD", "\u2069",
        "a\uDB40\uDC01b", "\uDB40\uDC41", "e\u0301\u200B\u0301", "\U0001F468\u200D\U0001F469", "ไ\u200Bทย", "中\u200B文",
        "\u1100\u200B\u1161", "ｶ\u200Bﾞ", "Ⓐ\u200BⒷ", "A\u200BBC", "x\u200B\uD800y", "ab\u200B ", "ÉCOLE\u00AD");

    // Cyrillic and Greek look-alikes (FoldConfusables): inside Latin words (lower case, capitals, precomposed, NFD, with a
    // format char, before a symbol suffix, past the 64-char buffer), precomposed letters on a look-alike that the table
    // lacks (ў, Ύ, polytonic ὀ), words of look-alikes alone, lone Greek letters, and Russian and Greek words, whose
    // other letters keep them as written.
    private static readonly Gen<string> LookAlikes = Gen.Elements(
        "frее", "mоnеy", "Раris", "FRЕЕ", "с#", "с++", "cafё", "naïvе",
        "ёx", "рa​у", "рау", "ονερ", "ΤΟ", "привет",
        "Привет", "καλημέρα", "pривет", "а", "со",
        "іѕ", "xӏӀy", "ԁԛԝһ", "ҮүϲϳϹ", "ЗЗa", "άόίa",
        new string('a', 62) + "еее", "е" + new string('b', 70),
        "boўk", "tӗst", "Ќey", "Ύes", "nὀw", "Kΐte", "ὀν", "α", "ρ", "и ў");

    // Letters spaced or dotted apart (JoinSpacedLetters): runs with each separator, capitals, accents precomposed and NFD,
    // full-width, small-capital and Cyrillic letters, a run before a symbol suffix and after a chain, runs of two, mixed
    // separators, two spaces, digits, a format char after a letter, Hangul syllables.
    private static readonly Gen<string> SpacedLetters = Gen.Elements(
        "F R E E", "f.r.e.e", "c-a-s-h", "f_r_e_e", "f*r*e*e", "f\u00B7r\u00B7e", "F. R. E. E.", "U.S.A.", "u.s.a", "a b", "a.b",
        "F.R E.E", "F  R  E", "1 2 3", "a 1 b", "c a f \u00E9", "c a f e\u0301", "e\u0301.x.y.", "\uFF26 \uFF32 \uFF25", "\u1D00 \u0299 \u1D04",
        "\u0430 \u0431 \u0432", "\u0440 \u0430 \u0443", "a b c#", "www.a.b.c", "x-y-z-", "a\u200B b c", "a b\u200Bc d", "\uD55C \uAD6D \uC5B4",
        "a. b. c", "s. i. m.", "I O U\u0301", "\U0001D41A \U0001D41B \U0001D41C", "\u24B6 \u24B7 \u24B8", "x y z ", " q r s");

    private static readonly Gen<char> LetterOrDigit = Gen.Elements("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".ToCharArray());

    // Longer than the 64-char token buffer, sometimes much longer, sometimes continuing with non-ASCII letters or
    // surrogate pairs right at the buffer boundary.
    private static readonly Gen<string> LongWords =
        from length in Gen.Frequency((3, Gen.Choose(60, 70)), (2, Gen.Choose(65, 200)), (1, Gen.Choose(1000, 1300)))
        from letters in Gen.ArrayOf(LetterOrDigit, length)
        from tail in Gen.Elements("", "é", "É", "\U00010400", "e\u0301", "中", "\uD800", "ab", "#", "++", "+#x")
        select new string(letters) + tail;

    private static readonly Gen<string> AnyChar = Gen.Choose(0, 0xFFFF).Select(c => ((char)c).ToString());

    private static readonly Gen<string> Chunk = Gen.Frequency(
        (6, AsciiWords),
        (3, Punctuation),
        (4, Separators),
        (3, Accented),
        (2, Cjk),
        (2, Emoji),
        (2, LoneSurrogates),
        (2, RightToLeft),
        (2, Compatibility),
        (2, FormatChars),
        (2, LookAlikes),
        (2, SpacedLetters),
        (1, LongWords),
        (2, AnyChar));

    public static Arbitrary<MixedText> MixedText() =>
        Chunk.ListOf().Select(chunks => new MixedText(string.Concat(chunks))).ToArbitrary();
}
