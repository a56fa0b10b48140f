namespace TextClassification.Training.Evaluation;

/// <summary>How a model with a confidence threshold (<see cref="TextClassifier.ConfidenceThreshold"/>) did on test
/// data when it may answer "none of these": the plain metrics count every text as answered by its most probable
/// label; these count only the texts it answers.</summary>
/// <param name="Threshold">The model's confidence threshold.</param>
/// <param name="Count">Test texts.</param>
/// <param name="Answered">Texts whose best probability reaches the threshold.</param>
/// <param name="AnsweredCorrect">Answered texts whose label is right.</param>
public sealed record AbstainMetrics(double Threshold, int Count, int Answered, int AnsweredCorrect)
{
    /// <summary>Share of the texts answered (0 when there are none).</summary>
    public double Coverage => Count == 0 ? 0 : (double)Answered / Count;

    /// <summary>Accuracy on the answered texts; NaN when none is answered.</summary>
    public double AnsweredAccuracy => Answered == 0 ? double.NaN : (double)AnsweredCorrect / Answered;

    /// <summary>Counts answered and right texts from row-major probabilities and gold label indices, answering a row
    /// when its best probability is at least <paramref name="threshold"/> (as <see cref="Prediction.Abstained"/> does).</summary>
    internal static AbstainMetrics Compute(float threshold, ReadOnlySpan<int> gold, ReadOnlySpan<float> probabilities, int labels)
    {
        int answered = 0;
        int right = 0;
        for (int i = 0; i < gold.Length; i++)
        {
            // The label and the decision as Prediction makes them (a NaN score is never the best; scores all NaN abstain).
            ReadOnlySpan<float> row = probabilities.Slice(i * labels, labels);
            int best = TopRanking.Best(row);
            if (!TopRanking.Abstains(row[best], threshold))
            {
                answered++;
                right += best == gold[i] ? 1 : 0;
            }
        }

        return new AbstainMetrics(threshold, gold.Length, answered, right);
    }
}
