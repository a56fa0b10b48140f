using TextClassification.Training.Evaluation;

namespace TextClassification.WebService.Models;

/// <summary>Response of <c>GET /models/{model}/report</c>: how the served model did on held-out data.</summary>
/// <param name="Model">The model.</param>
/// <param name="Source">Where the numbers come from.</param>
/// <param name="Examples">Test examples (0 when only the manifest's numbers are known).</param>
/// <param name="Metrics">Summary metrics by name (accuracy, macroF1, …).</param>
/// <param name="Labels">Label order of <paramref name="ConfusionMatrix"/>; null when unknown.</param>
/// <param name="ConfusionMatrix">Rows = true label, columns = predicted; null when unknown.</param>
/// <param name="PerLabel">Precision, recall, F1, support and ROC AUC per label; null when unknown.</param>
/// <param name="Roc">One-vs-rest ROC curves; null when unknown.</param>
public sealed record ModelReport(
    string Model,
    string Source,
    int Examples,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyList<string>? Labels,
    int[][]? ConfusionMatrix,
    IReadOnlyList<LabelReport>? PerLabel,
    IReadOnlyList<RocReport>? Roc)
{
    /// <summary>Most points sent per ROC curve (enough for a smooth plot).</summary>
    private const int MaxRocPoints = 200;

    /// <summary>The full report of an evaluation run.</summary>
    public static ModelReport From(string model, string source, ClassificationMetrics metrics) => new(
        model,
        source,
        metrics.Count,
        FiniteOnly(new Dictionary<string, double>
        {
            ["accuracy"] = metrics.Accuracy,
            ["macroF1"] = metrics.MacroF1,
            ["weightedF1"] = metrics.WeightedF1,
            ["macroPrecision"] = metrics.MacroPrecision,
            ["macroRecall"] = metrics.MacroRecall,
            ["logLoss"] = metrics.LogLoss,
            ["rocAucMacro"] = metrics.RocAucMacro,
            ["expectedCalibrationError"] = metrics.ExpectedCalibrationError,
            ["trainSeconds"] = metrics.TrainSeconds ?? double.NaN,
        }),
        metrics.Labels,
        metrics.ConfusionMatrix,
        [.. metrics.PerLabel.Select(l => new LabelReport(l.Label, l.Precision, l.Recall, l.F1, l.Support, Finite(l.RocAuc)))],
        [.. metrics.RocCurves.Where(c => c.IsDefined).Select(ToRocReport)]);

    /// <summary>Only the metrics a bundle's manifest recorded at training time (no matrix, no curves).</summary>
    public static ModelReport FromManifest(string model, string source, IReadOnlyDictionary<string, double>? recorded) => new(
        model,
        source,
        0,
        recorded is null ? [] : FiniteOnly(recorded),
        null,
        null,
        null,
        null);

    // JSON has no NaN: a metric that is not defined (AUC of one class, an unknown training time) is left out.
    private static Dictionary<string, double> FiniteOnly(IReadOnlyDictionary<string, double> metrics) =>
        metrics.Where(m => double.IsFinite(m.Value)).ToDictionary(m => m.Key, m => m.Value);

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static RocReport ToRocReport(RocCurve curve)
    {
        int count = curve.FalsePositiveRates.Count;
        int step = Math.Max(1, (int)Math.Ceiling(count / (double)MaxRocPoints));
        var points = new List<double[]>(Math.Min(count, MaxRocPoints) + 1);
        for (int i = 0; i < count; i += step)
        {
            points.Add([curve.FalsePositiveRates[i], curve.TruePositiveRates[i]]);
        }

        if ((count - 1) % step != 0)
        {
            points.Add([curve.FalsePositiveRates[count - 1], curve.TruePositiveRates[count - 1]]);
        }

        return new RocReport(curve.Label, curve.Auc, points);
    }
}

/// <summary>Per-label metrics of a <see cref="ModelReport"/>.</summary>
public sealed record LabelReport(string Label, double Precision, double Recall, double F1, int Support, double? RocAuc);

/// <summary>One ROC curve: points are [false-positive rate, true-positive rate].</summary>
public sealed record RocReport(string Label, double Auc, IReadOnlyList<double[]> Points);
