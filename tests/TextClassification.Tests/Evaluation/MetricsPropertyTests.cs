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

        ClassificationMetrics original = Compute(sample);
        ClassificationMetrics permuted = MetricsCalculator.Compute(sample.Labels, gold, probabilities);

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

    private static ClassificationMetrics Compute(EvalCase sample)
    {
        return MetricsCalculator.Compute(sample.Labels, sample.Gold, sample.Probabilities);
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
