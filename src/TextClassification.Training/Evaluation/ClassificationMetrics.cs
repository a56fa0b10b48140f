namespace TextClassification.Training.Evaluation;

/// <summary>
/// Metrics of a single-label classifier on a test set, as computed by
/// <see cref="MetricsCalculator.Compute(IReadOnlyList{string}, ReadOnlySpan{int}, ReadOnlySpan{float})"/>
/// and serialised by <see cref="MetricsJson"/>.
/// </summary>
/// <remarks>
/// Macro averages are unweighted means over the labels found among the gold or the predicted labels, as
/// scikit-learn's <c>average="macro"</c> does by default (with <c>zero_division=0</c>): a label of <see cref="Labels"/>
/// that the test set lacks and the model never predicts is not averaged (it keeps its <see cref="PerLabel"/> entry,
/// support 0); one that is predicted but never right counts with precision 0.
/// </remarks>
public sealed class ClassificationMetrics
{
    /// <summary>The label names, in model order; every per-label array and the confusion matrix use this order.</summary>
    public required IReadOnlyList<string> Labels { get; init; }

    /// <summary>The number of rows evaluated.</summary>
    public required int Count { get; init; }

    /// <summary>The fraction of rows whose predicted label (argmax probability) equals the gold label.</summary>
    public required double Accuracy { get; init; }

    /// <summary>The unweighted mean of the per-label F1 over the labels in the gold or predicted labels.</summary>
    public required double MacroF1 { get; init; }

    /// <summary>The mean of the per-label F1 weighted by each label's support.</summary>
    public required double WeightedF1 { get; init; }

    /// <summary>The unweighted mean of the per-label precision over the labels in the gold or predicted labels.</summary>
    public required double MacroPrecision { get; init; }

    /// <summary>The unweighted mean of the per-label recall over the labels in the gold or predicted labels.</summary>
    public required double MacroRecall { get; init; }

    /// <summary>
    /// The mean negative natural log of the probability given to the gold label, each probability clamped to
    /// [1e-15, 1] so that a zero probability gives a large but finite loss (at most 34.54 a row). Rows are taken as
    /// given, not divided by their sums: scikit-learn's <c>log_loss</c> renormalises each row and by default clips at
    /// the input type's epsilon (2.2e-16 for doubles, 1.2e-7 for floats), so it differs on confident mistakes; with
    /// <c>eps=1e-15</c> and rows summing to 1 the two agree.
    /// </summary>
    public required double LogLoss { get; init; }

    /// <summary>
    /// The unweighted mean of the one-vs-rest ROC AUC of each label that has both positive and negative rows in
    /// the test set; <see cref="double.NaN"/> when no label has both. Where every label has both it equals
    /// scikit-learn's <c>roc_auc_score(multi_class="ovr", average="macro")</c>, which raises where a label has no
    /// positive row instead of leaving it out. A test label the model does not know (probability 0 on every row) counts
    /// with AUC 0.5.
    /// </summary>
    public required double RocAucMacro { get; init; }

    /// <summary>The mean of the per-label precision weighted by each label's support.</summary>
    public required double WeightedPrecision { get; init; }

    /// <summary>
    /// The mean of the per-label recall weighted by each label's support; always equal to <see cref="Accuracy"/>
    /// (up to rounding), kept for completeness of the report.
    /// </summary>
    public required double WeightedRecall { get; init; }

    /// <summary>
    /// Top-k accuracy for k = 1 … min(<see cref="MetricsCalculator.MaxTopK"/>, the model's label count): element
    /// <c>k − 1</c> is the fraction of rows whose gold label is among the k most probable labels (ties broken towards
    /// the lower label index, as for the predicted label), so element 0 equals <see cref="Accuracy"/>. A row whose gold
    /// label the model does not know is never among them. scikit-learn's <c>top_k_accuracy_score</c> breaks ties the
    /// other way (the higher index first), so on tied probabilities it can differ, even at k = 1 from its own
    /// <c>accuracy_score</c>.
    /// </summary>
    public required IReadOnlyList<double> TopKAccuracy { get; init; }

    /// <summary>
    /// The expected calibration error: Σ over the <see cref="CalibrationBins"/> of (rows in bin / all rows) ·
    /// |accuracy in bin − mean confidence in bin|, with the confidence of a row being the probability of its
    /// predicted label. 0 for a perfectly calibrated classifier, at most 1.
    /// </summary>
    public required double ExpectedCalibrationError { get; init; }

    /// <summary>
    /// The <see cref="MetricsCalculator.CalibrationBinCount"/> equal-width confidence bins over [0, 1] behind
    /// <see cref="ExpectedCalibrationError"/> (empty bins included), in increasing order.
    /// </summary>
    public required IReadOnlyList<CalibrationBin> CalibrationBins { get; init; }

    /// <summary>
    /// The one-vs-rest ROC curve of each label, in <see cref="Labels"/> order (undefined curves for labels without
    /// positive or negative rows). Not written to the metrics JSON, which carries the per-label AUC only.
    /// </summary>
    public required IReadOnlyList<RocCurve> RocCurves { get; init; }

    /// <summary>
    /// The confusion matrix: <c>ConfusionMatrix[t][p]</c> is the number of rows whose gold label is
    /// <c>Labels[t]</c> and whose predicted label is <c>Labels[p]</c>. Row sums are the supports.
    /// </summary>
    public required int[][] ConfusionMatrix { get; init; }

    /// <summary>Precision, recall, F1 and support of each label, in <see cref="Labels"/> order.</summary>
    public required IReadOnlyList<LabelMetrics> PerLabel { get; init; }

    /// <summary>Wall-clock training time in seconds; not set by the calculator, filled in by callers (null when unknown,
    /// as when a saved model is evaluated).</summary>
    public double? TrainSeconds { get; set; }

    /// <summary>Wall-clock evaluation time in seconds; not set by the calculator, filled in by callers (null when unknown,
    /// as <see cref="TrainSeconds"/>; it had been 0, which metrics.json wrote as a time).</summary>
    public double? EvalSeconds { get; set; }

    /// <summary>How many of the evaluated rows have a text that the training data also holds (equal ignoring case);
    /// null when not checked. Set by <see cref="TrainingOverlap.Evaluate(ITextClassifier, IReadOnlyList{Data.LabeledText}, IReadOnlyList{Data.LabeledText}, IProgress{EvaluationProgress}, CancellationToken)"/>.</summary>
    public int? SeenInTraining { get; set; }

    /// <summary>The metrics of the rows whose text the training data does not hold: what the model does on texts it
    /// has not seen. Null when not checked, or when no row or every row was seen. Set by
    /// <see cref="TrainingOverlap.Evaluate(ITextClassifier, IReadOnlyList{Data.LabeledText}, IReadOnlyList{Data.LabeledText}, IProgress{EvaluationProgress}, CancellationToken)"/>.</summary>
    public ClassificationMetrics? Unseen { get; set; }

    /// <summary>For a model with a confidence threshold: coverage and accuracy on the texts it answers (set by
    /// <see cref="ModelEvaluator"/>); null for a model that never abstains.</summary>
    public AbstainMetrics? Abstain { get; set; }
}
