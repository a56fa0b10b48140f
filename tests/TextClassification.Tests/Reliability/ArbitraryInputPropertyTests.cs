using FsCheck.Xunit;
using TextClassification.Tests.Tokenization;
using TextClassification.Tests.WordPiece;
using TextClassification.Tokenization;

namespace TextClassification.Tests.Reliability;

/// <summary>FsCheck over arbitrary strings (FsCheck's own, and the scanner-stressing <see cref="MixedText"/>) through
/// the whole <c>Classify</c> path of a single model and an ensemble, and through every WordPiece variant with small
/// and large <c>MaxLength</c>: never an exception, always a distribution, always within the length bound.</summary>
public sealed class ArbitraryInputPropertyTests
{
    private static readonly WordPieceTokenizer[] WordPieces =
    [
        Create(new WordPieceOptions { MaxLength = 8 }),
        Create(new WordPieceOptions { MaxLength = 3, Lowercase = false }),
        Create(new WordPieceOptions { MaxLength = 64, CleanText = false, HandleChineseCharacters = false }),
        Create(new WordPieceOptions { MaxLength = 512, StripAccents = false, MaxInputCharsPerWord = 5, SpecialTokens = [] }),
    ];

    [Property(MaxTest = 300)]
    public void Classify_gives_a_distribution_for_any_string(string? text) => CheckClassify(text);

    [Property(Arbitrary = [typeof(TextArbitraries)], MaxTest = 300)]
    public void Classify_gives_a_distribution_for_mixed_text(MixedText text) => CheckClassify(text.Value);

    [Property(MaxTest = 300)]
    public void WordPiece_encodes_any_string_within_MaxLength(string? text) => CheckWordPiece(text ?? string.Empty);

    [Property(Arbitrary = [typeof(TextArbitraries)], MaxTest = 300)]
    public void WordPiece_encodes_mixed_text_within_MaxLength(MixedText text) => CheckWordPiece(text.Value);

    [Fact]
    public void WordPiece_on_ten_MiB_texts_stays_within_MaxLength()
    {
        WordPieceTokenizer tokenizer = WordPieces[0];
        foreach (char c in new[] { 'a', ' ', '!', '\uD800', '中', '\u3000' })
        {
            var text = new string(c, 5 << 20);
            WordPieceEncoding encoding = tokenizer.Encode(text);

            Assert.InRange(encoding.Ids.Length, 2, tokenizer.Options.MaxLength);
            Assert.Equal(tokenizer.ClassificationTokenId, encoding.Ids[0]);
            Assert.Equal(tokenizer.SeparatorTokenId, encoding.Ids[^1]);
        }
    }

    // WordPieceTestVocab.Create lifts MaxLength for its parity tests; here the bound is the point.
    private static WordPieceTokenizer Create(WordPieceOptions options) =>
        WordPieceTokenizer.Create(WordPieceVocabulary.Create(WordPieceTestVocab.Tokens), options);

    private static void CheckClassify(string? text)
    {
        foreach (TextClassifier model in ReliabilityModels.Both)
        {
            if (text is null)
            {
                Assert.Throws<ArgumentNullException>(() => model.Classify(text!));
                continue;
            }

            Prediction prediction = model.Classify(text);
            ReliabilityModels.AssertDistribution(model, prediction);
            float[] scores = new float[model.Labels.Count];
            model.Score(text, scores);
            Assert.Equal(prediction.Scores, scores);
        }
    }

    private static void CheckWordPiece(string text)
    {
        foreach (WordPieceTokenizer tokenizer in WordPieces)
        {
            int maxLength = tokenizer.Options.MaxLength;
            WordPieceEncoding encoding = tokenizer.Encode(text);
            Assert.InRange(encoding.Ids.Length, 2, maxLength);
            Assert.Equal(encoding.Ids.Length, encoding.Offsets.Length);
            Assert.All(encoding.Ids, id => Assert.InRange(id, 0, tokenizer.Vocabulary.Count - 1));
            Assert.All(encoding.Offsets, o => Assert.True(o.Start >= 0 && o.Start <= o.End && o.End <= text.Length, $"offset {o} outside the text"));

            // The span form into a row shorter than MaxLength truncates to the row and pads nothing beyond it.
            long[] ids = new long[Math.Min(maxLength, 6)];
            long[] mask = new long[ids.Length];
            int count = tokenizer.Encode(text, ids, mask);
            Assert.InRange(count, 2, ids.Length);
            Assert.Equal(Enumerable.Repeat(1L, count), mask[..count]);

            WordPieceEncoding pair = tokenizer.Encode(text, text);
            Assert.InRange(pair.Ids.Length, 3, maxLength);
        }
    }
}
