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
    /// Counts the test rows whose text is among the training texts (equal ignoring case, as
    /// <see cref="DuplicateTexts.Leaders"/> compares) into <see cref="ClassificationMetrics.SeenInTraining"/> and,
    /// when some but not all were seen, evaluates the classifier on the others into
    /// <see cref="ClassificationMetrics.Unseen"/> (its macro averages run over every label, as the whole set's do).
    /// </summary>
    /// <param name="metrics">The test set's metrics, completed in place.</param>
    /// <param name="classifier">The classifier the metrics are of.</param>
    /// <param name="training">The rows it was trained on.</param>
    /// <param name="test">The rows <paramref name="metrics"/> were computed on.</param>
    /// <param name="cancellationToken">Checked while the unseen rows are classified.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="metrics"/> counts a different number of rows than <paramref name="test"/> holds.</exception>
    public static void Measure(ClassificationMetrics metrics, ITextClassifier classifier, IReadOnlyList<LabeledText> training,
        IReadOnlyList<LabeledText> test, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(test);
        if (metrics.Count != test.Count)
        {
            throw new ArgumentException($"The metrics count {metrics.Count} rows, the test set holds {test.Count}.", nameof(metrics));
        }

        var trainingTexts = new HashSet<string>(training.Count, StringComparer.OrdinalIgnoreCase);
        foreach (LabeledText row in training)
        {
            trainingTexts.Add(row.Text ?? string.Empty);
        }

        var unseen = new List<LabeledText>(test.Count);
        foreach (LabeledText row in test)
        {
            if (!trainingTexts.Contains(row.Text ?? string.Empty))
            {
                unseen.Add(row);
            }
        }

        metrics.SeenInTraining = test.Count - unseen.Count;
        metrics.Unseen = unseen.Count > 0 && unseen.Count < test.Count
            ? ModelEvaluator.Evaluate(classifier, unseen, cancellationToken)
            : null;
    }
}
