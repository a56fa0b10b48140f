using TextClassification.Tests.Support;
using TextClassification.Training.Data;
using TextClassification.Training.Evaluation;

namespace TextClassification.Tests.MultiLabel;

/// <summary>A single-label model evaluated on multi-label data, as a baseline: its one label is the set it answers.</summary>
public sealed class SingleLabelBaselineTests
{
    [Fact]
    public void A_single_label_model_answers_one_label_per_text_so_its_recall_of_two_label_sets_is_at_most_half()
    {
        TextClassifier model = TestModels.Small;
        // Every text's own label plus the next label in the list: two labels per cell.
        string[] labels = [.. model.Labels];
        List<LabeledText> test = [.. SyntheticData.Generate(perLabel: 20, seed: 99).Select(row =>
            row with { Label = $"{row.Label}|{labels[(Array.IndexOf(labels, row.Label) + 1) % labels.Length]}" })];

        MultiLabelMetrics metrics = MultiLabelEvaluator.Evaluate(model, test, "|");

        Assert.False(MultiLabelEvaluator.IsMultiLabel(model));
        int right = test.Count(row => row.Label.Split('|').Contains(model.Classify(row.Text).Label));
        // One label answered per text: recall is the texts whose answer is in their set, over two labels each; precision
        // the same over one label each; no set is matched whole.
        Assert.Equal((double)right / (2 * test.Count), metrics.MicroRecall, 12);
        Assert.Equal((double)right / test.Count, metrics.MicroPrecision, 12);
        Assert.Equal(0, metrics.SubsetAccuracy);
        Assert.True(metrics.MicroPrecision > 0.9, $"micro-precision {metrics.MicroPrecision}");
    }
}
