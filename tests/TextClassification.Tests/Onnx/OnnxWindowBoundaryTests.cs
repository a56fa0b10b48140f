using TextClassification.Onnx;

namespace TextClassification.Tests.Onnx;

/// <summary>Sliding windows at their boundaries (texts of exactly one window, one token more, exactly two windows), texts
/// of no tokens or of special and unknown tokens only, batches mixing them, and one classifier or encoder used from many
/// threads, against <see cref="TinyBert.Forward"/>.</summary>
public sealed class OnnxWindowBoundaryTests
{
    private const int MaxLength = 8; // windows of 6 tokens
    private const double Tolerance = 1e-4;

    private static readonly string[] Words = ["the", "cat", "sat", "on", "mat", "good", "bad", "movie", "dog", "film"];

    /// <summary>Texts of <c>n</c> one-token words.</summary>
    public static TheoryData<int, int, ChunkAggregation> Boundaries()
    {
        var data = new TheoryData<int, int, ChunkAggregation>();
        foreach (ChunkAggregation aggregation in Enum.GetValues<ChunkAggregation>())
        {
            // 0 tokens; 5, 6 (one full window) and 7 (one token more); two windows exactly at strides 6 and 3; three.
            foreach ((int tokens, int stride) in new[] { (0, 3), (1, 6), (5, 3), (6, 3), (6, 6), (7, 6), (7, 1), (9, 3), (12, 6), (13, 6), (10, 3) })
            {
                data.Add(tokens, stride, aggregation);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Boundaries))]
    public void Windows_at_their_boundaries_aggregate_as_the_reference(int tokens, int stride, ChunkAggregation aggregation)
    {
        using var export = new TinyBertExport(["neg", "pos", "neutral"]);
        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(export.Folder, Windows(stride, aggregation, maxBatchSize: 2));
        string text = Text(tokens);
        Assert.Equal(tokens + 2, TinyBertExport.Ids(text).Length);
        double[] expected = export.WindowScores(text, MaxLength, stride, aggregation);

        AssertClose(expected, classifier.Classify(text).Scores, text);
        float[] scores = new float[3];
        classifier.Score(text, scores);
        AssertClose(expected, scores, text);
        // In a batch between texts of other window counts, in its place.
        string[] batch = [Text(13), text, Text(2), Text(7)];
        IReadOnlyList<Prediction> predictions = classifier.ClassifyBatch(batch);
        Assert.Equal(batch.Length, predictions.Count);
        for (int i = 0; i < batch.Length; i++)
        {
            AssertClose(export.WindowScores(batch[i], MaxLength, stride, aggregation), predictions[i].Scores, batch[i]);
        }
    }

    [Theory]
    [InlineData("[CLS] [SEP] [PAD]")]
    [InlineData("[UNK] [MASK]")]
    [InlineData("xyzzy qwop zzz")]
    [InlineData("   \t\n ")]
    [InlineData("\u0000\u0001\u200b")]
    public void Texts_of_special_unknown_or_no_tokens_classify_as_their_ids_do(string text)
    {
        using var export = new TinyBertExport(["neg", "pos"]);
        using OnnxTextClassifier truncating = OnnxTextClassifier.Create(export.Folder);
        using OnnxTextClassifier windowed = OnnxTextClassifier.Create(export.Folder, Windows(2, ChunkAggregation.Mean, maxBatchSize: 3));
        double[] expected = TinyBertExport.Softmax(export.Model.Forward(TinyBertExport.Ids(text)).Logits);

        AssertClose(expected, truncating.Classify(text).Scores, text);
        AssertClose(expected, truncating.ClassifyBatch([text, "good movie"])[0].Scores, text);
        AssertClose(export.WindowScores(text, MaxLength, 2, ChunkAggregation.Mean), windowed.ClassifyBatch(["good movie", text])[1].Scores, text);
    }

    [Fact]
    public void One_classifier_classifies_alike_from_many_threads()
    {
        using var export = new TinyBertExport(["neg", "pos", "neutral"]);
        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(export.Folder, Windows(3, ChunkAggregation.Max, maxBatchSize: 3));
        string[] texts = [.. Enumerable.Range(0, 24).Select(i => Text((i * 7) % 23))];
        float[][] alone = [.. texts.Select(t => classifier.Classify(t).Scores.ToArray())];

        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, worker =>
        {
            for (int round = 0; round < 5; round++)
            {
                // Each worker its own order and batch boundaries.
                int[] order = [.. Enumerable.Range(0, texts.Length).Select(i => (i * (worker + 5)) % texts.Length)];
                if (order.Distinct().Count() != texts.Length)
                {
                    order = [.. Enumerable.Range(0, texts.Length)];
                }

                IReadOnlyList<Prediction> batch = classifier.ClassifyBatch([.. order.Select(i => texts[i])]);
                for (int k = 0; k < order.Length; k++)
                {
                    Compare(alone[order[k]], batch[k].Scores, $"worker {worker} batch [{k}] = text {order[k]}", failures);
                    Compare(alone[order[k]], classifier.Classify(texts[order[k]]).Scores, $"worker {worker} text {order[k]}", failures);
                }
            }
        });

        Assert.Empty(failures);
    }

    [Fact]
    public void One_encoder_embeds_alike_from_many_threads()
    {
        using var export = new TinyBertExport(["neg", "pos"], classifier: false);
        using OnnxSentenceEncoder encoder = OnnxSentenceEncoder.Create(export.Folder, new OnnxSentenceEncoderOptions { Normalize = true });
        string[] texts = [.. Enumerable.Range(0, 20).Select(i => Text((i * 5) % 17))];
        float[][] alone = [.. texts.Select(encoder.Embed)];

        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, worker =>
        {
            for (int round = 0; round < 5; round++)
            {
                string[] shifted = [.. Enumerable.Range(0, texts.Length).Select(i => texts[(i + worker + round) % texts.Length])];
                float[] vectors = new float[shifted.Length * encoder.Dimension];
                encoder.Embed(shifted, vectors);
                for (int i = 0; i < shifted.Length; i++)
                {
                    Compare(alone[(i + worker + round) % texts.Length], vectors.AsSpan(i * encoder.Dimension, encoder.Dimension).ToArray(), $"worker {worker} row {i}", failures);
                }
            }
        });

        Assert.Empty(failures);
    }

    private static OnnxTextClassifierOptions Windows(int stride, ChunkAggregation aggregation, int maxBatchSize) => new()
    {
        MaxLength = MaxLength,
        LongText = LongTextStrategy.SlidingWindow,
        Stride = stride,
        Aggregation = aggregation,
        MaxBatchSize = maxBatchSize,
    };

    private static string Text(int tokens) => string.Join(' ', Enumerable.Range(0, tokens).Select(i => Words[(i * 3) % Words.Length]));

    // Alone and in a padded batch the runs differ in rounding only; a shared buffer would mix texts up.
    private static void Compare(float[] expected, IReadOnlyList<float> actual, string what, System.Collections.Concurrent.ConcurrentBag<string> failures)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            if (!(Math.Abs(expected[i] - actual[i]) <= 1e-5))
            {
                failures.Add($"{what} [{i}]: {actual[i]} vs {expected[i]} alone");
            }
        }
    }

    private static void AssertClose(double[] expected, IReadOnlyList<float> actual, string text)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerance, $"'{text}' [{i}]: expected {expected[i]}, got {actual[i]}");
        }
    }
}
