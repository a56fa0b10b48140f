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
            case UnicodeCategory.PrivateUse:
                return BertCharKind.Control;
            case UnicodeCategory.Format:
                return IsUnicode9WordCharacter(rune.Value) ? BertCharKind.Word : BertCharKind.Control;
            // is_punctuation(): Pc, Pd, Ps, Pe, Pi, Pf, Po.
            case UnicodeCategory.ConnectorPunctuation:
            case UnicodeCategory.DashPunctuation:
            case UnicodeCategory.OpenPunctuation:
            case UnicodeCategory.ClosePunctuation:
            case UnicodeCategory.InitialQuotePunctuation:
            case UnicodeCategory.FinalQuotePunctuation:
            case UnicodeCategory.OtherPunctuation:
                return IsUnicode9WordCharacter(rune.Value) ? BertCharKind.Word : BertCharKind.Punctuation;
            // Po in Unicode 9 (So and Mn now).
            case UnicodeCategory.OtherSymbol when rune.Value == 0x166D:
            case UnicodeCategory.NonSpacingMark when rune.Value == 0x111C9:
                return BertCharKind.Punctuation;
            default:
                return BertCharKind.Word;
        }
    }

    /// <summary>Whether accent stripping removes <paramref name="rune"/>: a non-spacing mark (Mn) in the
    /// <c>unicode_categories</c> crate's Unicode 9.0 tables, as Hugging Face's <c>is_mark_nonspacing</c> tests; marks
    /// assigned since then stay.</summary>
    public static bool IsNonSpacingMark(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.NonSpacingMark => rune.Value != 0x111C9 && !IsUnicode9WordCharacter(rune.Value),
        UnicodeCategory.SpacingCombiningMark => rune.Value is 0x1734 or 0x1171E, // Mn in Unicode 9, Mc now
        _ => false,
    };

    /// <summary>Whether Hugging Face's Unicode 9.0 tables class <paramref name="cp"/> otherwise than this runtime's
    /// Unicode data does (the tests' comparison with Microsoft.ML.Tokenizers, which uses the runtime's, leaves them out).</summary>
    internal static bool ClassedOtherwiseByUnicode9(int cp) => IsUnicode9WordCharacter(cp) || cp is 0x166D or 0x111C9 or 0x1734 or 0x1171E;

    /// <summary>Whether <paramref name="cp"/> is one of the code points this runtime's Unicode data makes punctuation, a
    /// non-spacing mark or a format character while Hugging Face's tables make it a plain word character.</summary>
    private static bool IsUnicode9WordCharacter(int cp)
    {
        int[] bounds = Unicode9WordCharacters;
        if (cp < bounds[0] || cp > bounds[^1])
        {
            return false;
        }

        // A bound itself is in its range; otherwise an odd insertion point lies between a range's two bounds.
        int index = Array.BinarySearch(bounds, cp);
        return index >= 0 || (~index & 1) == 1;
    }

    // tokenizers takes categories from the unicode_categories crate, whose tables are Unicode 9.0's, so a character
    // assigned since then (U+061D, the Arabic marks U+08CA–U+08E1, the punctuation U+2E43–U+2E5D, scripts such as
    // Sogdian, Dives Akuru, Znamenny) is a plain word character there, while .NET's newer data (Unicode 16.0 on .NET 10)
    // makes it punctuation (a split), a non-spacing mark (stripped) or a format character (removed). Inclusive ranges,
    // ascending: the code points whose class differed when every code point up to U+31FFF and U+E0000–U+E01FF was
    // encoded as "a{c}b" with tokenizers 0.23.2 and here (review 50a; 614 code points, the 4 recategorized ones above
    // aside). Code points newer than the runtime's data are Cn here and word characters in both.
    private static readonly int[] Unicode9WordCharacters =
    [
        0x61D, 0x61D, 0x7FD, 0x7FD, 0x890, 0x891, 0x897, 0x89F, 0x8CA, 0x8E2, 0x9FD, 0x9FE, 0xA76, 0xA76, 0xAFA, 0xAFF,
        0xB55, 0xB55, 0xC04, 0xC04, 0xC3C, 0xC3C, 0xC77, 0xC77, 0xC84, 0xC84, 0xD00, 0xD00, 0xD3B, 0xD3C, 0xD81, 0xD81,
        0xEBA, 0xEBA, 0xECE, 0xECE, 0x180F, 0x180F, 0x1885, 0x1886, 0x1ABF, 0x1ACE, 0x1B4E, 0x1B4F, 0x1B7D, 0x1B7F,
        0x1DF6, 0x1DFB, 0x2E43, 0x2E4F, 0x2E52, 0x2E5D, 0xA82C, 0xA82C, 0xA8C5, 0xA8C5, 0xA8FF, 0xA8FF, 0xA9BD, 0xA9BD,
        0x10D24, 0x10D27, 0x10D69, 0x10D6E, 0x10EAB, 0x10EAD, 0x10EFC, 0x10EFF, 0x10F46, 0x10F50, 0x10F55, 0x10F59,
        0x10F82, 0x10F89, 0x11070, 0x11070, 0x11073, 0x11074, 0x110C2, 0x110C2, 0x110CD, 0x110CD, 0x111CF, 0x111CF,
        0x1123E, 0x1123E, 0x11241, 0x11241, 0x1133B, 0x1133B, 0x113BB, 0x113C0, 0x113CE, 0x113CE, 0x113D0, 0x113D0,
        0x113D2, 0x113D2, 0x113D4, 0x113D5, 0x113D7, 0x113D8, 0x113E1, 0x113E2, 0x11438, 0x1143F, 0x11442, 0x11444,
        0x11446, 0x11446, 0x1144B, 0x1144F, 0x1145A, 0x1145B, 0x1145D, 0x1145E, 0x11660, 0x1166C, 0x116B9, 0x116B9,
        0x1182F, 0x11837, 0x11839, 0x1183B, 0x1193B, 0x1193C, 0x1193E, 0x1193E, 0x11943, 0x11946, 0x119D4, 0x119D7,
        0x119DA, 0x119DB, 0x119E0, 0x119E0, 0x119E2, 0x119E2, 0x11A01, 0x11A0A, 0x11A33, 0x11A38, 0x11A3B, 0x11A47,
        0x11A51, 0x11A56, 0x11A59, 0x11A5B, 0x11A8A, 0x11A96, 0x11A98, 0x11A9C, 0x11A9E, 0x11AA2, 0x11B00, 0x11B09,
        0x11BE1, 0x11BE1, 0x11C30, 0x11C36, 0x11C38, 0x11C3D, 0x11C3F, 0x11C3F, 0x11C41, 0x11C45, 0x11C70, 0x11C71,
        0x11C92, 0x11CA7, 0x11CAA, 0x11CB0, 0x11CB2, 0x11CB3, 0x11CB5, 0x11CB6, 0x11D31, 0x11D36, 0x11D3A, 0x11D3A,
        0x11D3C, 0x11D3D, 0x11D3F, 0x11D45, 0x11D47, 0x11D47, 0x11D90, 0x11D91, 0x11D95, 0x11D95, 0x11D97, 0x11D97,
        0x11EF3, 0x11EF4, 0x11EF7, 0x11EF8, 0x11F00, 0x11F01, 0x11F36, 0x11F3A, 0x11F40, 0x11F40, 0x11F42, 0x11F4F,
        0x11F5A, 0x11F5A, 0x11FFF, 0x11FFF, 0x12FF1, 0x12FF2, 0x13430, 0x13440, 0x13447, 0x13455, 0x1611E, 0x16129,
        0x1612D, 0x1612F, 0x16D6D, 0x16D6F, 0x16E97, 0x16E9A, 0x16F4F, 0x16F4F, 0x16FE2, 0x16FE2, 0x16FE4, 0x16FE4,
        0x1CF00, 0x1CF2D, 0x1CF30, 0x1CF46, 0x1E000, 0x1E006, 0x1E008, 0x1E018, 0x1E01B, 0x1E021, 0x1E023, 0x1E024,
        0x1E026, 0x1E02A, 0x1E08F, 0x1E08F, 0x1E130, 0x1E136, 0x1E2AE, 0x1E2AE, 0x1E2EC, 0x1E2EF, 0x1E4EC, 0x1E4EF,
        0x1E5EE, 0x1E5EF, 0x1E5FF, 0x1E5FF, 0x1E944, 0x1E94A, 0x1E95E, 0x1E95F
    ];

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
