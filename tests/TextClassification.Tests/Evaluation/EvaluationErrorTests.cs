using TextClassification.Tests.Support;
using TextClassification.Training.Data;
using TextClassification.Training.Evaluation;

namespace TextClassification.Tests.Evaluation;

/// <summary>An exception raised while the examples are scored (by the classifier, or by the caller's progress handler)
/// leaves the single-label evaluators as it was thrown, as it leaves the multi-label evaluator and
/// <see cref="ModelEvaluator.Compare(ITextClassifier, ITextClassifier, IReadOnlyList{LabeledText}, CancellationToken)"/>,
/// not wrapped in the <see cref="AggregateException"/> of the parallel loop that scores them.</summary>
public sealed class EvaluationErrorTests
{
    private static List<LabeledText> Rows(int count)
    {
        var rows = new List<LabeledText>(count);
        for (int i = 0; i < count; i++)
        {
            rows.Add(new LabeledText(i % 2 == 0 ? "sunny and warm today" : "the team won the final", i % 2 == 0 ? "weather" : "sports", i + 2));
        }

        return rows;
    }

    [Fact]
    public void A_classifier_that_fails_while_scoring_throws_its_own_exception()
    {
        // A disposed ONNX classifier throws ObjectDisposedException from Score: Evaluate threw AggregateException
        // ("One or more errors occurred.") around it, which a caller catching ObjectDisposedException missed.
        var failing = new FailingClassifier(TestModels.Small, failAt: 300);
        Assert.Throws<ObjectDisposedException>(() => ModelEvaluator.Evaluate(failing, Rows(1000)));
        Assert.Throws<ObjectDisposedException>(() => TrainingOverlap.Evaluate(new FailingClassifier(TestModels.Small, failAt: 300), Rows(10), Rows(1000)));
    }

    [Fact]
    public void A_progress_handler_that_throws_stops_the_evaluation_with_its_exception()
    {
        var progress = new ThrowingProgress();
        var error = Assert.Throws<InvalidOperationException>(() => ModelEvaluator.Evaluate(TestModels.Small, Rows(1000), progress));
        Assert.Equal("the caller's handler failed", error.Message);
    }

    private sealed class ThrowingProgress : IProgress<EvaluationProgress>
    {
        public void Report(EvaluationProgress value) => throw new InvalidOperationException("the caller's handler failed");
    }

    // Scores as the model does until it has scored failAt texts, then fails as a disposed native session does.
    private sealed class FailingClassifier(ITextClassifier inner, int failAt) : ITextClassifier
    {
        private int _scored;

        public IReadOnlyList<string> Labels => inner.Labels;

        public Prediction Classify(string text) => inner.Classify(text);

        public IReadOnlyList<Prediction> ClassifyBatch(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
            inner.ClassifyBatch(texts, cancellationToken);

        public ValueTask<Prediction> ClassifyAsync(string text, CancellationToken cancellationToken = default) => inner.ClassifyAsync(text, cancellationToken);

        public Task<IReadOnlyList<Prediction>> ClassifyBatchAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
            inner.ClassifyBatchAsync(texts, cancellationToken);

        public void Score(ReadOnlySpan<char> text, Span<float> probabilities)
        {
            ObjectDisposedException.ThrowIf(Interlocked.Increment(ref _scored) > failAt, this);
            inner.Score(text, probabilities);
        }
    }
}
