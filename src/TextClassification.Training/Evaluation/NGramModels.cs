using TextClassification.Reloading;

namespace TextClassification.Training.Evaluation;

/// <summary>The n-gram model behind a classifier: itself, or the current model of the reloading wrapper that
/// dependency injection gives; null for other kinds (ONNX models).</summary>
internal static class NGramModels
{
    public static TextClassifier? Of(ITextClassifier classifier) => classifier switch
    {
        TextClassifier model => model,
        ReloadingTextClassifier reloading => reloading.Current,
        _ => null,
    };
}
