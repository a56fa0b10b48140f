namespace TextClassification.Training.Evaluation;

/// <summary>
/// Computes <see cref="ClassificationMetrics"/> of a single-label classifier from gold labels and predicted
/// probability rows.
/// </summary>
public static class MetricsCalculator
{
    /// <summary>The smallest probability used by the log loss, so that a zero probability gives a finite loss.</summary>
    private const double LogLossEpsilon = 1e-15;

    /// <summary>
    /// Computes accuracy, per-label and averaged precision/recall/F1, log loss, macro one-vs-rest ROC AUC and the
    /// confusion matrix.
    /// </summary>
    /// <param name="labels">The label names, in model order; must be non-empty, non-null and distinct.</param>
    /// <param name="gold">The gold label index of each row; every value must be in [0, <c>labels.Count</c>).</param>
    /// <param name="probabilities">
    /// The predicted probabilities, row-major <c>[gold.Length x labels.Count]</c>: row <c>i</c> holds the
    /// probability of every label for row <c>i</c>. The predicted label of a row is its argmax
    /// (ties go to the lowest label index).
    /// </param>
    /// <returns>
    /// The metrics. Macro averages include every label in <paramref name="labels"/>, also those with zero support
    /// (as scikit-learn does with <c>zero_division=0</c>). <see cref="ClassificationMetrics.TrainSeconds"/> and
    /// <see cref="ClassificationMetrics.EvalSeconds"/> are left at 0 for the caller to fill in.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="labels"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="labels"/> is empty or holds a null or duplicate name; <paramref name="gold"/> is empty; or
    /// <paramref name="probabilities"/> does not hold exactly <c>gold.Length * labels.Count</c> values.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">A value of <paramref name="gold"/> is outside [0, <c>labels.Count</c>).</exception>
    public static ClassificationMetrics Compute(IReadOnlyList<string> labels, ReadOnlySpan<int> gold, ReadOnlySpan<float> probabilities)
    {
        string[] labelArray = ValidateLabels(labels);
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
        var support = new int[classCount];
        var perLabel = new LabelMetrics[classCount];
        double precisionSum = 0, recallSum = 0, f1Sum = 0, weightedF1Sum = 0;
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

            support[c] = rowSum;
            double precision = columnSum == 0 ? 0.0 : (double)truePositives / columnSum;
            double recall = rowSum == 0 ? 0.0 : (double)truePositives / rowSum;
            double f1 = precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
            perLabel[c] = new LabelMetrics(labelArray[c], precision, recall, f1, rowSum);

            precisionSum += precision;
            recallSum += recall;
            f1Sum += f1;
            weightedF1Sum += f1 * rowSum;
        }

        return new ClassificationMetrics
        {
            Labels = labelArray,
            Count = n,
            Accuracy = (double)correct / n,
            MacroF1 = f1Sum / classCount,
            WeightedF1 = weightedF1Sum / n,
            MacroPrecision = precisionSum / classCount,
            MacroRecall = recallSum / classCount,
            LogLoss = logLossSum / n,
            RocAucMacro = RocAucMacro(gold, probabilities, classCount, support),
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

        var copy = new string[labels.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int c = 0; c < copy.Length; c++)
        {
            string label = labels[c]
                ?? throw new ArgumentException($"labels[{c}] is null.", nameof(labels));
            if (!seen.Add(label))
            {
                throw new ArgumentException($"labels[{c}] = \"{label}\" is a duplicate label name.", nameof(labels));
            }

            copy[c] = label;
        }

        return copy;
    }

    /// <summary>The index of the largest value of <paramref name="row"/>; ties go to the lowest index.</summary>
    private static int ArgMax(ReadOnlySpan<float> row)
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

    /// <summary>
    /// The unweighted mean of the one-vs-rest ROC AUC of every label that has both positive and negative rows;
    /// NaN when there is none.
    /// </summary>
    /// <remarks>
    /// The AUC of a label is the Mann–Whitney statistic of its probability column: with the column sorted
    /// ascending and tied scores given the average of their ranks, AUC = (R⁺ − P(P+1)/2) / (P·N), where R⁺ is the
    /// rank sum of the P positive rows and N is the number of negative rows. This equals the probability that a
    /// random positive scores above a random negative, counting ties as one half. Ranks are kept doubled so the
    /// rank sum is an exact integer.
    /// </remarks>
    private static double RocAucMacro(ReadOnlySpan<int> gold, ReadOnlySpan<float> probabilities, int classCount, int[] support)
    {
        int n = gold.Length;
        var scores = new float[n];
        var isPositive = new bool[n];
        double aucSum = 0;
        int aucCount = 0;
        for (int c = 0; c < classCount; c++)
        {
            long positives = support[c];
            long negatives = n - positives;
            if (positives == 0 || negatives == 0)
            {
                continue;
            }

            for (int i = 0; i < n; i++)
            {
                scores[i] = probabilities[(i * classCount) + c];
                isPositive[i] = gold[i] == c;
            }

            Array.Sort(scores, isPositive);

            // Walk the groups of tied scores [start, end) (0-based sorted positions). Their 1-based ranks are
            // start+1 .. end, so twice their average rank is start + 1 + end.
            long doubledRankSum = 0;
            int start = 0;
            while (start < n)
            {
                int end = start + 1;
                while (end < n && scores[end] == scores[start])
                {
                    end++;
                }

                long positivesInGroup = 0;
                for (int k = start; k < end; k++)
                {
                    if (isPositive[k])
                    {
                        positivesInGroup++;
                    }
                }

                doubledRankSum += positivesInGroup * (start + 1L + end);
                start = end;
            }

            // AUC = (R⁺ − P(P+1)/2) / (P·N) with R⁺ = doubledRankSum / 2.
            double auc = (double)(doubledRankSum - (positives * (positives + 1))) / (2.0 * positives * negatives);
            aucSum += auc;
            aucCount++;
        }

        return aucCount == 0 ? double.NaN : aucSum / aucCount;
    }
}
