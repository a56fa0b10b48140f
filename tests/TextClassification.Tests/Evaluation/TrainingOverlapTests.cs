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
        // Copies of training rows, one in upper case (equal ignoring case counts as seen), before, among and after the others.
        List<LabeledText> test = [Training[0], Training[5] with { Text = Training[5].Text.ToUpperInvariant() }, .. fresh[..7], Training[17], .. fresh[7..]];

        ClassificationMetrics metrics = TrainingOverlap.Evaluate(TestModels.Small, Training, test);

        ClassificationMetrics whole = ModelEvaluator.Evaluate(TestModels.Small, test);
        Assert.Equal(whole.Accuracy, metrics.Accuracy);
        Assert.Equal(whole.MacroF1, metrics.MacroF1);
        Assert.Equal(whole.LogLoss, metrics.LogLoss);
        Assert.Equal(3, metrics.SeenInTraining);
        ClassificationMetrics unseen = Assert.IsType<ClassificationMetrics>(metrics.Unseen);
        ClassificationMetrics direct = ModelEvaluator.Evaluate(TestModels.Small, fresh);
        Assert.Equal(fresh.Count, unseen.Count);
        Assert.Equal(direct.Accuracy, unseen.Accuracy);
        Assert.Equal(direct.MacroF1, unseen.MacroF1);
        Assert.Equal(direct.LogLoss, unseen.LogLoss, 12);
    }

    [Fact]
    public void Without_overlap_or_with_nothing_else_there_are_no_separate_metrics()
    {
        List<LabeledText> fresh = SyntheticData.Generate(perLabel: 5, seed: 98).Where(row => !InTraining(row.Text)).ToList();

        ClassificationMetrics none = TrainingOverlap.Evaluate(TestModels.Small, Training, fresh);
        ClassificationMetrics all = TrainingOverlap.Evaluate(TestModels.Small, Training, [.. Training.Take(12)]);

        Assert.Equal(0, none.SeenInTraining);
        Assert.Null(none.Unseen);
        Assert.Equal(12, all.SeenInTraining);
        Assert.Null(all.Unseen);
    }

    [Fact]
    public void The_json_carries_the_overlap_only_once_measured()
    {
        List<LabeledText> test = [.. SyntheticData.Generate(perLabel: 5, seed: 97).Where(row => !InTraining(row.Text)), Training[3]];
        using (JsonDocument plain = JsonDocument.Parse(MetricsJson.Serialize(ModelEvaluator.Evaluate(TestModels.Small, test))))
        {
            Assert.False(plain.RootElement.TryGetProperty("seenInTraining", out _));
            Assert.False(plain.RootElement.TryGetProperty("unseen", out _));
        }

        ClassificationMetrics metrics = TrainingOverlap.Evaluate(TestModels.Small, Training, test);

        using JsonDocument measured = JsonDocument.Parse(MetricsJson.Serialize(metrics));
        Assert.Equal(1, measured.RootElement.GetProperty("seenInTraining").GetInt32());
        Assert.Equal(test.Count - 1, measured.RootElement.GetProperty("unseen").GetProperty("count").GetInt32());
        Assert.Equal(metrics.Unseen!.Accuracy, measured.RootElement.GetProperty("unseen").GetProperty("accuracy").GetDouble(), 12);
    }

    [Fact]
    public void The_json_says_no_row_was_unseen_when_every_row_was_seen_and_leaves_unseen_out_when_none_was()
    {
        using (JsonDocument allSeen = JsonDocument.Parse(MetricsJson.Serialize(TrainingOverlap.Evaluate(TestModels.Small, Training, [.. Training.Take(12)]))))
        {
            JsonElement unseen = allSeen.RootElement.GetProperty("unseen");
            Assert.Equal(12, allSeen.RootElement.GetProperty("seenInTraining").GetInt32());
            Assert.Equal(0, unseen.GetProperty("count").GetInt32());
            Assert.Equal(JsonValueKind.Null, unseen.GetProperty("accuracy").ValueKind);
            Assert.Equal(JsonValueKind.Null, unseen.GetProperty("macroF1").ValueKind);
            Assert.Equal(JsonValueKind.Null, unseen.GetProperty("weightedF1").ValueKind);
        }

        List<LabeledText> fresh = SyntheticData.Generate(perLabel: 5, seed: 98).Where(row => !InTraining(row.Text)).ToList();
        using JsonDocument noneSeen = JsonDocument.Parse(MetricsJson.Serialize(TrainingOverlap.Evaluate(TestModels.Small, Training, fresh)));
        Assert.Equal(0, noneSeen.RootElement.GetProperty("seenInTraining").GetInt32());
        Assert.False(noneSeen.RootElement.TryGetProperty("unseen", out _));
    }

    [Fact]
    public void Invalid_arguments_are_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => TrainingOverlap.Evaluate(TestModels.Small, null!, [.. Training.Take(4)]));
        Assert.Throws<ArgumentException>(() => TrainingOverlap.Evaluate(TestModels.Small, Training, []));
    }

    private static bool InTraining(string text) => Training.Any(row => string.Equals(row.Text, text, StringComparison.OrdinalIgnoreCase));
}
