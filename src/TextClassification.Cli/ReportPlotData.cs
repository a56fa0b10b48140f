using System.Globalization;
using TextClassification.Training.Evaluation;

namespace TextClassification.Cli;

/// <summary>
/// What the report's plots draw, taken from single-label or multi-label metrics: the labels, the confusion matrix with
/// the count each of its rows is divided by, the heatmap's headline, and the ROC curves.
/// </summary>
/// <param name="Labels">The labels, in matrix order.</param>
/// <param name="ConfusionMatrix">Rows are true labels, columns predicted labels.</param>
/// <param name="RowTotals">What each row is divided by for the heatmap: the row's sum for a single-label matrix, the
/// label's support (texts carrying it) for a multi-label co-occurrence matrix, whose rows may sum to more.</param>
/// <param name="Title">The heatmap title's first line (what the matrix is).</param>
/// <param name="Headline">The heatmap title's second line (label count and the main score).</param>
/// <param name="ColorBarLabel">What a cell's shade means.</param>
/// <param name="RocCurves">One curve per label (curves without positives or negatives are not drawn).</param>
/// <param name="RocAucMacro">The macro AUC the ROC plot's title gives.</param>
internal sealed record ReportPlotData(
    IReadOnlyList<string> Labels,
    int[][] ConfusionMatrix,
    IReadOnlyList<long> RowTotals,
    string Title,
    string Headline,
    string ColorBarLabel,
    IReadOnlyList<RocCurve> RocCurves,
    double RocAucMacro)
{
    /// <summary>The plots of single-label metrics: rows normalised by their sums (the diagonal is each label's
    /// recall).</summary>
    public static ReportPlotData Of(ClassificationMetrics metrics)
    {
        var totals = new long[metrics.ConfusionMatrix.Length];
        for (int t = 0; t < totals.Length; t++)
        {
            foreach (int cell in metrics.ConfusionMatrix[t])
            {
                totals[t] += cell;
            }
        }

        return new ReportPlotData(
            metrics.Labels,
            metrics.ConfusionMatrix,
            totals,
            "Confusion matrix, rows normalised",
            string.Create(CultureInfo.InvariantCulture, $"{metrics.Labels.Count} labels, accuracy {metrics.Accuracy:F4}"),
            "share of the true label's rows",
            metrics.RocCurves,
            metrics.RocAucMacro);
    }

    /// <summary>The plots of multi-label metrics: a co-occurrence cell divided by its true label's support is the share
    /// of that label's texts whose predicted set holds the column's label (the diagonal is each label's recall).</summary>
    public static ReportPlotData Of(MultiLabelMetrics metrics)
    {
        var totals = new long[metrics.PerLabel.Count];
        for (int t = 0; t < totals.Length; t++)
        {
            totals[t] = metrics.PerLabel[t].Support;
        }

        return new ReportPlotData(
            metrics.Labels,
            metrics.ConfusionMatrix,
            totals,
            "Label co-occurrence, rows divided by each label's support",
            string.Create(CultureInfo.InvariantCulture, $"{metrics.Labels.Count} labels, subset accuracy {metrics.SubsetAccuracy:F4}, micro-F1 {metrics.MicroF1:F4}"),
            "share of the true label's texts",
            metrics.RocCurves,
            metrics.RocAucMacro);
    }
}
