using TextClassification.Heads;
using TextClassification.Onnx;
using TextClassification.Tests.Onnx;
using TextClassification.Tests.Support;
using TextClassification.Training.Data;
using TextClassification.Training.Evaluation;

namespace TextClassification.Tests.Evaluation;

/// <summary>ModelEvaluator scores the ONNX classifiers a batch of texts per session run (they ran one text a run), and the
/// probabilities are those of <see cref="ITextClassifier.Score"/> text by text, to the bit.</summary>
public sealed class BatchScoringEvaluationTests
{
    private static readonly string[] Words = ["the", "cat", "sat", "on", "mat", "good", "bad", "movie", "dog", "film", "xyzzy"];

    [Theory]
    [InlineData(null, null)] // the export's own length: no truncation
    [InlineData(10, null)] // truncated at 8 tokens
    [InlineData(8, 3)] // windows of 6 advancing by 3
    public void An_onnx_classifier_evaluates_to_the_bit_as_text_by_text(int? maxLength, int? stride)
    {
        using var export = new TinyBertExport(["neg", "pos", "neutral"]);
        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(export.Folder, new OnnxTextClassifierOptions
        {
            MaxLength = maxLength,
            LongText = stride is null ? LongTextStrategy.Truncate : LongTextStrategy.SlidingWindow,
            Stride = stride,
            MaxBatchSize = 7,
        });

        AssertEvaluatedAsTextByText(classifier);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void An_encoder_head_classifier_evaluates_to_the_bit_as_text_by_text(int hidden)
    {
        using var export = new TinyBertExport(["unused"], classifier: false);
        OnnxSentenceEncoder encoder = OnnxSentenceEncoder.Create(export.Folder, new OnnxSentenceEncoderOptions { Normalize = true });
        var random = new Random(3);
        float[] Values(int count) => [.. Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 4) - 2))];
        int d = encoder.Dimension;
        EncoderHead head = hidden == 0
            ? new EncoderHead(null, new LinearHead(Values(3 * d), Values(3), d))
            : new EncoderHead(new LinearHead(Values(hidden * d), Values(hidden), d), new LinearHead(Values(3 * hidden), Values(3), hidden));
        using var classifier = new EncoderHeadClassifier(["neg", "pos", "neutral"], encoder, head);

        AssertEvaluatedAsTextByText(classifier);
    }

    [Fact]
    public void A_batch_scorer_is_evaluated_through_its_batches_in_order()
    {
        var classifier = new RowNumberScorer();
        LabeledText[] examples = [.. Enumerable.Range(0, 600).Select(i => new LabeledText(i.ToString(System.Globalization.CultureInfo.InvariantCulture), i % 3 == 0 ? "a" : "b", i))];

        ClassificationMetrics metrics = ModelEvaluator.Evaluate(classifier, examples);

        // Text i scores "a" where i is a multiple of 3: every example right, and only through ScoreBatch (Score throws).
        Assert.Equal(1.0, metrics.Accuracy);
        Assert.True(classifier.Batches >= 3, $"{classifier.Batches} batches");
    }

    [Fact]
    public void Compare_runs_an_onnx_classifier_in_batches_and_counts_as_text_by_text()
    {
        // The same graph twice, its labels named in another order, so the two disagree; one truncates and batches otherwise.
        using var export = new TinyBertExport(["neg", "pos", "neutral"]);
        using var renamed = new TinyBertExport(["pos", "neutral", "neg"]);
        using OnnxTextClassifier first = OnnxTextClassifier.Create(export.Folder, new OnnxTextClassifierOptions { MaxBatchSize = 7 });
        using OnnxTextClassifier second = OnnxTextClassifier.Create(renamed.Folder, new OnnxTextClassifierOptions { MaxLength = 6, MaxBatchSize = 5 });
        LabeledText[] examples = MixedExamples(first, 600);

        McNemarResult compared = ModelEvaluator.Compare(first, second, examples);

        (int onlyFirst, int onlySecond) = DiscordantCounts.TextByText(first, second, examples);

        Assert.True(onlyFirst > 0 && onlySecond > 0, $"{onlyFirst} and {onlySecond} texts only one of the models gets right");
        Assert.Equal((onlyFirst, onlySecond), (compared.OnlyFirstCorrect, compared.OnlySecondCorrect));
    }

    [Fact]
    public void Compare_classifies_a_batch_scorer_through_its_batches_in_chunks_both_have_classified()
    {
        var scorer = new BatchOnlyScorer();
        LabeledText[] examples = [.. Enumerable.Range(0, 600).Select(i => new LabeledText(i.ToString(System.Globalization.CultureInfo.InvariantCulture), i % 3 == 0 ? "a" : "b", i))];
        var reports = new ScoredCounts();

        McNemarResult compared = ModelEvaluator.Compare(scorer, TestModels.Small, examples, reports);

        // The scorer gets every text right and the n-gram model knows neither label; Classify would have thrown.
        Assert.Equal((600, 0), (compared.OnlyFirstCorrect, compared.OnlySecondCorrect));
        Assert.Equal([256, 512, 600], reports.All);
        Assert.Equal(3, scorer.Batches);
    }

    // A mixed set (lengths 0 to 30 tokens, an unknown test label) evaluated, against Score one text at a time.
    private static void AssertEvaluatedAsTextByText(ITextClassifier classifier)
    {
        LabeledText[] examples = MixedExamples(classifier, 300);

        ModelEvaluator.Scored scored = ModelEvaluator.Score(classifier, examples, progress: null, CancellationToken.None);

        Assert.Equal(classifier.Labels.Count + 1, scored.Labels.Count);
        float[] alone = new float[classifier.Labels.Count];
        for (int i = 0; i < examples.Length; i++)
        {
            classifier.Score(examples[i].Text, alone);
            for (int c = 0; c < scored.Labels.Count; c++)
            {
                float expected = c < alone.Length ? alone[c] : 0f;
                float actual = scored.Probabilities[(i * scored.Labels.Count) + c];
                Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual), $"text {i} '{examples[i].Text}' label {c}: evaluated {actual:R}, alone {expected:R}");
            }
        }
    }

    // Texts of 0 to 30 words, each labelled with one of the classifier's labels at random; row 17 with a label it lacks.
    private static LabeledText[] MixedExamples(ITextClassifier classifier, int count)
    {
        var random = new Random(11);
        return [.. Enumerable.Range(0, count).Select(i => new LabeledText(
            string.Join(' ', Enumerable.Range(0, random.Next(31)).Select(_ => Words[random.Next(Words.Length)])),
            i == 17 ? "unseen" : classifier.Labels[random.Next(classifier.Labels.Count)],
            i))];
    }

    // Classifies through ClassifyBatch only, in runs of 32 texts from the start of each call.
    private sealed class BatchOnlyScorer : ITextClassifier, IBatchScorer
    {
        private int _batches;

        public int Batches => _batches;

        public IReadOnlyList<string> Labels { get; } = ["a", "b"];

        public int ChunkSize => 32;

        public void ScoreBatch(IReadOnlyList<string> texts, Span<float> probabilities, int stride, CancellationToken cancellationToken) => throw new InvalidOperationException("scored");

        public void Score(ReadOnlySpan<char> text, Span<float> probabilities) => throw new InvalidOperationException("scored one text at a time");

        public Prediction Classify(string text) => throw new InvalidOperationException("classified one text at a time");

        public IReadOnlyList<Prediction> ClassifyBatch(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _batches);
            var predictions = new Prediction[texts.Count];
            for (int i = 0; i < texts.Count; i++)
            {
                bool a = int.Parse(texts[i], System.Globalization.CultureInfo.InvariantCulture) % 3 == 0;
                predictions[i] = new Prediction(Labels, a ? [0.9f, 0.1f] : [0.1f, 0.9f]);
            }

            return predictions;
        }

        public ValueTask<Prediction> ClassifyAsync(string text, CancellationToken cancellationToken = default) => throw new InvalidOperationException("classified");

        public Task<IReadOnlyList<Prediction>> ClassifyBatchAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) => throw new InvalidOperationException("classified");
    }

    private sealed class ScoredCounts : IProgress<EvaluationProgress>
    {
        public List<int> All { get; } = [];

        public void Report(EvaluationProgress value) => All.Add(value.Scored);
    }

    private sealed class RowNumberScorer : ITextClassifier, IBatchScorer
    {
        private int _batches;

        public int Batches => _batches;

        public IReadOnlyList<string> Labels { get; } = ["a", "b"];

        // Each text is scored alone, so any split keeps every answer.
        public int ChunkSize => 1;

        public void ScoreBatch(IReadOnlyList<string> texts, Span<float> probabilities, int stride, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _batches);
            for (int i = 0; i < texts.Count; i++)
            {
                bool a = int.Parse(texts[i], System.Globalization.CultureInfo.InvariantCulture) % 3 == 0;
                probabilities[i * stride] = a ? 0.9f : 0.1f;
                probabilities[(i * stride) + 1] = a ? 0.1f : 0.9f;
            }
        }

        public void Score(ReadOnlySpan<char> text, Span<float> probabilities) => throw new InvalidOperationException("scored one text at a time");

        public Prediction Classify(string text) => throw new InvalidOperationException("classified");

        public IReadOnlyList<Prediction> ClassifyBatch(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) => throw new InvalidOperationException("classified");

        public ValueTask<Prediction> ClassifyAsync(string text, CancellationToken cancellationToken = default) => throw new InvalidOperationException("classified");

        public Task<IReadOnlyList<Prediction>> ClassifyBatchAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) => throw new InvalidOperationException("classified");
    }
}
