using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace TextClassification.Tokenization;

/// <summary>
/// The character classes of Hugging Face's BertNormalizer and BertPreTokenizer, per code point.
/// Mirrors tokenizers/src/normalizers/bert.rs (<c>is_whitespace</c>, <c>is_control</c>, <c>is_chinese_char</c>) and
/// tokenizers/src/pre_tokenizers/bert.rs (<c>is_bert_punc</c>):
/// https://github.com/huggingface/tokenizers/blob/v0.21.0/tokenizers/src/normalizers/bert.rs#L8-L52
/// </summary>
internal static class BertCharClassifier
{
    /// <summary>Classifies an ASCII char (below 0x80) by the same rules as <see cref="Classify(Rune)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BertCharKind ClassifyAscii(char c)
    {
        if (c is ' ' or '\t' or '\n' or '\r')
        {
            return BertCharKind.Whitespace;
        }

        if (c < ' ' || c == '\u007F')
        {
            // \v, \f and the other C0 controls are Cc: clean_text removes them before it maps white space.
            return BertCharKind.Control;
        }

        return char.IsAsciiLetterOrDigit(c) ? BertCharKind.Word : BertCharKind.Punctuation;
    }

    /// <summary>Classifies any code point (U+FFFD counts as <see cref="BertCharKind.Control"/>, as clean_text removes it).</summary>
    public static BertCharKind Classify(Rune rune)
    {
        if (rune.IsAscii)
        {
            return ClassifyAscii((char)rune.Value);
        }

        // U+0085 is both Cc and White_Space: clean_text filters controls before it maps white space, so it goes.
        if (rune.Value == 0x85 || rune.Value == 0xFFFD)
        {
            return BertCharKind.Control;
        }

        if (IsWhitespace(rune.Value))
        {
            return BertCharKind.Whitespace;
        }

        switch (Rune.GetUnicodeCategory(rune))
        {
            // unicode_categories' is_other(): Cc, Cf, Co (Cs cannot occur in a Rust char). Not Cn: the crate's tables
            // come from UnicodeData.txt, which lists no unassigned code point, so HF keeps them as word characters; a
            // code point this runtime's Unicode data does not know yet (a new emoji) must become [UNK], not vanish.
            case UnicodeCategory.Control:
            case UnicodeCategory.Format:
            case UnicodeCategory.PrivateUse:
                return BertCharKind.Control;
            // is_punctuation(): Pc, Pd, Ps, Pe, Pi, Pf, Po.
            case UnicodeCategory.ConnectorPunctuation:
            case UnicodeCategory.DashPunctuation:
            case UnicodeCategory.OpenPunctuation:
            case UnicodeCategory.ClosePunctuation:
            case UnicodeCategory.InitialQuotePunctuation:
            case UnicodeCategory.FinalQuotePunctuation:
            case UnicodeCategory.OtherPunctuation:
                return BertCharKind.Punctuation;
            default:
                return BertCharKind.Word;
        }
    }

    /// <summary>Rust's <c>char::is_whitespace</c> (the Unicode White_Space property), which BERT uses for both
    /// clean-up and splitting.</summary>
    public static bool IsWhitespace(int cp) => cp switch
    {
        >= 0x09 and <= 0x0D => true,
        0x20 or 0x85 or 0xA0 or 0x1680 => true,
        >= 0x2000 and <= 0x200A => true,
        0x2028 or 0x2029 or 0x202F or 0x205F or 0x3000 => true,
        _ => false,
    };

    /// <summary>The CJK ideograph ranges of <c>is_chinese_char</c>. Compare code points, not chars: four of the
    /// ranges lie above U+FFFF. (Hugging Face's list has 0x2B920 where Google's BERT has 0x2B820; we follow
    /// Hugging Face.)</summary>
    public static bool IsChinese(int cp) =>
        (uint)(cp - 0x4E00) <= 0x9FFF - 0x4E00 ||
        (uint)(cp - 0x3400) <= 0x4DBF - 0x3400 ||
        (uint)(cp - 0x20000) <= 0x2A6DF - 0x20000 ||
        (uint)(cp - 0x2A700) <= 0x2B73F - 0x2A700 ||
        (uint)(cp - 0x2B740) <= 0x2B81F - 0x2B740 ||
        (uint)(cp - 0x2B920) <= 0x2CEAF - 0x2B920 ||
        (uint)(cp - 0xF900) <= 0xFAFF - 0xF900 ||
        (uint)(cp - 0x2F800) <= 0x2FA1F - 0x2F800;
}
