using System.Globalization;

namespace TextClassification.Training.Evaluation;

/// <summary>
/// Computes <see cref="ClassificationMetrics"/> of a single-label classifier from gold labels and predicted
/// probability rows.
/// </summary>
public static partial class MetricsCalculator
{
    /// <summary>The largest k for which <see cref="ClassificationMetrics.TopKAccuracy"/> is computed.</summary>
    public const int MaxTopK = 5;

    /// <summary>The number of equal-width confidence bins of <see cref="ClassificationMetrics.CalibrationBins"/>.</summary>
    public const int CalibrationBinCount = 10;

    /// <summary>The smallest probability used by the log loss, so that a zero probability gives a finite loss.</summary>
    private const double LogLossEpsilon = 1e-15;

    /// <summary>
    /// Computes accuracy, per-label and averaged (macro and weighted) precision/recall/F1, log loss, one-vs-rest ROC
    /// curves with per-label and macro AUC, top-k accuracy, expected calibration error and the confusion matrix.
    /// </summary>
    /// <param name="labels">The label names, in model order; must be non-empty, non-null and distinct.</param>
    /// <param name="gold">The gold label index of each row; every value must be in [0, <c>labels.Count</c>).</param>
    /// <param name="probabilities">
    /// The predicted probabilities, row-major <c>[gold.Length x labels.Count]</c>: row <c>i</c> holds the
    /// probability of every label for row <c>i</c>. The predicted label of a row is its argmax
    /// (ties go to the lowest label index). Every value must be finite.
    /// </param>
    /// <returns>
    /// The metrics. Macro averages run over the labels that occur among the gold or the predicted labels, as
    /// scikit-learn's <c>precision_recall_fscore_support(average="macro")</c> does by default (with
    /// <c>zero_division=0</c>): a label the test data lacks and the model never predicts has no precision or recall to
    /// average, and counting it as 0 would put a perfect model below 1. It keeps its row in
    /// <see cref="ClassificationMetrics.PerLabel"/> (support 0). <see cref="ClassificationMetrics.TrainSeconds"/> (null) and
    /// <see cref="ClassificationMetrics.EvalSeconds"/> (null) are left for the caller to fill in.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="labels"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="labels"/> is empty or holds a null or duplicate name; <paramref name="gold"/> is empty; or
    /// <paramref name="probabilities"/> does not hold exactly <c>gold.Length * labels.Count</c> values or holds a NaN
    /// or infinite value.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">A value of <paramref name="gold"/> is outside [0, <c>labels.Count</c>).</exception>
    public static ClassificationMetrics Compute(IReadOnlyList<string> labels, ReadOnlySpan<int> gold, ReadOnlySpan<float> probabilities)
        => Compute(labels, gold, probabilities, labels?.Count ?? 0);

    /// <summary>
    /// As <see cref="Compute(IReadOnlyList{string}, ReadOnlySpan{int}, ReadOnlySpan{float})"/>, where only the first
    /// <paramref name="predictableLabels"/> labels are the classifier's and the rest are test labels it does not know
    /// (their probabilities 0). Those rows count as errors everywhere, and top-k accuracy runs to k =
    /// min(<see cref="MaxTopK"/>, <paramref name="predictableLabels"/>) with their rows never a hit: a label the model
    /// cannot give is in no top k, whatever the order of the zero probabilities behind its labels.
    /// </summary>
    /// <param name="labels">The label names: the classifier's, in model order, then the test labels it does not
    /// know; non-empty, non-null and distinct.</param>
    /// <param name="gold">The gold label index of each row, in [0, <c>labels.Count</c>).</param>
    /// <param name="probabilities">The predicted probabilities, row-major <c>[gold.Length x labels.Count]</c>, 0 for
    /// the labels the classifier does not know; every value finite.</param>
    /// <param name="predictableLabels">How many of the first <paramref name="labels"/> the classifier can
    /// predict.</param>
    /// <returns>The metrics, with <see cref="ClassificationMetrics.TrainSeconds"/> and
    /// <see cref="ClassificationMetrics.EvalSeconds"/> left for the caller to fill in.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="labels"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="labels"/> is empty or holds a null or duplicate name;
    /// <paramref name="gold"/> is empty; or <paramref name="probabilities"/> has the wrong length or a value that is
    /// not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="predictableLabels"/> is outside [1,
    /// <c>labels.Count</c>], or a value of <paramref name="gold"/> is outside [0, <c>labels.Count</c>).</exception>
    public static ClassificationMetrics Compute(IReadOnlyList<string> labels, ReadOnlySpan<int> gold, ReadOnlySpan<float> probabilities, int predictableLabels)
    {
        string[] labelArray = ValidateLabels(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(predictableLabels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(predictableLabels, labelArray.Length);
        int classCount = labelArray.Length;
        int n = gold.Length;
        if (n == 0)
        {
            throw new ArgumentException("At least one row is needed to compute metrics.", nameof(gold));
        }

        long expected = (long)n * classCount;
        if (probabilities.Length != expected)
        {
            throw new ArgumentException(
                $"{nameof(probabilities)} must hold {nameof(gold)}.Length x labels.Count = {n} x {classCount} = {expected} values, but holds {probabilities.Length}.",
                nameof(probabilities));
        }

        for (int i = 0; i < n; i++)
        {
            if ((uint)gold[i] >= (uint)classCount)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(gold), gold[i], $"gold[{i}] = {gold[i]} is not a label index in [0, {classCount}).");
            }
        }

        for (int k = 0; k < probabilities.Length; k++)
        {
            if (!float.IsFinite(probabilities[k]))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"probabilities[{k}] (row {k / classCount}, label \"{labelArray[k % classCount]}\") = {probabilities[k]} is not a finite number."),
                    nameof(probabilities));
            }
        }

        // Confusion matrix, accuracy and log loss in one pass over the rows.
        var confusion = new int[classCount][];
        for (int c = 0; c < classCount; c++)
        {
            confusion[c] = new int[classCount];
        }

        int correct = 0;
        double logLossSum = 0;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> row = probabilities.Slice(i * classCount, classCount);
            int predicted = ArgMax(row);
            int truth = gold[i];
            confusion[truth][predicted]++;
            if (predicted == truth)
            {
                correct++;
            }

            double p = Math.Clamp((double)row[truth], LogLossEpsilon, 1.0);
            logLossSum -= Math.Log(p);
        }

        // Per-label precision / recall / F1 and their averages.
        var perLabel = new LabelMetrics[classCount];
        double precisionSum = 0, recallSum = 0, f1Sum = 0, weightedF1Sum = 0, weightedPrecisionSum = 0, weightedRecallSum = 0;
        int averaged = 0; // labels in the gold or predicted labels: the macro averages' denominator
        RocCurve[] curves = RocCurves(labelArray, gold, probabilities);
        for (int c = 0; c < classCount; c++)
        {
            int truePositives = confusion[c][c];
            int rowSum = 0;
            int columnSum = 0;
            for (int k = 0; k < classCount; k++)
            {
                rowSum += confusion[c][k];
                columnSum += confusion[k][c];
            }

            double precision = columnSum == 0 ? 0.0 : (double)truePositives / columnSum;
            double recall = rowSum == 0 ? 0.0 : (double)truePositives / rowSum;
            double f1 = precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
            perLabel[c] = new LabelMetrics(labelArray[c], precision, recall, f1, rowSum) { RocAuc = curves[c].Auc };

            if (rowSum > 0 || columnSum > 0)
            {
                averaged++;
                precisionSum += precision;
                recallSum += recall;
                f1Sum += f1;
            }

            weightedF1Sum += f1 * rowSum;
            weightedPrecisionSum += precision * rowSum;
            weightedRecallSum += recall * rowSum;
        }

        (CalibrationBin[] bins, double calibrationError) = Calibration(gold, probabilities, classCount);

        return new ClassificationMetrics
        {
            Labels = labelArray,
            Count = n,
            Accuracy = (double)correct / n,
            MacroF1 = f1Sum / averaged,
            WeightedF1 = weightedF1Sum / n,
            MacroPrecision = precisionSum / averaged,
            MacroRecall = recallSum / averaged,
            LogLoss = logLossSum / n,
            RocAucMacro = MeanDefinedAuc(curves),
            WeightedPrecision = weightedPrecisionSum / n,
            WeightedRecall = weightedRecallSum / n,
            TopKAccuracy = TopKAccuracy(gold, probabilities, classCount, predictableLabels),
            ExpectedCalibrationError = calibrationError,
            CalibrationBins = bins,
            RocCurves = curves,
            ConfusionMatrix = confusion,
            PerLabel = perLabel,
        };
    }

    /// <summary>Checks the label list and returns a private copy of it.</summary>
    private static string[] ValidateLabels(IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count == 0)
        {
            throw new ArgumentException("At least one label is needed.", nameof(labels));
        }

        IndexOfDistinct(labels);
        return [.. labels];
    }

    /// <summary>Each label's index, refusing a null or repeated name (<see cref="ArgumentException"/> on
    /// <paramref name="labels"/>, naming it): shared with <see cref="MultiLabelMetrics.Compute"/>.</summary>
    internal static Dictionary<string, int> IndexOfDistinct(IReadOnlyList<string> labels)
    {
        var indexOf = new Dictionary<string, int>(labels.Count, StringComparer.Ordinal);
        for (int c = 0; c < labels.Count; c++)
        {
            string label = labels[c]
                ?? throw new ArgumentException($"labels[{c}] is null.", nameof(labels));
            if (!indexOf.TryAdd(label, c))
            {
                throw new ArgumentException($"labels[{c}] = \"{label}\" is a duplicate label name.", nameof(labels));
            }
        }

        return indexOf;
    }

    /// <summary>The index of the largest value of <paramref name="row"/>; ties go to the lowest index.</summary>
    internal static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        float bestValue = row[0];
        for (int k = 1; k < row.Length; k++)
        {
            if (row[k] > bestValue)
            {
                bestValue = row[k];
                best = k;
            }
        }

        return best;
    }
}
