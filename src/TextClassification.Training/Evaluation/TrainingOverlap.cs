using TextClassification.Training.Data;
using TextClassification.Training.Splitting;

namespace TextClassification.Training.Evaluation;

/// <summary>
/// Test rows whose text the training data also holds. A model scores such rows from memory, so metrics that include
/// them overstate what it does on new text (of the shared datasets, 139 of sms_spam's 1,114 test texts are in its
/// training file).
/// </summary>
public static class TrainingOverlap
{
    /// <summary>
    /// Evaluates as <see cref="ModelEvaluator.Evaluate(ITextClassifier, IReadOnlyList{LabeledText}, CancellationToken)"/> does, and also counts the test rows whose text is among the
    /// training texts (equal ignoring case, <see cref="DuplicateTexts.Comparer"/>) into
    /// <see cref="ClassificationMetrics.SeenInTraining"/> and, when some but not all were seen, computes the metrics of
    /// the others into <see cref="ClassificationMetrics.Unseen"/> from the same predictions (each row is classified
    /// once). Their macro averages run over the labels among those rows' true and predicted labels, as for any test
    /// set (scikit-learn's default), not over the whole set's: a label all of whose rows were seen is left out there.
    /// </summary>
    /// <param name="classifier">The classifier to evaluate.</param>
    /// <param name="training">The rows it was trained on.</param>
    /// <param name="test">The rows to evaluate it on.</param>
    /// <param name="cancellationToken">Checked while the rows are classified.</param>
    /// <returns>The metrics of every test row, with <see cref="ClassificationMetrics.SeenInTraining"/> set and
    /// <see cref="ClassificationMetrics.Unseen"/> when some but not all rows were seen.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">No test rows, or a multi-label model.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static ClassificationMetrics Evaluate(ITextClassifier classifier, IReadOnlyList<LabeledText> training,
        IReadOnlyList<LabeledText> test, CancellationToken cancellationToken = default) =>
        Evaluate(classifier, training, test, progress: null, cancellationToken);

    /// <summary>
    /// Evaluates with the training overlap counted, as
    /// <see cref="Evaluate(ITextClassifier, IReadOnlyList{LabeledText}, IReadOnlyList{LabeledText}, CancellationToken)"/>
    /// does, reporting how many test rows have been classified.
    /// </summary>
    /// <param name="classifier">The classifier to evaluate.</param>
    /// <param name="training">The rows it was trained on.</param>
    /// <param name="test">The rows to evaluate it on.</param>
    /// <param name="progress">Receives the count of test rows scored, as
    /// <see cref="ModelEvaluator.Evaluate(ITextClassifier, IReadOnlyList{LabeledText}, IProgress{EvaluationProgress}, CancellationToken)"/>
    /// reports it; null for none.</param>
    /// <param name="cancellationToken">Checked while the rows are classified.</param>
    /// <returns>The metrics of every test row, with <see cref="ClassificationMetrics.SeenInTraining"/> set and
    /// <see cref="ClassificationMetrics.Unseen"/> when some but not all rows were seen.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">No test rows, or a multi-label model.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static ClassificationMetrics Evaluate(ITextClassifier classifier, IReadOnlyList<LabeledText> training,
        IReadOnlyList<LabeledText> test, IProgress<EvaluationProgress>? progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(training);
        ModelEvaluator.Scored scored = ModelEvaluator.Score(classifier, test, progress, cancellationToken);
        ClassificationMetrics metrics = ModelEvaluator.MetricsOf(scored);

        List<int> unseen = UnseenRows(training, test);
        metrics.SeenInTraining = test.Count - unseen.Count;
        if (unseen.Count > 0 && unseen.Count < test.Count)
        {
            int width = scored.Labels.Count;
            int[] gold = new int[unseen.Count];
            float[] probabilities = new float[(long)unseen.Count * width];
            for (int k = 0; k < unseen.Count; k++)
            {
                gold[k] = scored.Gold[unseen[k]];
                scored.Probabilities.AsSpan(unseen[k] * width, width).CopyTo(probabilities.AsSpan(k * width, width));
            }

            metrics.Unseen = MetricsCalculator.Compute(scored.Labels, gold, probabilities, scored.ModelLabels);
        }

        return metrics;
    }

    /// <summary>
    /// Evaluates a multi-label model as <see cref="MultiLabelEvaluator.Evaluate(ITextClassifier, IReadOnlyList{LabeledText}, string, CancellationToken)"/> does, and also counts the test rows
    /// whose text is among the training texts into <see cref="MultiLabelMetrics.SeenInTraining"/> and, when some but not
    /// all were seen, computes the metrics of the others into <see cref="MultiLabelMetrics.Unseen"/> from the same
    /// predictions.
    /// </summary>
    /// <param name="classifier">The multi-label model to evaluate.</param>
    /// <param name="training">The rows it was trained on.</param>
    /// <param name="test">The rows to evaluate it on; each label cell may hold several labels.</param>
    /// <param name="delimiter">What separates the labels in a cell, e.g. <c>|</c>.</param>
    /// <param name="cancellationToken">Checked while the rows are classified.</param>
    /// <returns>The metrics of every test row, with <see cref="MultiLabelMetrics.SeenInTraining"/> set and
    /// <see cref="MultiLabelMetrics.Unseen"/> when some but not all rows were seen.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">No test rows, an empty delimiter, or a row without a text or a label
    /// cell.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static MultiLabelMetrics EvaluateMultiLabel(ITextClassifier classifier, IReadOnlyList<LabeledText> training,
        IReadOnlyList<LabeledText> test, string delimiter, CancellationToken cancellationToken = default) =>
        EvaluateMultiLabel(classifier, training, test, delimiter, progress: null, cancellationToken);

    /// <summary>
    /// Evaluates a multi-label model with the training overlap counted, as
    /// <see cref="EvaluateMultiLabel(ITextClassifier, IReadOnlyList{LabeledText}, IReadOnlyList{LabeledText}, string, CancellationToken)"/>
    /// does, reporting how many test rows have been classified.
    /// </summary>
    /// <param name="classifier">The multi-label model to evaluate.</param>
    /// <param name="training">The rows it was trained on.</param>
    /// <param name="test">The rows to evaluate it on; each label cell may hold several labels.</param>
    /// <param name="delimiter">What separates the labels in a cell, e.g. <c>|</c>.</param>
    /// <param name="progress">Receives the count of test rows classified, as
    /// <see cref="MultiLabelEvaluator.Evaluate(ITextClassifier, IReadOnlyList{LabeledText}, string, IProgress{EvaluationProgress}, CancellationToken)"/>
    /// reports it; null for none.</param>
    /// <param name="cancellationToken">Checked while the rows are classified.</param>
    /// <returns>The metrics of every test row, with <see cref="MultiLabelMetrics.SeenInTraining"/> set and
    /// <see cref="MultiLabelMetrics.Unseen"/> when some but not all rows were seen.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">No test rows, an empty delimiter, or a row without a text or a label
    /// cell.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static MultiLabelMetrics EvaluateMultiLabel(ITextClassifier classifier, IReadOnlyList<LabeledText> training,
        IReadOnlyList<LabeledText> test, string delimiter, IProgress<EvaluationProgress>? progress, CancellationToken cancellationToken = default) =>
        EvaluateMultiLabel(classifier, training, test, delimiter, scoredLabels: null, progress, cancellationToken);

    /// <summary>Evaluates as <see cref="EvaluateMultiLabel(ITextClassifier, IReadOnlyList{LabeledText}, IReadOnlyList{LabeledText}, string, IProgress{EvaluationProgress}, CancellationToken)"/>
    /// does, on the model labels in <paramref name="scoredLabels"/> only (every label when null; see
    /// <see cref="MultiLabelEvaluator.Scored.Only"/>).</summary>
    internal static MultiLabelMetrics EvaluateMultiLabel(ITextClassifier classifier, IReadOnlyList<LabeledText> training,
        IReadOnlyList<LabeledText> test, string delimiter, IReadOnlyCollection<string>? scoredLabels, IProgress<EvaluationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(training);
        MultiLabelEvaluator.Scored scored = MultiLabelEvaluator.Score(classifier, test, delimiter, progress, cancellationToken).Only(scoredLabels);
        MultiLabelMetrics metrics = scored.Metrics(rows: null);
        List<int> unseen = UnseenRows(training, test);
        metrics.SeenInTraining = test.Count - unseen.Count;
        if (unseen.Count > 0 && unseen.Count < test.Count)
        {
            metrics.Unseen = scored.Metrics(unseen);
        }

        return metrics;
    }

    // The test rows whose text no training row holds (ignoring case), in order.
    private static List<int> UnseenRows(IReadOnlyList<LabeledText> training, IReadOnlyList<LabeledText> test)
    {
        var trainingTexts = new HashSet<string>(training.Count, DuplicateTexts.Comparer);
        foreach (LabeledText row in training)
        {
            trainingTexts.Add(row.Text ?? string.Empty);
        }

        var unseen = new List<int>(test.Count);
        for (int i = 0; i < test.Count; i++)
        {
            if (!trainingTexts.Contains(test[i].Text ?? string.Empty))
            {
                unseen.Add(i);
            }
        }

        return unseen;
    }
}
