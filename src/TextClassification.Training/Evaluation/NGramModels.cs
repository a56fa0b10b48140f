using TextClassification.Reloading;

namespace TextClassification.Training.Evaluation;

/// <summary>The n-gram model behind a classifier: itself, or the current model of the reloading wrapper that
/// dependency injection gives; null for other kinds (ONNX models).</summary>
internal static class NGramModels
{
    /// <summary>The model to score a whole evaluation with: a reloading wrapper's current model, taken once, so rows scored
    /// after a reload do not get another model's probabilities under the first one's labels (a swap mid-run gave every
    /// later row the new model's scores in the old label order, or threw where the label count changed); any other
    /// classifier itself.</summary>
    public static ITextClassifier Snapshot(ITextClassifier classifier) =>
        classifier is ReloadingTextClassifier reloading ? reloading.Current : classifier;

    public static TextClassifier? Of(ITextClassifier classifier) => classifier switch
    {
        TextClassifier model => model,
        ReloadingTextClassifier reloading => reloading.Current,
        _ => null,
    };
}
