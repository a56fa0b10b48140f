using TextClassification.Training.Data;
using TextClassification.Training.Evaluation;

namespace TextClassification.Benchmarks.Comparison;

/// <summary>
/// Scores predicted labels with our <see cref="MetricsCalculator"/>, identically for every peer. The label list is the
/// training labels, then test labels unseen in training, then any other predicted label; so a test row whose label was
/// never seen in training counts as an error (as <see cref="ModelEvaluator"/> does). Macro averages run over the labels
/// found among the gold or predicted labels (scikit-learn's default).
/// </summary>
internal static class PredictionScorer
{
    public static ClassificationMetrics Score(DatasetSplit split, IReadOnlyList<string> predictions)
    {
        IReadOnlyList<LabeledText> test = split.Test.Rows;
        if (predictions.Count != test.Count)
        {
            throw new InvalidOperationException($"{predictions.Count} predictions for {test.Count} test rows.");
        }

        var labels = new List<string>();
        var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        int IndexOf(string label)
        {
            if (!indexOf.TryGetValue(label, out int index))
            {
                index = labels.Count;
                indexOf[label] = index;
                labels.Add(label);
            }

            return index;
        }

        foreach (LabeledText row in split.Train.Rows)
        {
            IndexOf(row.Label);
        }

        int[] gold = new int[test.Count];
        int[] guess = new int[test.Count];
        for (int i = 0; i < gold.Length; i++)
        {
            gold[i] = IndexOf(test[i].Label);
            guess[i] = IndexOf(predictions[i]);
        }

        // One-hot rows: the predicted label is the row's argmax. (Log loss and ROC AUC are meaningless here and unused.)
        float[] probabilities = new float[(long)gold.Length * labels.Count];
        for (int i = 0; i < gold.Length; i++)
        {
            probabilities[((long)i * labels.Count) + guess[i]] = 1f;
        }

        return MetricsCalculator.Compute(labels, gold, probabilities);
    }

    /// <summary>Whether each prediction equals its test row's label.</summary>
    public static bool[] Correct(DatasetSplit split, IReadOnlyList<string> predictions)
    {
        IReadOnlyList<LabeledText> test = split.Test.Rows;
        bool[] correct = new bool[test.Count];
        for (int i = 0; i < correct.Length; i++)
        {
            correct[i] = string.Equals(predictions[i], test[i].Label, StringComparison.Ordinal);
        }

        return correct;
    }
}
