using System.Text.Json;
using TextClassification.Tests.Support;
using TextClassification.Training.Data;
using TextClassification.Training.Evaluation;

namespace TextClassification.Tests.Evaluation;

public sealed class TrainingOverlapTests
{
    private static readonly IReadOnlyList<LabeledText> Training = TestModels.SmallData;

    [Fact]
    public void Test_rows_found_in_the_training_data_are_counted_and_the_others_scored_apart()
    {
        List<LabeledText> fresh = SyntheticData.Generate(perLabel: 10, seed: 99).Where(row => !InTraining(row.Text)).ToList();
        // Copies of training rows, one in upper case: equal ignoring case counts as seen.
        List<LabeledText> test = [.. fresh, Training[0], Training[5] with { Text = Training[5].Text.ToUpperInvariant() }, Training[17]];
        ClassificationMetrics metrics = ModelEvaluator.Evaluate(TestModels.Small, test);

        TrainingOverlap.Measure(metrics, TestModels.Small, Training, test);

        Assert.Equal(3, metrics.SeenInTraining);
        ClassificationMetrics unseen = Assert.IsType<ClassificationMetrics>(metrics.Unseen);
        ClassificationMetrics direct = ModelEvaluator.Evaluate(TestModels.Small, fresh);
        Assert.Equal(fresh.Count, unseen.Count);
        Assert.Equal(direct.Accuracy, unseen.Accuracy);
        Assert.Equal(direct.MacroF1, unseen.MacroF1);
    }

    [Fact]
    public void Without_overlap_or_with_nothing_else_there_are_no_separate_metrics()
    {
        List<LabeledText> fresh = SyntheticData.Generate(perLabel: 5, seed: 98).Where(row => !InTraining(row.Text)).ToList();
        ClassificationMetrics none = ModelEvaluator.Evaluate(TestModels.Small, fresh);
        List<LabeledText> copies = [.. Training.Take(12)];
        ClassificationMetrics all = ModelEvaluator.Evaluate(TestModels.Small, copies);

        TrainingOverlap.Measure(none, TestModels.Small, Training, fresh);
        TrainingOverlap.Measure(all, TestModels.Small, Training, copies);

        Assert.Equal(0, none.SeenInTraining);
        Assert.Null(none.Unseen);
        Assert.Equal(12, all.SeenInTraining);
        Assert.Null(all.Unseen);
    }

    [Fact]
    public void The_json_carries_the_overlap_only_once_measured()
    {
        List<LabeledText> test = [.. SyntheticData.Generate(perLabel: 5, seed: 97).Where(row => !InTraining(row.Text)), Training[3]];
        ClassificationMetrics metrics = ModelEvaluator.Evaluate(TestModels.Small, test);
        using (JsonDocument before = JsonDocument.Parse(MetricsJson.Serialize(metrics)))
        {
            Assert.False(before.RootElement.TryGetProperty("seenInTraining", out _));
            Assert.False(before.RootElement.TryGetProperty("unseen", out _));
        }

        TrainingOverlap.Measure(metrics, TestModels.Small, Training, test);

        using JsonDocument after = JsonDocument.Parse(MetricsJson.Serialize(metrics));
        Assert.Equal(1, after.RootElement.GetProperty("seenInTraining").GetInt32());
        Assert.Equal(test.Count - 1, after.RootElement.GetProperty("unseen").GetProperty("count").GetInt32());
        Assert.Equal(metrics.Unseen!.Accuracy, after.RootElement.GetProperty("unseen").GetProperty("accuracy").GetDouble(), 12);
    }

    [Fact]
    public void Metrics_of_another_set_are_rejected()
    {
        ClassificationMetrics metrics = ModelEvaluator.Evaluate(TestModels.Small, [.. Training.Take(4)]);

        Assert.Throws<ArgumentException>(() => TrainingOverlap.Measure(metrics, TestModels.Small, Training, [.. Training.Take(5)]));
    }

    private static bool InTraining(string text) => Training.Any(row => string.Equals(row.Text, text, StringComparison.OrdinalIgnoreCase));
}
