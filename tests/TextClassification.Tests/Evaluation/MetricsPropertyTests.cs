using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TextClassification.Training.Evaluation;

namespace TextClassification.Tests.Evaluation;

/// <summary>
/// A random evaluation set: n in 1..200 rows, C in 2..6 labels, random gold labels, probability rows normalised to
/// sum 1 (from small integer weights, so ties are common, or from wide ones), and a random permutation of the rows.
/// </summary>
public sealed record EvalCase(string[] Labels, int[] Gold, float[] Probabilities, int[] Permutation)
{
    public int ClassCount => Labels.Length;

    public int RowCount => Gold.Length;

    public override string ToString()
    {
        return $"EvalCase(n={RowCount}, C={ClassCount}, gold=[{string.Join(",", Gold)}], " +
            $"probabilities=[{string.Join(",", Probabilities)}], permutation=[{string.Join(",", Permutation)}])";
    }
}

/// <summary>The FsCheck generator of <see cref="EvalCase"/>.</summary>
public static class EvalCaseArbitrary
{
    public static Arbitrary<EvalCase> EvalCase()
    {
        Gen<EvalCase> gen =
            from n in Gen.Choose(1, 200)
            from c in Gen.Choose(2, 6)
            from gold in Gen.ArrayOf(Gen.Choose(0, c - 1), n)
            from maxWeight in Gen.Elements(1, 3, 10, 1_000_000)
            from weights in Gen.ArrayOf(Gen.Choose(0, maxWeight), n * c)
            from permutation in Gen.Shuffle(Enumerable.Range(0, n))
            select Build(c, gold, weights, permutation);
        return Arb.From(gen);
    }

    private static EvalCase Build(int classCount, int[] gold, int[] weights, int[] permutation)
    {
        var labels = new string[classCount];
        for (int c = 0; c < classCount; c++)
        {
            labels[c] = "label" + c;
        }

        var probabilities = new float[weights.Length];
        for (int i = 0; i < gold.Length; i++)
        {
            double sum = 0;
            for (int c = 0; c < classCount; c++)
            {
                sum += weights[(i * classCount) + c];
            }

            for (int c = 0; c < classCount; c++)
            {
                probabilities[(i * classCount) + c] =
                    sum == 0 ? 1f / classCount : (float)(weights[(i * classCount) + c] / sum);
            }
        }

        return new EvalCase(labels, gold, probabilities, permutation);
    }
}

[Properties(Arbitrary = [typeof(EvalCaseArbitrary)], MaxTest = 200)]
public sealed class MetricsPropertyTests
{
    private const double Tolerance = 1e-9;

    [Property]
    public void RatesAreInUnitInterval(EvalCase sample)
    {
        ClassificationMetrics m = Compute(sample);

        AssertUnit(m.Accuracy);
        AssertUnit(m.MacroF1);
        AssertUnit(m.WeightedF1);
        AssertUnit(m.MacroPrecision);
        AssertUnit(m.MacroRecall);
        foreach (LabelMetrics label in m.PerLabel)
        {
            AssertUnit(label.Precision);
            AssertUnit(label.Recall);
            AssertUnit(label.F1);
        }

        Assert.True(m.LogLoss >= 0 && double.IsFinite(m.LogLoss), $"log loss {m.LogLoss}");
    }

    [Property]
    public void WeightedRecallEqualsAccuracy(EvalCase sample)
    {
        ClassificationMetrics m = Compute(sample);

        double weightedRecall = 0;
        foreach (LabelMetrics label in m.PerLabel)
        {
            weightedRecall += label.Recall * label.Support;
        }

        weightedRecall /= m.Count;
        Assert.Equal(m.Accuracy, weightedRecall, Tolerance);
    }

    [Property]
    public void ConfusionMatrixSumsToCountAndRowsToSupports(EvalCase sample)
    {
        ClassificationMetrics m = Compute(sample);

        Assert.Equal(sample.RowCount, m.Count);
        Assert.Equal(sample.ClassCount, m.ConfusionMatrix.Length);
        var goldCounts = new int[sample.ClassCount];
        foreach (int g in sample.Gold)
        {
            goldCounts[g]++;
        }

        int total = 0;
        int diagonal = 0;
        for (int t = 0; t < sample.ClassCount; t++)
        {
            int[] row = m.ConfusionMatrix[t];
            Assert.Equal(sample.ClassCount, row.Length);
            int rowSum = 0;
            foreach (int cell in row)
            {
                Assert.True(cell >= 0);
                rowSum += cell;
            }

            Assert.Equal(m.PerLabel[t].Support, rowSum);
            Assert.Equal(goldCounts[t], rowSum);
            total += rowSum;
            diagonal += row[t];
        }

        Assert.Equal(sample.RowCount, total);
        Assert.Equal((double)diagonal / sample.RowCount, m.Accuracy, Tolerance);
    }

    [Property]
    public void PermutingRowsChangesNoMetric(EvalCase sample)
    {
        int classCount = sample.ClassCount;
        ClassificationMetrics original = Compute(sample);
        ClassificationMetrics permuted = ComputePermuted(sample);

        Assert.Equal(original.Count, permuted.Count);
        Assert.Equal(original.ConfusionMatrix, permuted.ConfusionMatrix);
        Assert.Equal(original.Accuracy, permuted.Accuracy, Tolerance);
        Assert.Equal(original.MacroF1, permuted.MacroF1, Tolerance);
        Assert.Equal(original.WeightedF1, permuted.WeightedF1, Tolerance);
        Assert.Equal(original.MacroPrecision, permuted.MacroPrecision, Tolerance);
        Assert.Equal(original.MacroRecall, permuted.MacroRecall, Tolerance);
        Assert.Equal(original.LogLoss, permuted.LogLoss, Tolerance);
        AssertSameOrBothNaN(original.RocAucMacro, permuted.RocAucMacro);
        for (int c = 0; c < classCount; c++)
        {
            Assert.Equal(original.PerLabel[c].Support, permuted.PerLabel[c].Support);
            Assert.Equal(original.PerLabel[c].Precision, permuted.PerLabel[c].Precision, Tolerance);
            Assert.Equal(original.PerLabel[c].Recall, permuted.PerLabel[c].Recall, Tolerance);
            Assert.Equal(original.PerLabel[c].F1, permuted.PerLabel[c].F1, Tolerance);
        }
    }

    [Property]
    public void AucIsInUnitIntervalOrNaN(EvalCase sample)
    {
        double auc = Compute(sample).RocAucMacro;

        Assert.True(double.IsNaN(auc) || (auc >= 0 && auc <= 1), $"AUC {auc}");
    }

    [Property]
    public void AucMatchesPairwiseDefinition(EvalCase sample)
    {
        // Brute force O(n²): per label, the share of (positive, negative) pairs where the positive scores
        // higher, ties counting 1/2; averaged over labels that have both positives and negatives.
        int n = sample.RowCount;
        int classCount = sample.ClassCount;
        double sum = 0;
        int used = 0;
        for (int c = 0; c < classCount; c++)
        {
            double wins = 0;
            long pairs = 0;
            for (int i = 0; i < n; i++)
            {
                if (sample.Gold[i] != c)
                {
                    continue;
                }

                float positive = sample.Probabilities[(i * classCount) + c];
                for (int j = 0; j < n; j++)
                {
                    if (sample.Gold[j] == c)
                    {
                        continue;
                    }

                    float negative = sample.Probabilities[(j * classCount) + c];
                    wins += positive > negative ? 1 : positive == negative ? 0.5 : 0;
                    pairs++;
                }
            }

            if (pairs > 0)
            {
                sum += wins / pairs;
                used++;
            }
        }

        double expected = used == 0 ? double.NaN : sum / used;
        AssertSameOrBothNaN(expected, Compute(sample).RocAucMacro);
    }

    [Property]
    public void PredictionIsArgmaxWithLowestIndexOnTies(EvalCase sample)
    {
        int classCount = sample.ClassCount;
        var expected = new int[classCount][];
        for (int c = 0; c < classCount; c++)
        {
            expected[c] = new int[classCount];
        }

        for (int i = 0; i < sample.RowCount; i++)
        {
            int best = 0;
            for (int c = 1; c < classCount; c++)
            {
                if (sample.Probabilities[(i * classCount) + c] > sample.Probabilities[(i * classCount) + best])
                {
                    best = c;
                }
            }

            expected[sample.Gold[i]][best]++;
        }

        Assert.Equal(expected, Compute(sample).ConfusionMatrix);
    }

    [Property]
    public void WeightedRecallPropertyEqualsAccuracy_AndWeightedPrecisionIsInUnitInterval(EvalCase sample)
    {
        ClassificationMetrics m = Compute(sample);

        Assert.Equal(m.Accuracy, m.WeightedRecall, Tolerance);
        AssertUnit(m.WeightedPrecision);
    }

    [Property]
    public void TopKAccuracyStartsAtAccuracy_NeverDecreases_AndReachesOneWhenKCoversAllLabels(EvalCase sample)
    {
        ClassificationMetrics m = Compute(sample);

        Assert.Equal(Math.Min(MetricsCalculator.MaxTopK, sample.ClassCount), m.TopKAccuracy.Count);
        Assert.Equal(m.Accuracy, m.TopKAccuracy[0]);
        for (int k = 1; k < m.TopKAccuracy.Count; k++)
        {
            Assert.True(m.TopKAccuracy[k] >= m.TopKAccuracy[k - 1], $"top-{k + 1} < top-{k}");
            AssertUnit(m.TopKAccuracy[k]);
        }

        if (sample.ClassCount <= MetricsCalculator.MaxTopK)
        {
            Assert.Equal(1.0, m.TopKAccuracy[^1]);
        }
    }

    [Property]
    public void CalibrationBinsCoverEveryRow_AndEceIsTheirWeightedGap(EvalCase sample)
    {
        ClassificationMetrics m = Compute(sample);

        int total = 0;
        double ece = 0;
        foreach (CalibrationBin bin in m.CalibrationBins)
        {
            total += bin.Count;
            if (bin.Count > 0)
            {
                Assert.InRange(bin.MeanConfidence, bin.Lower, bin.Upper);
                AssertUnit(bin.Accuracy);
                ece += (double)bin.Count / sample.RowCount * Math.Abs(bin.Accuracy - bin.MeanConfidence);
            }
        }

        Assert.Equal(sample.RowCount, total);
        Assert.Equal(ece, m.ExpectedCalibrationError, Tolerance);
        AssertUnit(m.ExpectedCalibrationError);
    }

    [Property]
    public void RocCurvesRunFromOriginToOneOne_Monotonically_AndTheirTrapezoidAreaIsTheAuc(EvalCase sample)
    {
        ClassificationMetrics m = Compute(sample);

        double macro = 0;
        int defined = 0;
        for (int c = 0; c < sample.ClassCount; c++)
        {
            RocCurve curve = m.RocCurves[c];
            Assert.Equal(sample.Labels[c], curve.Label);
            Assert.Equal(m.PerLabel[c].Support, curve.Positives);
            if (!curve.IsDefined)
            {
                Assert.True(double.IsNaN(m.PerLabel[c].RocAuc));
                continue;
            }

            IReadOnlyList<double> x = curve.FalsePositiveRates;
            IReadOnlyList<double> y = curve.TruePositiveRates;
            Assert.Equal((0.0, 0.0), (x[0], y[0]));
            Assert.Equal((1.0, 1.0), (x[^1], y[^1]));
            double area = 0;
            for (int i = 1; i < x.Count; i++)
            {
                Assert.True(x[i] >= x[i - 1] && y[i] >= y[i - 1], $"curve of {curve.Label} goes back at point {i}");
                Assert.True(curve.Thresholds[i] < curve.Thresholds[i - 1], "thresholds must strictly decrease");
                area += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2;
            }

            Assert.Equal(area, curve.Auc, Tolerance);
            Assert.Equal(curve.Auc, m.PerLabel[c].RocAuc);
            macro += curve.Auc;
            defined++;
        }

        AssertSameOrBothNaN(defined == 0 ? double.NaN : macro / defined, m.RocAucMacro);
    }

    [Property]
    public void RocCurvesKeepTheCornersOfEveryThresholdsCurve_SoTheShapeAndAreaAreTheSame(EvalCase sample)
    {
        ClassificationMetrics m = Compute(sample);
        var scores = new float[sample.RowCount];
        var isPositive = new bool[sample.RowCount];
        for (int c = 0; c < sample.ClassCount; c++)
        {
            for (int i = 0; i < sample.RowCount; i++)
            {
                scores[i] = sample.Probabilities[(i * sample.ClassCount) + c];
                isPositive[i] = sample.Gold[i] == c;
            }

            RocCurve kept = m.RocCurves[c];
            RocCurve full = RocCurve.Create(sample.Labels[c], scores, isPositive, dropIntermediate: false);
            if (!full.IsDefined)
            {
                Assert.False(kept.IsDefined);
                continue;
            }

            Assert.Equal(full.Auc, kept.Auc);
            Assert.True(kept.Thresholds.Count >= Math.Min(full.Thresholds.Count, 2));
            Assert.Equal(full.Thresholds[1], kept.Thresholds[1]); // the first threshold is always kept
            Assert.Equal(full.Thresholds[^1], kept.Thresholds[^1]);

            // Each kept point is a point of the full curve; each left-out one lies on the segment between the kept
            // points around it (collinear, in counts: exact).
            int k = 0;
            for (int i = 0; i < full.Thresholds.Count; i++)
            {
                if (k < kept.Thresholds.Count && kept.Thresholds[k] == full.Thresholds[i])
                {
                    Assert.Equal((full.FalsePositiveRates[i], full.TruePositiveRates[i]), (kept.FalsePositiveRates[k], kept.TruePositiveRates[k]));
                    k++;
                    continue;
                }

                Assert.True(k > 0 && k < kept.Thresholds.Count, $"point {i} of {full.Label} left out at an end");
                double ax = kept.FalsePositiveRates[k - 1] * full.Negatives;
                double ay = kept.TruePositiveRates[k - 1] * full.Positives;
                double bx = (kept.FalsePositiveRates[k] * full.Negatives) - ax;
                double by = (kept.TruePositiveRates[k] * full.Positives) - ay;
                double px = (full.FalsePositiveRates[i] * full.Negatives) - ax;
                double py = (full.TruePositiveRates[i] * full.Positives) - ay;
                Assert.Equal(0, Math.Round((bx * py) - (by * px), 6));
            }

            Assert.Equal(kept.Thresholds.Count, k);
        }
    }

    [Property]
    public void PerfectRankingGivesAucOne_AndPerfectConfidenceGivesZeroCalibrationError(EvalCase sample)
    {
        // One-hot probabilities on the gold label: every positive scores 1, every negative 0.
        var oneHot = new float[sample.RowCount * sample.ClassCount];
        for (int i = 0; i < sample.RowCount; i++)
        {
            oneHot[(i * sample.ClassCount) + sample.Gold[i]] = 1f;
        }

        ClassificationMetrics m = MetricsCalculator.Compute(sample.Labels, sample.Gold, oneHot);

        Assert.Equal(1.0, m.Accuracy);
        Assert.Equal(0.0, m.ExpectedCalibrationError, Tolerance);
        foreach (RocCurve curve in m.RocCurves)
        {
            Assert.True(!curve.IsDefined || curve.Auc == 1.0, $"AUC of {curve.Label} is {curve.Auc}");
        }

        Assert.True(double.IsNaN(m.RocAucMacro) || m.RocAucMacro == 1.0);
    }

    [Property]
    public void PermutingRowsChangesNoNewMetric(EvalCase sample)
    {
        int classCount = sample.ClassCount;
        ClassificationMetrics original = Compute(sample);
        ClassificationMetrics permuted = ComputePermuted(sample);

        Assert.Equal(original.WeightedPrecision, permuted.WeightedPrecision, Tolerance);
        Assert.Equal(original.TopKAccuracy, permuted.TopKAccuracy);
        Assert.Equal(original.ExpectedCalibrationError, permuted.ExpectedCalibrationError, Tolerance);
        for (int c = 0; c < classCount; c++)
        {
            AssertSameOrBothNaN(original.PerLabel[c].RocAuc, permuted.PerLabel[c].RocAuc);
            Assert.Equal(original.RocCurves[c].FalsePositiveRates, permuted.RocCurves[c].FalsePositiveRates);
            Assert.Equal(original.RocCurves[c].TruePositiveRates, permuted.RocCurves[c].TruePositiveRates);
        }
    }

    private static ClassificationMetrics Compute(EvalCase sample)
    {
        return MetricsCalculator.Compute(sample.Labels, sample.Gold, sample.Probabilities);
    }

    /// <summary>The metrics of the same rows in the order of <see cref="EvalCase.Permutation"/>.</summary>
    private static ClassificationMetrics ComputePermuted(EvalCase sample)
    {
        int n = sample.RowCount;
        int classCount = sample.ClassCount;
        var gold = new int[n];
        var probabilities = new float[n * classCount];
        for (int i = 0; i < n; i++)
        {
            int source = sample.Permutation[i];
            gold[i] = sample.Gold[source];
            Array.Copy(sample.Probabilities, source * classCount, probabilities, i * classCount, classCount);
        }

        return MetricsCalculator.Compute(sample.Labels, gold, probabilities);
    }

    private static void AssertUnit(double value)
    {
        Assert.True(value >= 0 && value <= 1, $"{value} is not in [0, 1]");
    }

    private static void AssertSameOrBothNaN(double expected, double actual)
    {
        if (double.IsNaN(expected))
        {
            Assert.True(double.IsNaN(actual), $"expected NaN, got {actual}");
        }
        else
        {
            Assert.Equal(expected, actual, Tolerance);
        }
    }
}
