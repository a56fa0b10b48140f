using TextClassification.Tests.Support;
using TextClassification.Training.Data;
using TextClassification.Training.Evaluation;

namespace TextClassification.Tests.Evaluation;

/// <summary>A classifier of the caller's own (a wrapper, a remote model) whose <see cref="ITextClassifier.ClassifyBatch"/>
/// breaks its contract, one prediction per text in order, is named as the fault by the evaluators that classify
/// through it, not met by an index or null error inside them.</summary>
public sealed class MisbehavingClassifierTests
{
    private static readonly List<LabeledText> Rows =
    [
        new("sunny and warm today", "weather", 2), new("the team won the final", "sports", 3), new("shares fell sharply", "finance", 4),
    ];

    [Theory]
    [InlineData(Fault.OneShort)]
    [InlineData(Fault.NullPrediction)]
    [InlineData(Fault.OtherLabels)]
    public void A_batch_that_is_not_one_prediction_per_text_is_named_as_the_classifiers(Fault fault)
    {
        // A batch one prediction short threw ArgumentOutOfRangeException ('index') from inside the evaluators' copy loop,
        // a null prediction NullReferenceException from where it was read, and predictions over other labels than the
        // classifier's Labels (a wrapper whose inner model reloaded with other labels) ArgumentOutOfRangeException from
        // a List indexer, or, with as many labels, answers compared under the wrong names.
        var broken = new BrokenBatchClassifier(TestModels.Small, fault);
        string[] expected = fault switch
        {
            Fault.OneShort => ["BrokenBatchClassifier.ClassifyBatch returned 2 predictions for 3 texts", "one prediction per text, in order"],
            Fault.NullPrediction => ["BrokenBatchClassifier.ClassifyBatch returned a null prediction for text 0 of 3"],
            _ => ["BrokenBatchClassifier.ClassifyBatch answered text 0 over the labels [finance, sports, weather]", "its Labels are [x, y]"],
        };
        foreach (Action evaluate in (Action[])[
            () => ModelEvaluator.Compare(TestModels.Small, broken, Rows),
            () => ModelEvaluator.Compare(broken, TestModels.Small, Rows),
            () => MultiLabelEvaluator.Evaluate(broken, Rows, "|")])
        {
            var error = Assert.Throws<InvalidOperationException>(evaluate);
            foreach (string part in expected)
            {
                Assert.Contains(part, error.Message, StringComparison.Ordinal);
            }
        }
    }

    public enum Fault
    {
        OneShort,
        NullPrediction,
        OtherLabels,
    }

    private sealed class BrokenBatchClassifier(ITextClassifier inner, Fault fault) : ITextClassifier
    {
        public IReadOnlyList<string> Labels => fault == Fault.OtherLabels ? ["x", "y"] : inner.Labels;

        public Prediction Classify(string text) => inner.Classify(text);

        public IReadOnlyList<Prediction> ClassifyBatch(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) => fault switch
        {
            Fault.OneShort => inner.ClassifyBatch([.. texts.Take(texts.Count - 1)], cancellationToken),
            Fault.NullPrediction => new Prediction[texts.Count],
            _ => inner.ClassifyBatch(texts, cancellationToken),
        };

        public ValueTask<Prediction> ClassifyAsync(string text, CancellationToken cancellationToken = default) => inner.ClassifyAsync(text, cancellationToken);

        public Task<IReadOnlyList<Prediction>> ClassifyBatchAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
            inner.ClassifyBatchAsync(texts, cancellationToken);

        public void Score(ReadOnlySpan<char> text, Span<float> probabilities) => inner.Score(text, probabilities);
    }
}
