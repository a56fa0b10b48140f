using TextClassification.Onnx;
using TextClassification.Tests.Onnx;
using TextClassification.Tests.Support;
using TextClassification.Training.Data;
using TextClassification.Training.Evaluation;

namespace TextClassification.Tests.Evaluation;

/// <summary>The evaluators' <see cref="IProgress{T}"/> of <see cref="EvaluationProgress"/>: reports in chunks, rising,
/// every text counted once, the last at the total, and the metrics as without progress.</summary>
public sealed class EvaluationProgressTests
{
    public static TheoryData<int> Sizes => [1, 2, 255, 256, 257, 511, 512, 513, 1000];

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Single_label_evaluation_reports_every_text_once_in_chunks_ending_at_the_total(int count)
    {
        List<LabeledText> rows = Rows(count);
        var counting = new CountingClassifier(TestModels.Small);
        var reports = new Recorder();

        ClassificationMetrics metrics = ModelEvaluator.Evaluate(counting, rows, reports);

        Assert.Equal(count, counting.Scored);
        AssertChunked(reports.All, count, ScoringChunks.RowsPerChunk);
        ClassificationMetrics quiet = ModelEvaluator.Evaluate(TestModels.Small, rows);
        Assert.Equal((quiet.Accuracy, quiet.MacroF1, quiet.LogLoss), (metrics.Accuracy, metrics.MacroF1, metrics.LogLoss));
    }

    [Fact]
    public void No_texts_is_refused_before_anything_is_reported()
    {
        var reports = new Recorder();

        Assert.Throws<ArgumentException>(() => ModelEvaluator.Evaluate(TestModels.Small, [], reports));
        Assert.Throws<ArgumentException>(() => MultiLabelEvaluator.Evaluate(TestModels.Small, [], "|", reports));
        Assert.Throws<ArgumentException>(() => TrainingOverlap.Evaluate(TestModels.Small, TestModels.SmallData, [], reports));
        Assert.Throws<ArgumentException>(() => ModelEvaluator.Compare(TestModels.Small, TestModels.Small, [], reports));
        Assert.Empty(reports.All);
    }

    [Fact]
    public void Training_overlap_and_comparison_report_the_test_rows()
    {
        List<LabeledText> rows = Rows(600);
        var overlap = new Recorder();
        var compared = new Recorder();

        ClassificationMetrics metrics = TrainingOverlap.Evaluate(TestModels.Small, TestModels.SmallData, rows, overlap);
        McNemarResult result = ModelEvaluator.Compare(TestModels.Small, TestModels.SmallOtherSeed, rows, compared);

        AssertChunked(overlap.All, 600, ScoringChunks.RowsPerChunk);
        // Two n-gram models classify the rows in one ClassifyBatch call each (up to 8,192 rows a call).
        Assert.Equal([600], compared.All.Select(r => r.Scored));
        Assert.Equal(TrainingOverlap.Evaluate(TestModels.Small, TestModels.SmallData, rows).Accuracy, metrics.Accuracy);
        Assert.Equal(ModelEvaluator.Compare(TestModels.Small, TestModels.SmallOtherSeed, rows), result);
    }

    public static TheoryData<int> NGramBatchSizes => [1, 8191, 8192, 8193, 16385];

    [Theory]
    [MemberData(nameof(NGramBatchSizes))]
    public void Multi_label_evaluation_of_an_ngram_model_reports_each_batch_of_8192(int count)
    {
        List<LabeledText> rows = Rows(count);
        var reports = new Recorder();

        MultiLabelEvaluator.Scored scored = MultiLabelEvaluator.Score(TestModels.Small, rows, "|", reports, CancellationToken.None);

        AssertChunked(reports.All, count, 8192);
        // The same answers as one batch of every text (the unknown wrapper gets one call).
        MultiLabelEvaluator.Scored whole = MultiLabelEvaluator.Score(new CountingClassifier(TestModels.Small), rows, "|", progress: null, CancellationToken.None);
        AssertSameScores(whole, scored);
    }

    [Fact]
    public void A_classifier_of_another_kind_gets_one_batch_and_one_report()
    {
        var counting = new CountingClassifier(TestModels.Small);
        var reports = new Recorder();

        MultiLabelEvaluator.Evaluate(counting, Rows(700), "|", reports);

        Assert.Equal(1, counting.Batches);
        Assert.Equal([new EvaluationProgress(700, 700)], reports.All);
    }

    [Fact]
    public void An_onnx_model_is_split_between_whole_runs_so_its_answers_are_those_of_one_batch()
    {
        // Five texts a run: batches of 255 texts (51 runs), so 600 texts make three calls whose runs are those of one
        // call over all 600 (the padding of a run depends on the texts it holds).
        using var export = new TinyBertExport(["x", "y", "z"], problemType: "multi_label_classification");
        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(export.Folder, new OnnxTextClassifierOptions { MaxBatchSize = 5 });
        string[] words = ["the", "cat", "sat", "on", "mat", "good", "movie", "bad", "awful", "film", "not", "great"];
        var rows = new List<LabeledText>();
        for (int i = 0; i < 600; i++)
        {
            rows.Add(new LabeledText(string.Join(' ', Enumerable.Range(0, 1 + (i * 7 % 23)).Select(k => words[(i + k) % words.Length])), "x"));
        }

        var reports = new Recorder();
        MultiLabelEvaluator.Scored scored = MultiLabelEvaluator.Score(classifier, rows, "|", reports, CancellationToken.None);

        Assert.Equal([255, 510, 600], reports.All.Select(r => r.Scored));
        IReadOnlyList<Prediction> whole = classifier.ClassifyBatch([.. rows.Select(r => r.Text)]);
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Equal(whole[i].Scores, scored.Scores[i]);
        }
    }

    private static List<LabeledText> Rows(int count)
    {
        var rows = new List<LabeledText>(count);
        for (int i = 0; i < count; i++)
        {
            rows.Add(TestModels.SmallData[i % TestModels.SmallData.Count]);
        }

        return rows;
    }

    // Reports rise by at most a chunk, each has the total, and the last has every text.
    private static void AssertChunked(IReadOnlyList<EvaluationProgress> reports, int total, int chunk)
    {
        Assert.Equal((total + chunk - 1) / chunk, reports.Count);
        int previous = 0;
        foreach (EvaluationProgress report in reports)
        {
            Assert.Equal(total, report.Total);
            Assert.InRange(report.Scored - previous, 1, chunk);
            previous = report.Scored;
        }

        Assert.Equal(total, reports[^1].Scored);
        Assert.Equal(1.0, reports[^1].Fraction);
    }

    private static void AssertSameScores(MultiLabelEvaluator.Scored expected, MultiLabelEvaluator.Scored actual)
    {
        Assert.Equal(expected.Scores.Length, actual.Scores.Length);
        for (int i = 0; i < expected.Scores.Length; i++)
        {
            Assert.Equal(expected.Scores[i], actual.Scores[i]);
            Assert.Equal(expected.Predicted[i], actual.Predicted[i]);
        }
    }

    // Records reports as they are made (synchronously, unlike Progress<T>, which posts them to the pool).
    private sealed class Recorder : IProgress<EvaluationProgress>
    {
        private readonly List<EvaluationProgress> _reports = [];

        public IReadOnlyList<EvaluationProgress> All
        {
            get
            {
                lock (_reports)
                {
                    return [.. _reports];
                }
            }
        }

        public void Report(EvaluationProgress value)
        {
            lock (_reports)
            {
                _reports.Add(value);
            }
        }
    }

    // A classifier of a kind the evaluators do not know, counting the texts it scores and the batches it gets.
    private sealed class CountingClassifier(ITextClassifier inner) : ITextClassifier
    {
        private int _scored;
        private int _batches;

        public int Scored => Volatile.Read(ref _scored);

        public int Batches => Volatile.Read(ref _batches);

        public IReadOnlyList<string> Labels => inner.Labels;

        public Prediction Classify(string text) => inner.Classify(text);

        public IReadOnlyList<Prediction> ClassifyBatch(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _batches);
            return inner.ClassifyBatch(texts, cancellationToken);
        }

        public ValueTask<Prediction> ClassifyAsync(string text, CancellationToken cancellationToken = default) => inner.ClassifyAsync(text, cancellationToken);

        public Task<IReadOnlyList<Prediction>> ClassifyBatchAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
            inner.ClassifyBatchAsync(texts, cancellationToken);

        public void Score(ReadOnlySpan<char> text, Span<float> probabilities)
        {
            Interlocked.Increment(ref _scored);
            inner.Score(text, probabilities);
        }
    }
}
