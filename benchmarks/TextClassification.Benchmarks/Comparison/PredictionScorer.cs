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

        var index = new LabelIndex(split);
        int[] guess = new int[test.Count];
        for (int i = 0; i < guess.Length; i++)
        {
            guess[i] = index.Of(predictions[i]);
        }

        // One-hot rows: the predicted label is the row's argmax. (Log loss and ROC AUC are meaningless here and unused.)
        float[] probabilities = new float[(long)guess.Length * index.Labels.Count];
        for (int i = 0; i < guess.Length; i++)
        {
            probabilities[((long)i * index.Labels.Count) + guess[i]] = 1f;
        }

        return MetricsCalculator.Compute(index.Labels, index.Gold, probabilities);
    }

    /// <summary>
    /// Scores a peer's probabilities (<c>--calibration</c>) with the same <see cref="MetricsCalculator"/>: its
    /// <see cref="ClassificationMetrics.LogLoss"/> and <see cref="ClassificationMetrics.ExpectedCalibrationError"/> are
    /// what <c>textclf eval</c> writes to metrics.json. Labels as in <see cref="Score"/>; a label the peer gives no
    /// column (a test label unseen in training) has probability 0, which the log loss clamps at 1e-15.
    /// </summary>
    public static ClassificationMetrics ScoreProbabilities(DatasetSplit split, PeerProbabilities probabilities)
    {
        IReadOnlyList<LabeledText> test = split.Test.Rows;
        int columns = probabilities.Labels.Count;
        if (probabilities.Values.Length != (long)test.Count * columns)
        {
            throw new InvalidOperationException($"{probabilities.Values.Length} probabilities for {test.Count} test rows × {columns} labels.");
        }

        var index = new LabelIndex(split);
        int[] target = [.. probabilities.Labels.Select(index.Of)];
        int classCount = index.Labels.Count;
        float[] rows = new float[(long)test.Count * classCount];
        for (int i = 0; i < test.Count; i++)
        {
            for (int c = 0; c < columns; c++)
            {
                rows[((long)i * classCount) + target[c]] = probabilities.Values[((long)i * columns) + c];
            }
        }

        return MetricsCalculator.Compute(index.Labels, index.Gold, rows);
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

    /// <summary>The label list of a split (training labels, then test labels unseen in training, then any other label
    /// looked up) and the gold index of every test row.</summary>
    private sealed class LabelIndex
    {
        private readonly List<string> _labels = [];
        private readonly Dictionary<string, int> _indexOf = new(StringComparer.Ordinal);

        public LabelIndex(DatasetSplit split)
        {
            foreach (LabeledText row in split.Train.Rows)
            {
                Of(row.Label);
            }

            IReadOnlyList<LabeledText> test = split.Test.Rows;
            Gold = new int[test.Count];
            for (int i = 0; i < Gold.Length; i++)
            {
                Gold[i] = Of(test[i].Label);
            }
        }

        public List<string> Labels => _labels;

        public int[] Gold { get; }

        public int Of(string label)
        {
            if (!_indexOf.TryGetValue(label, out int index))
            {
                index = _labels.Count;
                _indexOf[label] = index;
                _labels.Add(label);
            }

            return index;
        }
    }
}
