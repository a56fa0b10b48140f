using System.Globalization;
using System.Text.Json;
using TextClassification.Training.Evaluation;

namespace TextClassification.Tests.Evaluation;

/// <summary>
/// Hand-computed checks of the metrics added for the report: weighted precision/recall, per-label AUC and ROC points,
/// top-k accuracy and the expected calibration error.
/// </summary>
public sealed class RankingAndCalibrationTests
{
    private const double Tolerance = 1e-12;

    // ThreeClassCase (labels a, b, c), with the rank of the gold label in each row (labels with a higher
    // probability, or an equal one and a lower index, come before it):
    //
    //  row  gold  probabilities (a, b, c)  predicted  rank of gold
    //   0    a    0.7  0.2  0.1             a          0
    //   1    a    0.5  0.4  0.1             a          0
    //   2    a    0.2  0.6  0.2             b          1  (b above; c ties but has a higher index)
    //   3    b    0.1  0.8  0.1             b          0
    //   4    b    0.4  0.4  0.2             a          1  (a ties and has the lower index)
    //   5    c    0.1  0.5  0.4             b          1
    //
    // Top-1 = 3/6, top-2 = 6/6, top-3 = 1 (three labels: k stops at 3).
    // Weighted precision = (3·2/3 + 2·1/3 + 1·0) / 6 = (8/3) / 6 = 4/9.
    // Weighted recall    = (3·2/3 + 2·1/2 + 1·0) / 6 = 3/6 = accuracy.
    private static readonly string[] ThreeLabels = ThreeClassCase.Labels;
    private static readonly int[] ThreeGold = ThreeClassCase.Gold;
    private static readonly float[] ThreeProbabilities = ThreeClassCase.Probabilities;

    [Fact]
    public void WeightedPrecisionAndRecall_MatchHandComputedValues()
    {
        ClassificationMetrics m = MetricsCalculator.Compute(ThreeLabels, ThreeGold, ThreeProbabilities);

        Assert.Equal(4.0 / 9, m.WeightedPrecision, Tolerance);
        Assert.Equal(0.5, m.WeightedRecall, Tolerance);
        Assert.Equal(m.Accuracy, m.WeightedRecall, Tolerance);
    }

    [Fact]
    public void TopKAccuracy_MatchesHandComputedRanks()
    {
        ClassificationMetrics m = MetricsCalculator.Compute(ThreeLabels, ThreeGold, ThreeProbabilities);

        Assert.Equal([0.5, 1.0, 1.0], m.TopKAccuracy);
    }

    [Fact]
    public void TopKAccuracy_StopsAtMaxTopK()
    {
        // Eight labels, one row whose gold label (index 7) has the 7th largest probability: hit only at k ≥ 7,
        // which is beyond MaxTopK = 5.
        string[] labels = ["l0", "l1", "l2", "l3", "l4", "l5", "l6", "l7"];
        float[] row = [0.30f, 0.20f, 0.15f, 0.12f, 0.10f, 0.07f, 0.01f, 0.05f];

        ClassificationMetrics m = MetricsCalculator.Compute(labels, [7], row);

        Assert.Equal(MetricsCalculator.MaxTopK, m.TopKAccuracy.Count);
        Assert.All(m.TopKAccuracy, value => Assert.Equal(0.0, value));
    }

    [Fact]
    public void TopKAccuracy_NeverCountsATestLabelTheModelLacks_AndStopsAtTheModelsLabelCount()
    {
        // A two-label model ("spam", "ham") and a test label it does not know ("unsure", probability 0): two rows right,
        // two "unsure" rows. Ranked with the zeros, "unsure" would be third, a "hit" at k = 3 that no model could earn.
        string[] labels = ["spam", "ham", "unsure"];
        float[] probabilities = [0.9f, 0.1f, 0f, 0.2f, 0.8f, 0f, 0.6f, 0.4f, 0f, 0.3f, 0.7f, 0f];

        ClassificationMetrics m = MetricsCalculator.Compute(labels, [0, 1, 2, 2], probabilities, predictableLabels: 2);
        ClassificationMetrics unaware = MetricsCalculator.Compute(labels, [0, 1, 2, 2], probabilities);

        Assert.Equal([0.5, 0.5], m.TopKAccuracy);
        Assert.Equal(0.5, m.Accuracy);
        Assert.Equal(1.0, unaware.TopKAccuracy[2]); // what the three-label view would claim
        Assert.Throws<ArgumentOutOfRangeException>(() => MetricsCalculator.Compute(labels, [0], probabilities.AsSpan(0, 3), predictableLabels: 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => MetricsCalculator.Compute(labels, [0], probabilities.AsSpan(0, 3), predictableLabels: 0));
    }

    [Fact]
    public void PerLabelAuc_MatchesHandComputedPairs()
    {
        // a: 8/9, b: 11/16, c: 1 (worked out pair by pair in ThreeClassCase).
        ClassificationMetrics m = MetricsCalculator.Compute(ThreeLabels, ThreeGold, ThreeProbabilities);

        Assert.Equal(8.0 / 9, m.PerLabel[0].RocAuc, Tolerance);
        Assert.Equal(11.0 / 16, m.PerLabel[1].RocAuc, Tolerance);
        Assert.Equal(1.0, m.PerLabel[2].RocAuc, Tolerance);
        Assert.Equal(3, m.RocCurves.Count);
        Assert.Equal(m.PerLabel[1].RocAuc, m.RocCurves[1].Auc);
    }

    [Fact]
    public void RocCurvePoints_WalkDistinctThresholdsWithTiesAsDiagonalSteps()
    {
        // Label b: scores 0.2 (neg), 0.4 (neg), 0.6 (neg), 0.8 (pos), 0.4 (pos), 0.5 (neg); P = 2, N = 4.
        // Thresholds from the top: 0.8 → TP 1, FP 0; 0.6 → FP 1; 0.5 → FP 2; 0.4 → TP 2, FP 3 (a tie of one
        // positive and one negative: a diagonal step); 0.2 → FP 4.
        // Trapezoids: 0.25·0.5 + 0.25·0.5 + 0.25·(0.5+1)/2 + 0.25·1 = 0.6875 = 11/16.
        RocCurve curve = MetricsCalculator.Compute(ThreeLabels, ThreeGold, ThreeProbabilities).RocCurves[1];

        Assert.Equal("b", curve.Label);
        Assert.True(curve.IsDefined);
        Assert.Equal(2, curve.Positives);
        Assert.Equal(4, curve.Negatives);
        // The metrics keep the corners (scikit-learn's roc_curve by default, drop_intermediate=True): 0.6 lies on the
        // line from 0.8 to 0.5 (two steps of one negative), so it is left out.
        Assert.Equal([0, 0, 0.5, 0.75, 1], curve.FalsePositiveRates);
        Assert.Equal([0, 0.5, 0.5, 1, 1], curve.TruePositiveRates);
        Assert.Equal([double.PositiveInfinity, 0.8f, 0.5f, 0.4f, 0.2f], curve.Thresholds);
        Assert.Equal(11.0 / 16, curve.Auc, Tolerance);

        // Every threshold (drop_intermediate=False): the same area.
        RocCurve full = RocCurve.Create("b", [0.2f, 0.4f, 0.6f, 0.8f, 0.4f, 0.5f], [false, false, false, true, true, false], dropIntermediate: false);
        Assert.Equal([0, 0, 0.25, 0.5, 0.75, 1], full.FalsePositiveRates);
        Assert.Equal([0, 0.5, 0.5, 0.5, 1, 1], full.TruePositiveRates);
        Assert.Equal([double.PositiveInfinity, 0.8f, 0.6f, 0.5f, 0.4f, 0.2f], full.Thresholds);
        Assert.Equal(curve.Auc, full.Auc);
    }

    [Fact]
    public void RocCurve_DropsOnlyPointsWhoseStepInEqualsTheirStepOut()
    {
        // Scores from the top: 0.9 P, 0.8 P, 0.7 P (a run of positives), 0.6 N, 0.5 N, 0.4 {P, N} tie, 0.3 {P, N} tie,
        // 0.2 N. scikit-learn's roc_curve(y, s) keeps thresholds 0.9 (the first, always), 0.7, 0.5, 0.3, 0.2: 0.8 and
        // 0.6 sit inside runs, 0.4's diagonal step (1, 1) is followed by an equal one, so it goes too; 0.5 is a corner.
        float[] scores = [0.9f, 0.8f, 0.7f, 0.6f, 0.5f, 0.4f, 0.4f, 0.3f, 0.3f, 0.2f];
        bool[] positive = [true, true, true, false, false, true, false, true, false, false];

        RocCurve curve = RocCurve.Create("x", scores, positive);

        Assert.Equal([double.PositiveInfinity, 0.9f, 0.7f, 0.5f, 0.3f, 0.2f], curve.Thresholds);
        Assert.Equal([0, 0, 0, 2 / 5.0, 4 / 5.0, 1], curve.FalsePositiveRates);
        Assert.Equal([0, 1 / 5.0, 3 / 5.0, 3 / 5.0, 1, 1], curve.TruePositiveRates);
        Assert.Equal(RocCurve.Create("x", scores, positive, dropIntermediate: false).Auc, curve.Auc);
    }

    [Fact]
    public void RocCurve_AllScoresTied_IsTheDiagonalWithAucOneHalf()
    {
        RocCurve curve = RocCurve.Create("x", [0.3f, 0.3f, 0.3f, 0.3f, 0.3f], [true, false, false, true, false]);

        Assert.Equal([0.0, 1.0], curve.FalsePositiveRates);
        Assert.Equal([0.0, 1.0], curve.TruePositiveRates);
        Assert.Equal(0.5, curve.Auc, Tolerance);
    }

    [Fact]
    public void RocCurve_PartialTies_GiveHalfCredit()
    {
        // Positives {0.9, 0.5}, negatives {0.5, 0.1}: pairs (0.9>0.5) 1, (0.9>0.1) 1, (0.5=0.5) ½, (0.5>0.1) 1 → 3.5/4.
        RocCurve curve = RocCurve.Create("x", [0.9f, 0.5f, 0.5f, 0.1f], [true, true, false, false]);

        Assert.Equal(0.875, curve.Auc, Tolerance);
    }

    [Fact]
    public void RocCurve_IsUndefinedWithoutPositivesOrNegatives()
    {
        RocCurve onlyPositives = RocCurve.Create("x", [0.1f, 0.2f], [true, true]);
        RocCurve onlyNegatives = RocCurve.Create("x", [0.1f, 0.2f], [false, false]);

        Assert.False(onlyPositives.IsDefined);
        Assert.True(double.IsNaN(onlyPositives.Auc));
        Assert.Empty(onlyPositives.FalsePositiveRates);
        Assert.False(onlyNegatives.IsDefined);
        Assert.Equal(2, onlyNegatives.Negatives);
    }

    [Fact]
    public void RocCurve_RejectsBadInput()
    {
        Assert.Throws<ArgumentException>(() => RocCurve.Create("x", [0.1f, 0.2f], [true]));
        ArgumentException nan = Assert.Throws<ArgumentException>(() => RocCurve.Create("spam", [0.1f, float.NaN], [true, false]));
        Assert.Contains("label 'spam' for row 1 is NaN", nan.Message);
        Assert.Throws<ArgumentNullException>(() => RocCurve.Create(null!, [0.1f], [true]));
    }

    [Fact]
    public void A_non_finite_score_is_named_the_same_in_every_culture()
    {
        CultureInfo before = CultureInfo.CurrentCulture;
        try
        {
            // fi-FI writes NaN "epäluku" and infinity "∞".
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("fi-FI");
            ArgumentException roc = Assert.Throws<ArgumentException>(() => RocCurve.Create("spam", [0.1f, float.NaN], [true, false]));
            Assert.Contains("label 'spam' for row 1 is NaN,", roc.Message, StringComparison.Ordinal);
            ArgumentException metrics = Assert.Throws<ArgumentException>(
                () => MetricsCalculator.Compute(["a", "b"], [0, 1], [0.5f, 0.5f, float.PositiveInfinity, 0f]));
            Assert.Contains("= Infinity is not a finite number", metrics.Message, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void Compute_RejectsNonFiniteProbabilities()
    {
        var ex = Assert.Throws<ArgumentException>(
            () => MetricsCalculator.Compute(["a", "b"], [0, 1], [0.5f, 0.5f, float.PositiveInfinity, 0f]));

        Assert.Equal("probabilities", ex.ParamName);
        Assert.Contains("row 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpectedCalibrationError_MatchesHandComputedBins()
    {
        // Dyadic probabilities, exact in float, none on a bin edge except 0.5 (which opens bin [0.5, 0.6)).
        //
        //  row  gold  p(0), p(1)     predicted  confidence  bin         right
        //   0    0    0.875 0.125    0          0.875       [0.8, 0.9)  yes
        //   1    1    0.875 0.125    0          0.875       [0.8, 0.9)  no
        //   2    1    0.25  0.75     1          0.75        [0.7, 0.8)  yes
        //   3    0    0.625 0.375    0          0.625       [0.6, 0.7)  yes
        //   4    0    0.5   0.5      0 (tie)    0.5         [0.5, 0.6)  yes
        //
        // ECE = 2/5·|0.5 − 0.875| + 1/5·|1 − 0.75| + 1/5·|1 − 0.625| + 1/5·|1 − 0.5|
        //     = 0.15 + 0.05 + 0.075 + 0.1 = 0.375
        ClassificationMetrics m = MetricsCalculator.Compute(
            ["x", "y"],
            [0, 1, 1, 0, 0],
            [0.875f, 0.125f, 0.875f, 0.125f, 0.25f, 0.75f, 0.625f, 0.375f, 0.5f, 0.5f]);

        Assert.Equal(0.375, m.ExpectedCalibrationError, Tolerance);
        Assert.Equal(MetricsCalculator.CalibrationBinCount, m.CalibrationBins.Count);
        Assert.Equal(new CalibrationBin(0.8, 0.9, 2, 0.875, 0.5), m.CalibrationBins[8]);
        Assert.Equal(new CalibrationBin(0.5, 0.6, 1, 0.5, 1.0), m.CalibrationBins[5]);
        Assert.Equal(0, m.CalibrationBins[9].Count);
        Assert.True(double.IsNaN(m.CalibrationBins[9].Accuracy));
        Assert.Equal(0, m.CalibrationBins[0].Count);
    }

    [Fact]
    public void ExpectedCalibrationError_IsZeroForConfidentCorrectPredictions_AndOneForConfidentWrongOnes()
    {
        // Confidence exactly 1 lands in the last bin, [0.9, 1.0].
        ClassificationMetrics right = MetricsCalculator.Compute(["x", "y"], [0, 1], [1f, 0f, 0f, 1f]);
        ClassificationMetrics wrong = MetricsCalculator.Compute(["x", "y"], [1, 0], [1f, 0f, 0f, 1f]);

        Assert.Equal(0.0, right.ExpectedCalibrationError, Tolerance);
        Assert.Equal(2, right.CalibrationBins[9].Count);
        Assert.Equal(1.0, wrong.ExpectedCalibrationError, Tolerance);
    }

    [Fact]
    public void Json_WritesTheNewKeysWithTheirValues()
    {
        ClassificationMetrics m = MetricsCalculator.Compute(ThreeLabels, ThreeGold, ThreeProbabilities);

        using JsonDocument doc = JsonDocument.Parse(MetricsJson.Serialize(m));
        JsonElement root = doc.RootElement;

        Assert.Equal(4.0 / 9, root.GetProperty("weightedPrecision").GetDouble(), Tolerance);
        Assert.Equal(0.5, root.GetProperty("weightedRecall").GetDouble(), Tolerance);
        Assert.Equal(m.ExpectedCalibrationError, root.GetProperty("expectedCalibrationError").GetDouble());
        JsonElement topK = root.GetProperty("topKAccuracy");
        Assert.Equal(0.5, topK.GetProperty("1").GetDouble());
        Assert.Equal(1.0, topK.GetProperty("2").GetDouble());
        Assert.Equal(1.0, topK.GetProperty("3").GetDouble());
        Assert.False(topK.TryGetProperty("4", out _));
        Assert.Equal(11.0 / 16, root.GetProperty("perLabel").GetProperty("b").GetProperty("rocAuc").GetDouble(), Tolerance);

        JsonElement bins = root.GetProperty("calibrationBins");
        Assert.Equal(MetricsCalculator.CalibrationBinCount, bins.GetArrayLength());
        int total = 0;
        foreach (JsonElement bin in bins.EnumerateArray())
        {
            total += bin.GetProperty("count").GetInt32();
            if (bin.GetProperty("count").GetInt32() == 0)
            {
                Assert.Equal(JsonValueKind.Null, bin.GetProperty("accuracy").ValueKind);
            }
        }

        Assert.Equal(6, total);
    }
}
