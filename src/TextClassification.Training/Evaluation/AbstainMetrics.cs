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

    /// <summary>Test texts whose label the model does not have (held out of training, say): answered, they count
    /// against <see cref="AnsweredAccuracy"/>; abstained on, they are left out of it. 0 when the model has every test
    /// label.</summary>
    public int UnknownLabelRows { get; init; }

    /// <summary>How many of the <see cref="UnknownLabelRows"/> the model abstained on ("none of these").</summary>
    public int UnknownLabelAbstained { get; init; }

    /// <summary>Counts answered and right texts from row-major probabilities and gold label indices, answering a row
    /// when its best probability is at least <paramref name="threshold"/> (as <see cref="Prediction.Abstained"/> does).
    /// Gold indices from <paramref name="modelLabels"/> on are test labels the model lacks (all labels are the model's
    /// when null).</summary>
    internal static AbstainMetrics Compute(float threshold, ReadOnlySpan<int> gold, ReadOnlySpan<float> probabilities, int labels, int? modelLabels = null)
    {
        int answered = 0;
        int right = 0;
        int unknown = 0;
        int unknownAbstained = 0;
        for (int i = 0; i < gold.Length; i++)
        {
            // The label and the decision as Prediction makes them (a NaN score is never the best; scores all NaN abstain).
            ReadOnlySpan<float> row = probabilities.Slice(i * labels, labels);
            int best = TopRanking.Best(row);
            bool abstains = TopRanking.Abstains(row[best], threshold);
            if (!abstains)
            {
                answered++;
                right += best == gold[i] ? 1 : 0;
            }

            if (gold[i] >= (modelLabels ?? labels))
            {
                unknown++;
                unknownAbstained += abstains ? 1 : 0;
            }
        }

        return new AbstainMetrics(threshold, gold.Length, answered, right) { UnknownLabelRows = unknown, UnknownLabelAbstained = unknownAbstained };
    }
}
