using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TextClassification.Onnx;

namespace TextClassification.Tests.Onnx;

/// <summary>A batch of texts of mixed lengths (empty, short, past the length, many windows) and the settings that
/// split it (length, stride, run size, aggregation).</summary>
public sealed record MixedBatch(string[] Texts, int MaxLength, bool Windows, int Stride, int MaxBatchSize, bool Max)
{
    public override string ToString() =>
        $"MixedBatch(MaxLength={MaxLength}, Windows={Windows}, Stride={Stride}, MaxBatchSize={MaxBatchSize}, Max={Max}, texts=[{string.Join(" | ", Texts)}])";
}

public static class MixedBatchArbitrary
{
    // Words TinyBert knows, pieces it splits (movies → movie ##s), one it does not, special tokens and white space.
    private static readonly string[] Words = ["the", "cat", "sat", "good", "movie", "movies", "not", "great", "awful", ".", "!", "zebra", "[SEP]", "[CLS]", " "];

    public static Arbitrary<MixedBatch> Batches() =>
        (from texts in Gen.ArrayOf(Gen.Frequency((1, Gen.Constant(0)), (3, Gen.Choose(1, 6)), (2, Gen.Choose(7, 90)))
                .SelectMany(words => Gen.ArrayOf(Gen.Elements(Words), words).Select(w => string.Join(' ', w))))
         where texts.Length > 0
         from maxLength in Gen.Elements(3, 4, 7, 10, 16, TinyBert.MaxPositions)
         from windows in Gen.Elements(true, false)
         from stride in Gen.Choose(1, maxLength - 2)
         from maxBatch in Gen.Choose(1, 5)
         from max in Gen.Elements(true, false)
         select new MixedBatch(texts, maxLength, windows, stride, maxBatch, max)).ToArbitrary();
}

/// <summary>One classifier and one encoder give each text the same scores alone and in any batch (review 57c: the
/// window tests fix the texts; this draws them).</summary>
[Properties(Arbitrary = [typeof(MixedBatchArbitrary)], MaxTest = 60)]
public sealed class BatchEqualsSinglePropertyTests : IClassFixture<BatchEqualsSinglePropertyTests.Exports>
{
    private readonly Exports _exports;

    public BatchEqualsSinglePropertyTests(Exports exports) => _exports = exports;

    [Property]
    public void A_batch_scores_each_text_as_it_is_scored_alone(MixedBatch batch)
    {
        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(_exports.Classifier, new OnnxTextClassifierOptions
        {
            MaxLength = batch.MaxLength,
            LongText = batch.Windows ? LongTextStrategy.SlidingWindow : LongTextStrategy.Truncate,
            Stride = batch.Stride,
            MaxBatchSize = batch.MaxBatchSize,
            Aggregation = batch.Max ? ChunkAggregation.Max : ChunkAggregation.Mean,
        });

        IReadOnlyList<Prediction> together = classifier.ClassifyBatch(batch.Texts);
        IReadOnlyList<Prediction> reversed = classifier.ClassifyBatch([.. batch.Texts.Reverse()]);

        Assert.Equal(batch.Texts.Length, together.Count);
        for (int i = 0; i < batch.Texts.Length; i++)
        {
            IReadOnlyList<float> alone = classifier.Classify(batch.Texts[i]).Scores;
            IReadOnlyList<float> other = reversed[batch.Texts.Length - 1 - i].Scores;
            for (int c = 0; c < alone.Count; c++)
            {
                Assert.True(Math.Abs(alone[c] - together[i].Scores[c]) <= 1e-5f, $"text {i} label {c}: {alone[c]} alone, {together[i].Scores[c]} in the batch");
                Assert.True(Math.Abs(alone[c] - other[c]) <= 1e-5f, $"text {i} label {c}: {alone[c]} alone, {other[c]} in the reversed batch");
            }
        }
    }

    [Property]
    public void An_encoder_embeds_each_text_as_it_embeds_it_alone(MixedBatch batch)
    {
        using OnnxSentenceEncoder encoder = OnnxSentenceEncoder.Create(_exports.Encoder, new OnnxSentenceEncoderOptions
        {
            MaxLength = batch.MaxLength,
            MaxBatchSize = batch.MaxBatchSize,
            Normalize = batch.Max,
        });
        int d = encoder.Dimension;
        float[] together = new float[batch.Texts.Length * d];

        encoder.Embed(batch.Texts, together);

        for (int i = 0; i < batch.Texts.Length; i++)
        {
            float[] alone = encoder.Embed(batch.Texts[i]);
            for (int j = 0; j < d; j++)
            {
                Assert.True(Math.Abs(alone[j] - together[(i * d) + j]) <= 1e-5f, $"text {i} [{j}]: {alone[j]} alone, {together[(i * d) + j]} in the batch");
            }
        }
    }

    /// <summary>The exports, written once for every case.</summary>
    public sealed class Exports : IDisposable
    {
        private readonly TinyBertExport _classifier = new(["neg", "pos", "mixed"]);
        private readonly TinyBertExport _encoder = new(["x"], classifier: false);

        public string Classifier => _classifier.Folder;

        public string Encoder => _encoder.Folder;

        public void Dispose()
        {
            _classifier.Dispose();
            _encoder.Dispose();
        }
    }
}
