namespace TextClassification.Training.Evaluation;

/// <summary>Ranking metrics: one-vs-rest ROC curves and AUC, and top-k accuracy.</summary>
public static partial class MetricsCalculator
{
    /// <summary>The one-vs-rest ROC curve of every label (see <see cref="RocCurve"/>).</summary>
    private static RocCurve[] RocCurves(string[] labels, ReadOnlySpan<int> gold, ReadOnlySpan<float> probabilities)
    {
        int n = gold.Length;
        int classCount = labels.Length;
        var curves = new RocCurve[classCount];

        // One pair of scratch arrays for all labels: Array.Sort permutes them in place.
        var scores = new float[n];
        var isPositive = new bool[n];
        for (int c = 0; c < classCount; c++)
        {
            int positives = 0;
            for (int i = 0; i < n; i++)
            {
                scores[i] = probabilities[(i * classCount) + c];
                bool positive = gold[i] == c;
                isPositive[i] = positive;
                positives += positive ? 1 : 0;
            }

            int negatives = n - positives;
            if (positives == 0 || negatives == 0)
            {
                curves[c] = RocCurve.Create(labels[c], scores, isPositive);
                continue;
            }

            Array.Sort(scores, isPositive);
            curves[c] = RocCurve.FromSorted(labels[c], scores, isPositive, positives, negatives);
        }

        return curves;
    }

    /// <summary>The unweighted mean AUC of the defined curves; NaN when none is defined.</summary>
    private static double MeanDefinedAuc(RocCurve[] curves)
    {
        double sum = 0;
        int count = 0;
        foreach (RocCurve curve in curves)
        {
            if (curve.IsDefined)
            {
                sum += curve.Auc;
                count++;
            }
        }

        return count == 0 ? double.NaN : sum / count;
    }

    /// <summary>
    /// Top-k accuracy for k = 1 … min(<see cref="MaxTopK"/>, predictableLabels). The rank of the gold label in a row is
    /// the number of labels ranked before it: those with a higher probability, and those with an equal probability and a
    /// lower index (the argmax tie rule), so rank 0 is exactly "predicted right". A row whose gold label is not one of
    /// the first predictableLabels (the classifier's) is never a hit.
    /// </summary>
    private static double[] TopKAccuracy(ReadOnlySpan<int> gold, ReadOnlySpan<float> probabilities, int classCount, int predictableLabels)
    {
        int n = gold.Length;
        int maxK = Math.Min(MaxTopK, predictableLabels);
        var hitsAtRank = new int[maxK];
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> row = probabilities.Slice(i * classCount, classCount);
            int truth = gold[i];
            if (truth >= predictableLabels)
            {
                continue;
            }

            float goldScore = row[truth];
            int rank = 0;
            for (int c = 0; c < classCount && rank < maxK; c++)
            {
                if (row[c] > goldScore || (row[c] == goldScore && c < truth))
                {
                    rank++;
                }
            }

            if (rank < maxK)
            {
                hitsAtRank[rank]++;
            }
        }

        var accuracy = new double[maxK];
        int cumulative = 0;
        for (int k = 0; k < maxK; k++)
        {
            cumulative += hitsAtRank[k];
            accuracy[k] = (double)cumulative / n;
        }

        return accuracy;
    }
}
