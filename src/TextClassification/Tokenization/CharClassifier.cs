using System.Globalization;
using System.Text;

namespace TextClassification.Tokenization;

/// <summary>
/// The scalar reference classification of code points, used for every non-ASCII character and by the
/// scalar scanning path for all characters. The vectorized path must agree with it on ASCII.
/// </summary>
internal static class CharClassifier
{
    /// <summary>Classifies an ASCII character (value below 0x80).</summary>
    public static CharKind ClassifyAscii(char c)
    {
        if (c <= ' ' || c == '\u007F')
        {
            return CharKind.Separator;
        }

        return char.IsAsciiLetterOrDigit(c) ? CharKind.Word : CharKind.Symbol;
    }

    /// <summary>Classifies any Unicode scalar value.</summary>
    public static CharKind Classify(Rune rune)
    {
        if (rune.IsAscii)
        {
            return ClassifyAscii((char)rune.Value);
        }

        // CJK ideographs carry no spaces between words: like BERT's basic tokenizer, each is a token.
        // A char compared with ranges above U+FFFF never matches, hence Rune.
        if (IsCjkIdeograph(rune.Value))
        {
            return CharKind.Symbol;
        }

        switch (Rune.GetUnicodeCategory(rune))
        {
            case UnicodeCategory.UppercaseLetter:
            case UnicodeCategory.LowercaseLetter:
            case UnicodeCategory.TitlecaseLetter:
            case UnicodeCategory.ModifierLetter:
            case UnicodeCategory.OtherLetter:
            case UnicodeCategory.NonSpacingMark:
            case UnicodeCategory.SpacingCombiningMark:
            case UnicodeCategory.EnclosingMark:
            case UnicodeCategory.DecimalDigitNumber:
            case UnicodeCategory.LetterNumber:
            case UnicodeCategory.OtherNumber:
                return CharKind.Word;
            case UnicodeCategory.SpaceSeparator:
            case UnicodeCategory.LineSeparator:
            case UnicodeCategory.ParagraphSeparator:
            case UnicodeCategory.Control:
            case UnicodeCategory.Format:
                return CharKind.Separator;
            default:
                return CharKind.Symbol;
        }
    }

    /// <summary>
    /// Whether <paramref name="cp"/> belongs to a script written without spaces between words, whose chars
    /// <see cref="HashedNGramOptions.SplitUnspacedScripts"/> makes tokens of their own: Thai, Lao, Myanmar, Khmer,
    /// hiragana, katakana (with its phonetic extensions and half-width forms). Their combining marks are in the same
    /// blocks, so they become tokens too.
    /// </summary>
    public static bool IsUnspacedScript(int cp) =>
        (cp >= 0x0E00 && cp <= 0x0EFF) || // Thai, Lao
        (cp >= 0x1000 && cp <= 0x109F) || // Myanmar
        (cp >= 0x1780 && cp <= 0x17FF) || // Khmer
        (cp >= 0x3040 && cp <= 0x30FF) || // hiragana, katakana
        (cp >= 0x31F0 && cp <= 0x31FF) || // katakana phonetic extensions
        (cp >= 0xFF66 && cp <= 0xFF9F);   // half-width katakana

    // The ranges BERT's tokenizer treats as CJK ideographs.
    // https://github.com/google-research/bert/blob/eedf5716ce1268e56f0a50264a88cafad334ac61/tokenization.py#L264
    internal static bool IsCjkIdeograph(int cp) =>
        (cp >= 0x4E00 && cp <= 0x9FFF) ||
        (cp >= 0x3400 && cp <= 0x4DBF) ||
        (cp >= 0x20000 && cp <= 0x2A6DF) ||
        (cp >= 0x2A700 && cp <= 0x2B73F) ||
        (cp >= 0x2B740 && cp <= 0x2B81F) ||
        (cp >= 0x2B820 && cp <= 0x2CEAF) ||
        (cp >= 0xF900 && cp <= 0xFAFF) ||
        (cp >= 0x2F800 && cp <= 0x2FA1F);
}
