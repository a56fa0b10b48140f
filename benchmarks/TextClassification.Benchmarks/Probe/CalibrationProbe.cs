using System.Globalization;
using System.Numerics.Tensors;
using TextClassification.Benchmarks.Comparison;
using TextClassification.Training.Data;
using TextClassification.Training.Evaluation;
using TextClassification.Training.Trainers;

namespace TextClassification.Benchmarks.Probe;

/// <summary>
/// Session 45's probe (no model change): how far one temperature on the default ensemble's combined probabilities
/// (p_i ∝ p_i^(1/T)) moves test log loss and expected calibration error. Per dataset: the default model trained on all of
/// train.tsv is scored on test.tsv as it is; T is fitted (golden section on ln T in [ln 0.05, ln 20], least log loss) on
/// a held-out 10 % of train.tsv scored by a calibration model trained on the other 90 % (as abstain training calibrates),
/// and, as a bound only, on the test set itself ("oracle"). Prints one line per dataset.
/// <code>TEXTCLASSIFICATION_DATASETS=… dotnet TextClassification.Benchmarks.dll calibration-probe SEED dataset…</code>
/// </summary>
internal static class CalibrationProbe
{
    public static int Run(string[] args)
    {
        int seed = int.Parse(args[0], CultureInfo.InvariantCulture);
        string root = Environment.GetEnvironmentVariable("TEXTCLASSIFICATION_DATASETS")!;
        foreach (string name in args[1..])
        {
            DatasetSplit split = DatasetSplit.TryRead(Path.Combine(root, name))!;
            var options = new NGramTrainerOptions { Seed = seed };
            TextClassifier full = NGramTrainer.Train(split.Train.Rows, options).Classifier;
            (float[] p, int[] gold, string[] labels) = Probs(full, split.Test.Rows);

            // Held-out 10 %: a calibration model on the other 90 % (the abstain calibration's way), T fitted on its scores.
            var random = new Random(seed);
            var rows = split.Train.Rows.OrderBy(_ => random.Next()).ToList();
            int held = rows.Count / 10;
            TextClassifier calib = NGramTrainer.Train(rows.Skip(held).ToList(), options).Classifier;
            var heldRows = rows.Take(held).Where(r => full.Labels.Contains(r.Label)).ToList();
            (float[] hp, int[] hg, _) = Probs(calib, heldRows, full.Labels);
            double tHeld = Fit(hp, hg, labels.Length);
            double tOracle = Fit(p, gold, labels.Length);
            var m1 = MetricsCalculator.Compute(labels, gold, p);
            var mh = MetricsCalculator.Compute(labels, gold, Scale(p, labels.Length, tHeld));
            var mo = MetricsCalculator.Compute(labels, gold, Scale(p, labels.Length, tOracle));
            double conf = 0;
            for (int i = 0; i < gold.Length; i++)
            {
                conf += TensorPrimitives.Max(p.AsSpan(i * labels.Length, labels.Length));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-22} seed {seed} acc {m1.Accuracy:F4} conf {conf / gold.Length:F4} | LL {m1.LogLoss:F4} ECE {m1.ExpectedCalibrationError:F4} | heldT {tHeld:F3} LL {mh.LogLoss:F4} ECE {mh.ExpectedCalibrationError:F4} acc {mh.Accuracy:F4} | oracleT {tOracle:F3} LL {mo.LogLoss:F4} ECE {mo.ExpectedCalibrationError:F4}"));
        }

        return 0;
    }

    private static (float[] P, int[] Gold, string[] Labels) Probs(TextClassifier c, IReadOnlyList<LabeledText> rows, IReadOnlyList<string>? order = null)
    {
        string[] labels = [.. c.Labels];
        int k = labels.Length;
        float[] p = new float[rows.Count * k];
        int[] gold = new int[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            c.Score(rows[i].Text, p.AsSpan(i * k, k));
            gold[i] = Array.IndexOf(labels, rows[i].Label);
        }

        if (order is not null && !order.SequenceEqual(labels))
        {
            throw new InvalidOperationException("label order differs");
        }

        return (p, gold, labels);
    }

    private static float[] Scale(float[] p, int k, double t)
    {
        float[] q = new float[p.Length];
        for (int i = 0; i < p.Length / k; i++)
        {
            double sum = 0;
            for (int c = 0; c < k; c++)
            {
                double v = Math.Exp(LogOf(p[(i * k) + c]) / t);
                q[(i * k) + c] = (float)v;
                sum += v;
            }

            for (int c = 0; c < k; c++)
            {
                q[(i * k) + c] = (float)(q[(i * k) + c] / sum);
            }
        }

        return q;
    }

    private static double Loss(float[] p, int[] gold, int k, double t)
    {
        double loss = 0;
        for (int i = 0; i < gold.Length; i++)
        {
            if (gold[i] < 0)
            {
                continue;
            }

            double max = double.NegativeInfinity;
            for (int c = 0; c < k; c++)
            {
                max = Math.Max(max, LogOf(p[(i * k) + c]) / t);
            }

            double sum = 0;
            for (int c = 0; c < k; c++)
            {
                sum += Math.Exp((LogOf(p[(i * k) + c]) / t) - max);
            }

            loss -= (LogOf(p[(i * k) + gold[i]]) / t) - max - Math.Log(sum);
        }

        return loss / gold.Length;
    }

    private static double Fit(float[] p, int[] gold, int k)
    {
        double a = Math.Log(0.05), b = Math.Log(20);
        double g = (Math.Sqrt(5) - 1) / 2;
        double x1 = b - g * (b - a), x2 = a + g * (b - a);
        double f1 = Loss(p, gold, k, Math.Exp(x1)), f2 = Loss(p, gold, k, Math.Exp(x2));
        for (int it = 0; it < 60; it++)
        {
            if (f1 < f2)
            {
                b = x2;
                x2 = x1;
                f2 = f1;
                x1 = b - (g * (b - a));
                f1 = Loss(p, gold, k, Math.Exp(x1));
            }
            else
            {
                a = x1;
                x1 = x2;
                f1 = f2;
                x2 = a + (g * (b - a));
                f2 = Loss(p, gold, k, Math.Exp(x2));
            }
        }

        return Math.Exp((a + b) / 2);
    }

    // ln p, with p floored at 1e-30 so a zero probability stays finite.
    private static double LogOf(float p) => Math.Log(Math.Max(p, 1e-30));
}
