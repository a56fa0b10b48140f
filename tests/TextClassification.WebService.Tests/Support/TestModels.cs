using TextClassification.Training.Data;
using TextClassification.Training.Trainers;

namespace TextClassification.WebService.Tests.Support;

/// <summary>Models trained in the tests from the quick-start data (copied beside the service).</summary>
public static class TestModels
{
    public static readonly string[] SubsetLabels = ["billing_issue", "order_status", "refund_request"];

    private static readonly Lazy<IReadOnlyList<LabeledText>> Rows = new(() =>
        DatasetReader.Read(Path.Combine(AppContext.BaseDirectory, "data", "support-intents.tsv")).Rows);

    private static readonly Lazy<TextClassifier> AllModel = new(() => Train(Rows.Value));

    private static readonly Lazy<TextClassifier> SubsetModel = new(() =>
        Train([.. Rows.Value.Where(r => SubsetLabels.Contains(r.Label))]));

    /// <summary>All eight intents.</summary>
    public static TextClassifier All => AllModel.Value;

    /// <summary>Three of the intents: a different label set, so a response shows which model answered.</summary>
    public static TextClassifier Subset => SubsetModel.Value;

    private static TextClassifier Train(IReadOnlyList<LabeledText> rows) =>
        NGramTrainer.Train(rows, new NGramTrainerOptions { Seed = 3, Dimension = 16, MaxEpochs = 10 }).Classifier;
}
