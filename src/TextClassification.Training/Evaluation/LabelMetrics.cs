namespace TextClassification.Training.Evaluation;

/// <summary>
/// Precision, recall, F1 and support of one label, as computed by
/// <see cref="MetricsCalculator.Compute(IReadOnlyList{string}, ReadOnlySpan{int}, ReadOnlySpan{float})"/>.
/// </summary>
/// <param name="Label">The label name.</param>
/// <param name="Precision">
/// TP / (TP + FP): the fraction of rows predicted as this label whose gold label is this label;
/// 0 when no row was predicted as this label.
/// </param>
/// <param name="Recall">
/// TP / (TP + FN): the fraction of rows whose gold label is this label that were predicted as it;
/// 0 when the label has no support.
/// </param>
/// <param name="F1">The harmonic mean 2PR / (P + R) of precision and recall; 0 when P + R = 0.</param>
/// <param name="Support">The number of rows whose gold label is this label.</param>
public sealed record LabelMetrics(string Label, double Precision, double Recall, double F1, int Support)
{
    /// <summary>
    /// The one-vs-rest ROC AUC of this label (see <see cref="RocCurve"/>); <see cref="double.NaN"/> when the label has
    /// no positive or no negative row in the test set, or when it was not computed.
    /// </summary>
    public double RocAuc { get; init; } = double.NaN;

    /// <summary>
    /// How many test rows the model gave this label (multi-label metrics); null where not recorded (single-label
    /// metrics, whose confusion matrix holds it). With <see cref="Support"/> 0, a 0 here means precision, recall and
    /// F1 are 0/0, which the macro averages leave out.
    /// </summary>
    public int? Predicted { get; init; }
}
