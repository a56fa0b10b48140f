using System.Globalization;

namespace TextClassification.Training.Evaluation;

/// <summary>
/// The receiver operating characteristic (ROC) curve of one label, one-vs-rest: the rows whose gold label is this
/// label are the positives, all other rows the negatives, and the score of a row is its probability for this label.
/// </summary>
/// <remarks>
/// Walked from the highest score down, each distinct score (threshold) gives a point: the (false positive rate, true
/// positive rate) obtained by predicting "positive" for every row whose score is at least that threshold. The curve
/// starts at the origin (threshold +∞). Rows with tied scores enter together, so a tie between positives and
/// negatives is a diagonal step. By default, as scikit-learn's <c>roc_curve</c> does, a point is left out where the
/// step into it equals the step out of it (inside a run of positives only or of negatives only, or where two tied
/// groups in a row hold the same numbers of positives and negatives): it lies on the straight line between its
/// neighbours, so the curve's shape and area are the same, and a curve over a million test rows keeps its corners
/// instead of a million points. The first threshold's point is always kept. The area under the curve by the trapezoid
/// rule over the points is exactly the Mann–Whitney statistic: the probability that a random positive scores above a
/// random negative, counting ties as one half (scikit-learn's <c>roc_auc_score</c> gives the same value).
/// </remarks>
public sealed class RocCurve
{
    private readonly double[] _falsePositiveRates;
    private readonly double[] _truePositiveRates;
    private readonly double[] _thresholds;

    private RocCurve(string label, int positives, int negatives, double[] falsePositiveRates, double[] truePositiveRates, double[] thresholds, double auc)
    {
        Label = label;
        Positives = positives;
        Negatives = negatives;
        _falsePositiveRates = falsePositiveRates;
        _truePositiveRates = truePositiveRates;
        _thresholds = thresholds;
        Auc = auc;
    }

    /// <summary>The label whose rows are the positives.</summary>
    public string Label { get; }

    /// <summary>The number of positive rows.</summary>
    public int Positives { get; }

    /// <summary>The number of negative rows.</summary>
    public int Negatives { get; }

    /// <summary>
    /// Whether the curve is defined, that is whether there is at least one positive and one negative row.
    /// An undefined curve has no points and a NaN <see cref="Auc"/>.
    /// </summary>
    public bool IsDefined => Positives > 0 && Negatives > 0;

    /// <summary>The false positive rate FP / N of each point, from (0, 0) to (1, 1); non-decreasing.</summary>
    public IReadOnlyList<double> FalsePositiveRates => _falsePositiveRates;

    /// <summary>The true positive rate TP / P of each point, from (0, 0) to (1, 1); non-decreasing.</summary>
    public IReadOnlyList<double> TruePositiveRates => _truePositiveRates;

    /// <summary>The score threshold of each point (+∞ for the origin), decreasing.</summary>
    public IReadOnlyList<double> Thresholds => _thresholds;

    /// <summary>The area under the curve, in [0, 1]; <see cref="double.NaN"/> when the curve is not <see cref="IsDefined"/>.</summary>
    public double Auc { get; }

    /// <summary>Computes the ROC curve and its AUC from the scores of positive and negative rows, leaving out the points
    /// on the straight line between their neighbours (scikit-learn's default).</summary>
    /// <param name="label">The name of the positive label.</param>
    /// <param name="scores">The score of each row (higher means "more positive"); must be finite.</param>
    /// <param name="isPositive">Whether each row is a positive; as long as <paramref name="scores"/>.</param>
    /// <returns>The curve; not <see cref="IsDefined"/> when all rows are positive or all are negative.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="label"/> is null.</exception>
    /// <exception cref="ArgumentException">The spans differ in length, or a score is NaN or infinite.</exception>
    public static RocCurve Create(string label, ReadOnlySpan<float> scores, ReadOnlySpan<bool> isPositive) =>
        Create(label, scores, isPositive, dropIntermediate: true);

    /// <summary>Computes the ROC curve and its AUC from the scores of positive and negative rows.</summary>
    /// <param name="label">The name of the positive label.</param>
    /// <param name="scores">The score of each row (higher means "more positive"); must be finite.</param>
    /// <param name="isPositive">Whether each row is a positive; as long as <paramref name="scores"/>.</param>
    /// <param name="dropIntermediate">Whether to leave out the points that lie on the straight line between their
    /// neighbours (see the remarks on <see cref="RocCurve"/>); false keeps one point per distinct score.</param>
    /// <returns>The curve; not <see cref="IsDefined"/> when all rows are positive or all are negative.</returns>
    /// <remarks>Effectively computes scikit-learn's <c>roc_curve(y, s, drop_intermediate=dropIntermediate)</c> (with
    /// +∞ as the origin's threshold) and <c>roc_auc_score(y, s)</c>.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="label"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// The spans differ in length, or a score is NaN or infinite.
    /// </exception>
    public static RocCurve Create(string label, ReadOnlySpan<float> scores, ReadOnlySpan<bool> isPositive, bool dropIntermediate)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (scores.Length != isPositive.Length)
        {
            throw new ArgumentException(
                $"{nameof(scores)} has {scores.Length} values but {nameof(isPositive)} has {isPositive.Length}.", nameof(isPositive));
        }

        int n = scores.Length;
        int positives = 0;
        for (int i = 0; i < n; i++)
        {
            if (!float.IsFinite(scores[i]))
            {
                // Invariant: "NaN" in any culture (fi-FI wrote "epäluku", ar "ليس رقم" into the English sentence).
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"The score of label '{label}' for row {i} is {scores[i]}, not a finite number."),
                    nameof(scores));
            }

            if (isPositive[i])
            {
                positives++;
            }
        }

        int negatives = n - positives;
        if (positives == 0 || negatives == 0)
        {
            return new RocCurve(label, positives, negatives, [], [], [], double.NaN);
        }

        float[] sorted = scores.ToArray();
        bool[] flags = isPositive.ToArray();
        Array.Sort(sorted, flags);
        return FromSorted(label, sorted, flags, positives, negatives, dropIntermediate);
    }

    /// <summary>
    /// Builds the curve from scores sorted ascending (with their flags permuted alike), walking them from the top.
    /// Counts stay integers, so the AUC is exact up to the final division.
    /// </summary>
    internal static RocCurve FromSorted(string label, float[] sortedScores, bool[] sortedIsPositive, int positives, int negatives, bool dropIntermediate = true)
    {
        var fpr = new List<double>(Math.Min(sortedScores.Length + 1, 1024)) { 0.0 };
        var tpr = new List<double>(fpr.Capacity) { 0.0 };
        var thresholds = new List<double>(fpr.Capacity) { double.PositiveInfinity };

        long truePositives = 0;
        long falsePositives = 0;

        // Twice the area, in units of one (positive, negative) pair: each step adds ΔFP · (TP_before + TP_after).
        long doubledArea = 0;

        // The step into the last point (in counts) and how many thresholds have been walked: a point whose step in
        // equals the step out of it is replaced by the next one (never the first threshold's, as in scikit-learn).
        long lastStepNegatives = -1;
        long lastStepPositives = -1;
        int walked = 0;
        int end = sortedScores.Length;
        while (end > 0)
        {
            float threshold = sortedScores[end - 1];
            int start = end - 1;
            while (start > 0 && sortedScores[start - 1] == threshold)
            {
                start--;
            }

            long groupPositives = 0;
            for (int k = start; k < end; k++)
            {
                if (sortedIsPositive[k])
                {
                    groupPositives++;
                }
            }

            long groupNegatives = end - start - groupPositives;
            doubledArea += groupNegatives * ((2 * truePositives) + groupPositives);
            truePositives += groupPositives;
            falsePositives += groupNegatives;

            if (dropIntermediate && walked >= 2 && groupNegatives == lastStepNegatives && groupPositives == lastStepPositives)
            {
                fpr[^1] = (double)falsePositives / negatives;
                tpr[^1] = (double)truePositives / positives;
                thresholds[^1] = threshold;
            }
            else
            {
                fpr.Add((double)falsePositives / negatives);
                tpr.Add((double)truePositives / positives);
                thresholds.Add(threshold);
            }

            (lastStepNegatives, lastStepPositives) = (groupNegatives, groupPositives);
            walked++;
            end = start;
        }

        double auc = doubledArea / (2.0 * positives * negatives);
        return new RocCurve(label, positives, negatives, [.. fpr], [.. tpr], [.. thresholds], auc);
    }
}
