using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TextClassification.Tests.Tokenization;
using TextClassification.Tokenization;
using BertTokenizer = Microsoft.ML.Tokenizers.BertTokenizer;

namespace TextClassification.Tests.WordPiece;

/// <summary>On arbitrary strings: the vectorized path equals the scalar reference, our ids equal
/// Microsoft.ML.Tokenizers' BertTokenizer's wherever no documented difference applies, and offsets map back.</summary>
public sealed class WordPiecePropertyTests
{
    private static readonly WordPieceTokenizer Uncased = WordPieceTestVocab.Create();
    private static readonly BertTokenizer Peer = WordPieceTestVocab.CreatePeer();

    private static readonly WordPieceTokenizer[] Variants =
    [
        Uncased,
        WordPieceTestVocab.Create(new WordPieceOptions { Lowercase = false }),
        WordPieceTestVocab.Create(new WordPieceOptions { CleanText = false, HandleChineseCharacters = false }),
        WordPieceTestVocab.Create(new WordPieceOptions { StripAccents = false, MaxInputCharsPerWord = 5, SpecialTokens = [] }),
    ];

    [Property(MaxTest = 300)]
    public void Vectorized_equals_scalar_on_default_strings(string? text)
    {
        foreach (WordPieceTokenizer tokenizer in Variants)
        {
            AssertSame(tokenizer, text ?? string.Empty);
        }
    }

    [Property(Arbitrary = [typeof(TextArbitraries)], MaxTest = 300)]
    public void Vectorized_equals_scalar_on_mixed_text(MixedText text)
    {
        foreach (WordPieceTokenizer tokenizer in Variants)
        {
            AssertSame(tokenizer, text.Value);
        }
    }

    [Fact]
    public void Vectorized_equals_scalar_at_every_length_up_to_256()
    {
        var random = new Random(7);
        const string alphabet = "abcXYZ019 ,.$_\t\n\u0001é中\u00A0\u200BİΣ\uD83D\uDE00\u007F\u0080";
        for (int length = 0; length <= 256; length++)
        {
            for (int trial = 0; trial < 4; trial++)
            {
                var chars = new char[length];
                for (int i = 0; i < length; i++)
                {
                    // Mostly letters so long words and word boundaries at every position occur.
                    chars[i] = random.Next(4) == 0 ? alphabet[random.Next(alphabet.Length)] : alphabet[random.Next(6)];
                }

                foreach (WordPieceTokenizer tokenizer in Variants)
                {
                    AssertSame(tokenizer, new string(chars));
                }
            }
        }
    }

    [Property(Arbitrary = [typeof(TextArbitraries)], MaxTest = 300)]
    public void EncodeToIds_gives_the_ids_of_Encode_without_padding(MixedText text)
    {
        int[] all = new int[Uncased.Options.MaxLength];
        int[] short8 = new int[8];

        int count = Uncased.EncodeToIds(text.Value, all);
        int truncated = Uncased.EncodeToIds(text.Value, short8);

        WordPieceEncoding expected = Uncased.Encode(text.Value);
        Assert.Equal(expected.Ids.ToArray(), all[..count]);
        // A short buffer truncates like a short row: the first tokens, then [SEP].
        Assert.Equal(Math.Min(8, expected.Ids.Length), truncated);
        Assert.Equal(expected.Ids.ToArray()[..(truncated - 1)], short8[..(truncated - 1)]);
        Assert.Equal(Uncased.SeparatorTokenId, short8[truncated - 1]);
    }

    [Property(Arbitrary = [typeof(TextArbitraries)], MaxTest = 200)]
    public void Two_encodings_of_one_text_are_equal_and_differ_when_a_value_does(MixedText text)
    {
        WordPieceEncoding first = Uncased.Encode(text.Value);
        WordPieceEncoding second = Uncased.Encode(text.Value);

        // A record compares arrays by reference: these had been unequal.
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        int[] ids = [.. first.Ids];
        ids[^1]++;
        Assert.NotEqual(first, first with { Ids = ids });
        Assert.NotEqual(first, first with { Offsets = [.. first.Offsets.Select(o => o with { End = o.End + 1 })] });
    }

    [Property(MaxTest = 300)]
    public void Ids_equal_BertTokenizer_outside_documented_differences_on_default_strings(string? text)
    {
        AssertSameAsPeer(BertTokenizerDifferences.Neutralize(text ?? string.Empty));
    }

    [Property(Arbitrary = [typeof(TextArbitraries)], MaxTest = 500)]
    public void Ids_equal_BertTokenizer_outside_documented_differences_on_mixed_text(MixedText text)
    {
        AssertSameAsPeer(BertTokenizerDifferences.Neutralize(text.Value));
    }

    [Property(Arbitrary = [typeof(TextArbitraries)], MaxTest = 300)]
    public void Offsets_map_back_to_the_substrings_the_tokens_came_from(MixedText text)
    {
        string value = text.Value;
        WordPieceEncoding encoding = Uncased.Encode(value);
        int previousStart = 0;
        for (int i = 1; i < encoding.Ids.Length - 1; i++)
        {
            TokenOffset offset = encoding.Offsets[i];
            Assert.InRange(offset.Start, previousStart, value.Length);
            Assert.InRange(offset.End, offset.Start + 1, value.Length);
            previousStart = offset.Start;
            if (encoding.Ids[i] == Uncased.UnknownTokenId || encoding.Ids[i] <= 4)
            {
                continue;
            }

            string token = Uncased.Vocabulary.GetToken(encoding.Ids[i]);
            string piece = token.StartsWith("##", StringComparison.Ordinal) ? token[2..] : token;
            string covered = ReferenceNormalize(value[offset.Start..offset.End]);
            Assert.True(covered.Contains(piece, StringComparison.Ordinal),
                $"token '{token}' at [{offset.Start}, {offset.End}) covers '{value[offset.Start..offset.End]}', normalized '{covered}'");
        }
    }

    private static void AssertSame(WordPieceTokenizer tokenizer, string text)
    {
        WordPieceEncoding vectorized = tokenizer.Encode(text);
        WordPieceEncoding scalar = tokenizer.AsScalarReference().Encode(text);
        Assert.Equal(scalar.Ids, vectorized.Ids);
        Assert.Equal(scalar.Offsets, vectorized.Offsets);
    }

    private static void AssertSameAsPeer(string text)
    {
        Assert.Equal(string.Join(',', Peer.EncodeToIds(text)), string.Join(',', Uncased.Encode(text).Ids));
    }

    // An independent normalization (ICU's NFD, Mn removed, invariant lower-casing, clean-up's removals: Cc, Cf, Co and
    // U+FFFD). Cn is dropped here too, though HF keeps it as a word character: a word holding one is [UNK], which this
    // test skips, so no covered token changes.
    private static string ReferenceNormalize(string text)
    {
        var valid = new StringBuilder();
        foreach (Rune rune in text.EnumerateRunes())
        {
            // Lone surrogates enumerate as U+FFFD; clean-up removes it, private-use and unassigned code points here
            // (before NFD, which throws on noncharacters such as U+FFFE).
            UnicodeCategory category = Rune.GetUnicodeCategory(rune);
            if (rune.Value == 0xFFFD || category is UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
            {
                continue;
            }

            valid.Append(rune.ToString());
        }

        var builder = new StringBuilder();
        // By code point, so a format char beyond the BMP (U+E0001, a tag) is removed as BERT's clean-up removes it, not
        // kept as two surrogate chars.
        foreach (Rune rune in valid.ToString().Normalize(NormalizationForm.FormD).EnumerateRunes())
        {
            UnicodeCategory category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.Control or UnicodeCategory.Format || rune.Value == 0xFFFD)
            {
                continue;
            }

            builder.Append(rune.ToString());
        }

        return builder.ToString().ToLowerInvariant();
    }
}
