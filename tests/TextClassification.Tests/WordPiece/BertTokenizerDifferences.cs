using System.Globalization;
using System.Text;
using TextClassification.Tokenization;

namespace TextClassification.Tests.WordPiece;

/// <summary>
/// The documented differences between Microsoft.ML.Tokenizers' <c>BertTokenizer</c> (2.0.1) and Hugging Face's BERT
/// tokenization, which we follow (docs/design.md, "WordPiece tokenizer"). <see cref="Neutralize"/> replaces every code
/// point on which the two disagree by a space, so the peer can be compared with us on the rest of any text.
/// </summary>
public static class BertTokenizerDifferences
{
    /// <summary>The text with each code point in a difference class (and each lone surrogate) replaced by a space.</summary>
    public static string Neutralize(string text)
    {
        var builder = new StringBuilder(text.Length);
        int i = 0;
        while (i < text.Length)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out Rune rune, out int consumed) != System.Buffers.OperationStatus.Done)
            {
                builder.Append(' '); // 1. lone surrogate: BertTokenizer throws; we read U+FFFD and drop it
                i += consumed;
                continue;
            }

            if (Differs(rune))
            {
                builder.Append(' ');
            }
            else
            {
                builder.Append(text, i, consumed);
            }

            i += consumed;
        }

        return builder.ToString();
    }

    /// <summary>Whether the peer treats <paramref name="rune"/> differently (see the numbered list in docs/design.md).</summary>
    public static bool Differs(Rune rune)
    {
        int cp = rune.Value;
        if (cp is '\t' or '\n' or '\r')
        {
            return true; // 2. removed as Cc by the peer, joining words; white space for BERT
        }

        if (!rune.IsBmp)
        {
            return true; // 3. the peer's \w regex sees surrogates, never a supplementary letter, ideograph or emoji
        }

        if (cp is >= 0x1100 and <= 0x11FF or >= 0xA960 and <= 0xA97F or >= 0xAC00 and <= 0xD7FF)
        {
            return true; // 4. the peer recomposes NFC after stripping accents: Hangul stays syllables, not jamo
        }

        if (cp == 0x3400)
        {
            return true; // 12. the peer's CJK test starts at 0x3400 exclusive (codePoint > 0x3400): U+3400 joins words there
        }

        if (BertCharClassifier.ClassedOtherwiseByUnicode9(cp))
        {
            return true; // 14. Hugging Face's Unicode 9.0 categories (U+061D a word character, U+166D punctuation): the peer uses .NET's
        }

        if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.OtherNotAssigned)
        {
            return true; // 7. Cn; checked before normalizing, which throws on noncharacters such as U+FFFE
        }

        foreach (Rune part in rune.ToString().Normalize(NormalizationForm.FormD).EnumerateRunes())
        {
            if (!part.IsBmp)
            {
                return true; // 3. again, reached through NFD: CJK compatibility ideographs such as U+FACF decompose to U+2284A
            }

            switch (Rune.GetUnicodeCategory(part))
            {
                case UnicodeCategory.MathSymbol:
                case UnicodeCategory.CurrencySymbol:
                case UnicodeCategory.ModifierSymbol:
                case UnicodeCategory.OtherSymbol:          // 5. symbols: dropped by the peer's \w+|\p{P} regex
                case UnicodeCategory.ConnectorPunctuation: // 6. '_' and other Pc: inside \w for the peer, punctuation for BERT
                case UnicodeCategory.Format:
                case UnicodeCategory.PrivateUse:
                case UnicodeCategory.OtherNotAssigned:     // 7. Cf/Co/Cn: a word break for the peer; Cf/Co removed (no break) by BERT, Cn a word char
                case UnicodeCategory.LetterNumber:
                case UnicodeCategory.OtherNumber:          // 8. Nl/No (², Ⅻ): dropped by the peer, word chars for BERT
                case UnicodeCategory.SpacingCombiningMark: // 9. Mc: stripped by the peer with accents; BERT strips Mn only
                case UnicodeCategory.EnclosingMark:        // 10. Me: dropped by the peer, word chars for BERT
                case UnicodeCategory.TitlecaseLetter:      // 11. Lt (ǅ): not lower-cased by the peer (it lowers Lu only)
                    return true;
            }
        }

        return false;
    }
}
