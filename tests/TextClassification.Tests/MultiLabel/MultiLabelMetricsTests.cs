using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TextClassification.Training.Data;
using TextClassification.Training.Evaluation;

namespace TextClassification.Tests.MultiLabel;

public sealed class MultiLabelMetricsTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void Hand_computed_example()
    {
        // labels a, b, c; rows: {a,b}→{a}, {c}→{c}, {a}→{a,c}, {}→{b}
        // a: tp 2; b: fp 1, fn 1; c: tp 1, fp 1  ⇒ micro tp 3, fp 2, fn 1.
        MultiLabelMetrics m = MultiLabelMetrics.Compute(
            ["a", "b", "c"],
            [["a", "b"], ["c"], ["a"], []],
            [["a"], ["c"], ["a", "c"], ["b"]]);

        Assert.Equal(4, m.Count);
        Assert.Equal(0.25, m.SubsetAccuracy, Tolerance);
        Assert.Equal(3.0 / 12, m.HammingLoss, Tolerance);
        Assert.Equal(3.0 / 5, m.MicroPrecision, Tolerance);
        Assert.Equal(3.0 / 4, m.MicroRecall, Tolerance);
        Assert.Equal(2.0 / 3, m.MicroF1, Tolerance);
        Assert.Equal(0.5, m.MacroPrecision, Tolerance);
        Assert.Equal(2.0 / 3, m.MacroRecall, Tolerance);
        Assert.Equal(5.0 / 9, m.MacroF1, Tolerance);

        Assert.Equal(new LabelMetrics("a", 1, 1, 1, 2) { Predicted = 2 }, m.PerLabel[0]);
        Assert.Equal(new LabelMetrics("b", 0, 0, 0, 1) { Predicted = 1 }, m.PerLabel[1]);
        Assert.Equal(2, m.PerLabel[2].Predicted);
        Assert.Equal("c", m.PerLabel[2].Label);
        Assert.Equal(0.5, m.PerLabel[2].Precision, Tolerance);
        Assert.Equal(1, m.PerLabel[2].Recall, Tolerance);
        Assert.Equal(2.0 / 3, m.PerLabel[2].F1, Tolerance);
        Assert.Equal(1, m.PerLabel[2].Support);

        // Weighted F1: (2·1 + 1·0 + 1·2/3) / 4. Co-occurrence: {a,b}→{a} adds a→a and b→a; {c}→{c} c→c; {a}→{a,c}
        // a→a and a→c; the empty gold set adds nothing.
        Assert.Equal(2.0 / 3, m.WeightedF1, Tolerance);
        Assert.Equal([[2, 0, 1], [1, 0, 0], [0, 0, 1]], m.ConfusionMatrix);
        Assert.True(double.IsNaN(m.LogLoss) && double.IsNaN(m.RocAucMacro), "no scores, no log loss or AUC");
        Assert.Empty(m.RocCurves);
        Assert.All(m.PerLabel, label => Assert.True(double.IsNaN(label.RocAuc)));
        Assert.Null(m.TrainSeconds); // unknown until a trainer fills it in, as for single-label metrics
    }

    [Fact]
    public void Log_loss_and_macro_AUC_from_the_label_probabilities_by_hand()
    {
        // a: positives 0.9, 0.6 above negatives 0.4, 0.2 → AUC 1. b: positives 0.7, 0.1 against negatives 0.2, 0.3 →
        // 2 of 4 pairs ordered → 0.5. Macro 0.75.
        MultiLabelMetrics m = MultiLabelMetrics.Compute(
            ["a", "b"],
            [["a"], ["b"], ["a", "b"], []],
            [["a"], ["b"], ["a"], []],
            [[0.9f, 0.2f], [0.4f, 0.7f], [0.6f, 0.1f], [0.2f, 0.3f]]);

        Assert.Equal(0.75, m.RocAucMacro, Tolerance);
        // Each label's curve and AUC (the report draws the curves): a ranks perfectly, b half of its pairs.
        Assert.Equal(["a", "b"], m.RocCurves.Select(c => c.Label));
        Assert.Equal(1, m.PerLabel[0].RocAuc, Tolerance);
        Assert.Equal(0.5, m.PerLabel[1].RocAuc, Tolerance);
        Assert.Equal(m.PerLabel[1].RocAuc, m.RocCurves[1].Auc, Tolerance);
        double expected = -(Math.Log(0.9) + Math.Log(0.6) + Math.Log(0.6) + Math.Log(0.8)
            + Math.Log(0.8) + Math.Log(0.7) + Math.Log(0.1) + Math.Log(0.7)) / 8;
        Assert.Equal(expected, m.LogLoss, 1e-6);

        // A gold label the model does not know has probability 0: its AUC is that of a constant score, and a perfect
        // ranking of a known label stays 1.
        MultiLabelMetrics unknown = MultiLabelMetrics.Compute(["a"], [["a"], ["z"]], [["a"], []], [[0.8f], [0.1f]]);
        Assert.Equal(0.75, unknown.RocAucMacro, Tolerance);
        Assert.Throws<ArgumentException>(() => MultiLabelMetrics.Compute(["a", "b"], [["a"]], [["a"]], [[0.5f]]));

        // A broken score is named by its label and text.
        ArgumentException nan = Assert.Throws<ArgumentException>(() => MultiLabelMetrics.Compute(["a", "b"], [["a"], ["b"]], [["a"], ["b"]], [[0.9f, 0.1f], [0.2f, float.NaN]]));
        Assert.Contains("label 'b' for row 1 is NaN", nan.Message);
    }

    [Property(Arbitrary = [typeof(LabelSetsArbitrary)], MaxTest = 200)]
    public void With_one_label_per_text_the_co_occurrence_matrix_and_weighted_F1_are_the_single_label_ones(LabelSetsCase sample)
    {
        string[][] gold = [.. sample.Gold.Select(g => g.Take(1).ToArray()).Where(g => g.Length == 1)];
        string[][] predicted = [.. sample.Predicted.Zip(sample.Gold).Where(pair => pair.Second.Length > 0)
            .Select(pair => pair.First.Length > 0 ? pair.First.Take(1).ToArray() : (string[])[pair.Second[0]])];
        if (gold.Length == 0)
        {
            return;
        }

        MultiLabelMetrics multi = Compute(gold, predicted, sample.Labels);
        int[] goldIds = [.. gold.Select(g => Array.IndexOf(sample.Labels, g[0]))];
        float[] probabilities = new float[gold.Length * sample.Labels.Length];
        for (int i = 0; i < gold.Length; i++)
        {
            probabilities[(i * sample.Labels.Length) + Array.IndexOf(sample.Labels, predicted[i][0])] = 1;
        }

        ClassificationMetrics single = MetricsCalculator.Compute(sample.Labels, goldIds, probabilities);
        Assert.Equal(single.ConfusionMatrix, multi.ConfusionMatrix);
        Assert.Equal(single.WeightedF1, multi.WeightedF1, 1e-9);
    }

    [Fact]
    public void Unknown_gold_labels_are_appended_and_count_as_missed()
    {
        MultiLabelMetrics m = MultiLabelMetrics.Compute(["a", "b"], [["d"]], [[]]);

        Assert.Equal(["a", "b", "d"], m.Labels);
        Assert.Equal(1.0 / 3, m.HammingLoss, Tolerance);
        Assert.Equal(0, m.MicroF1);
        Assert.Equal(0, m.MacroF1); // a and b occur nowhere, so the macro average is over d alone
        Assert.Equal(0, m.SubsetAccuracy);
    }

    [Fact]
    public void Duplicate_or_null_model_labels_and_null_set_labels_are_refused()
    {
        // A repeated model label was a column of its own: the Hamming loss divided by 3 decisions a text instead of 2
        // (1/3, not 1/2 here), and perLabel held the key "a" twice. MetricsCalculator refuses such a list too.
        ArgumentException duplicate = Assert.Throws<ArgumentException>(() => MultiLabelMetrics.Compute(["a", "a", "b"], [["a"], ["b"]], [["a"], ["a"]]));
        Assert.Equal("labels", duplicate.ParamName);
        Assert.Contains("duplicate", duplicate.Message, StringComparison.Ordinal);

        // A null label was an ArgumentNullException for a dictionary's "key".
        ArgumentException nullLabel = Assert.Throws<ArgumentException>(() => MultiLabelMetrics.Compute(["a", null!], [["a"]], [["a"]]));
        Assert.Equal("labels", nullLabel.ParamName);
        ArgumentException nullInSet = Assert.Throws<ArgumentException>(() => MultiLabelMetrics.Compute(["a"], [["a"]], [["a", null!]]));
        Assert.Equal("predicted", nullInSet.ParamName);
        Assert.Contains("set 0", nullInSet.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_has_the_multi_label_keys_and_accuracy_is_subset_accuracy()
    {
        MultiLabelMetrics m = MultiLabelMetrics.Compute(["a", "b"], [["a"], ["a", "b"]], [["a"], ["a"]]);
        using var document = System.Text.Json.JsonDocument.Parse(m.ToJson());
        System.Text.Json.JsonElement root = document.RootElement;

        foreach (string key in new[] { "accuracy", "subsetAccuracy", "hammingLoss", "microF1", "macroF1", "weightedF1", "logLoss", "rocAucMacro", "confusionMatrix", "perLabel", "labels" })
        {
            Assert.True(root.TryGetProperty(key, out _), key);
        }

        Assert.Equal(0.5, root.GetProperty("accuracy").GetDouble());
        Assert.Equal(0.25, root.GetProperty("hammingLoss").GetDouble());
        Assert.Equal(1, root.GetProperty("perLabel").GetProperty("b").GetProperty("support").GetInt32());
    }

    [Fact]
    public void LabelSet_parse_trims_drops_empties_and_dedupes()
    {
        Assert.Equal(["a", "b"], LabelSet.Parse(" b | a ||b|", "|"));
        Assert.Equal(["x"], LabelSet.Parse("x", "|"));
        Assert.Empty(LabelSet.Parse(" | ", "|"));
    }

    [Property(Arbitrary = [typeof(LabelSetsArbitrary)], MaxTest = 200)]
    public void Rates_are_in_the_unit_interval_and_Hamming_loss_counts_wrong_decisions(LabelSetsCase sample)
    {
        MultiLabelMetrics m = Compute(sample.Gold, sample.Predicted, sample.Labels);

        foreach (double value in new[] { m.SubsetAccuracy, m.HammingLoss, m.MicroPrecision, m.MicroRecall, m.MicroF1, m.MacroPrecision, m.MacroRecall, m.MacroF1 })
        {
            Assert.InRange(value, 0, 1);
        }

        int wrong = 0;
        for (int i = 0; i < sample.Gold.Length; i++)
        {
            wrong += sample.Gold[i].Except(sample.Predicted[i]).Count() + sample.Predicted[i].Except(sample.Gold[i]).Count();
        }

        Assert.Equal((double)wrong / (sample.Gold.Length * sample.Labels.Length), m.HammingLoss, 1e-12);
    }

    [Property(Arbitrary = [typeof(LabelSetsArbitrary)], MaxTest = 200)]
    public void Perfect_predictions_score_one_and_zero_Hamming_loss(LabelSetsCase sample)
    {
        MultiLabelMetrics m = Compute(sample.Gold, sample.Gold, sample.Labels);

        Assert.Equal(1, m.SubsetAccuracy);
        Assert.Equal(0, m.HammingLoss);
        Assert.Equal(1, m.MicroF1);
        Assert.Equal(1, m.MacroF1, 1e-12);
    }

    [Property(Arbitrary = [typeof(LabelSetsArbitrary)], MaxTest = 200)]
    public void Permuting_rows_changes_nothing(LabelSetsCase sample)
    {
        MultiLabelMetrics m = Compute(sample.Gold, sample.Predicted, sample.Labels);
        string[][] gold = [.. sample.Permutation.Select(i => sample.Gold[i])];
        string[][] predicted = [.. sample.Permutation.Select(i => sample.Predicted[i])];
        MultiLabelMetrics permuted = Compute(gold, predicted, sample.Labels);

        Assert.Equal(m.SubsetAccuracy, permuted.SubsetAccuracy, 1e-12);
        Assert.Equal(m.HammingLoss, permuted.HammingLoss, 1e-12);
        Assert.Equal(m.MicroF1, permuted.MicroF1, 1e-12);
        Assert.Equal(m.MacroF1, permuted.MacroF1, 1e-12);
        Assert.Equal(m.PerLabel, permuted.PerLabel);
    }

    private static MultiLabelMetrics Compute(string[][] gold, string[][] predicted, string[] labels) =>
        MultiLabelMetrics.Compute(labels, [.. gold.Select(g => (IReadOnlyList<string>)g)], [.. predicted.Select(p => (IReadOnlyList<string>)p)]);
}

/// <summary>Random gold and predicted label sets over 2–5 labels for 1–60 rows, and a permutation of the rows.</summary>
public sealed record LabelSetsCase(string[] Labels, string[][] Gold, string[][] Predicted, int[] Permutation)
{
    public override string ToString() =>
        $"gold=[{string.Join(";", Gold.Select(g => string.Join(",", g)))}] predicted=[{string.Join(";", Predicted.Select(p => string.Join(",", p)))}]";
}

public static class LabelSetsArbitrary
{
    public static Arbitrary<LabelSetsCase> LabelSetsCase()
    {
        Gen<LabelSetsCase> gen =
            from n in Gen.Choose(1, 60)
            from l in Gen.Choose(2, 5)
            from gold in Gen.ArrayOf(Gen.Elements(true, false), n * l)
            from predicted in Gen.ArrayOf(Gen.Elements(true, false), n * l)
            from permutation in Gen.Shuffle(Enumerable.Range(0, n))
            select Build(n, l, gold, predicted, permutation);
        return Arb.From(gen);
    }

    private static LabelSetsCase Build(int n, int l, bool[] gold, bool[] predicted, int[] permutation)
    {
        string[] labels = [.. Enumerable.Range(0, l).Select(c => "L" + c)];
        string[][] Sets(bool[] flags) => [.. Enumerable.Range(0, n).Select(i => Enumerable.Range(0, l).Where(c => flags[(i * l) + c]).Select(c => labels[c]).ToArray())];
        return new LabelSetsCase(labels, Sets(gold), Sets(predicted), permutation);
    }
}
