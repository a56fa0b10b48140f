namespace TextClassification.Training.Evaluation;

/// <summary>
/// How far an evaluation has got: the texts scored so far of all it scores. Reported by the evaluators
/// (<see cref="ModelEvaluator"/>, <see cref="MultiLabelEvaluator"/>, <see cref="TrainingOverlap"/>) after each chunk of
/// texts, not after every text. In the order of the <see cref="IProgress{T}.Report"/> calls <see cref="Scored"/> never
/// decreases, each text is counted once, and the last report of an evaluation that completes has
/// <see cref="Scored"/> equal to <see cref="Total"/>; a <see cref="Progress{T}"/> posts each report to its
/// synchronization context (the thread pool without one), where its handlers can run out of that order.
/// </summary>
/// <param name="Scored">Texts scored so far, between 1 and <paramref name="Total"/>.</param>
/// <param name="Total">Texts the evaluation scores (every example, each once).</param>
public readonly record struct EvaluationProgress(int Scored, int Total)
{
    /// <summary>The share of the texts scored, in [0, 1] (1 when there are none).</summary>
    public double Fraction => Total <= 0 ? 1 : Math.Clamp((double)Scored / Total, 0, 1);
}
