namespace TextClassification.Training.Evaluation;

/// <summary>
/// Counts the texts an evaluation has scored and reports the running count, one report per chunk. Thread-safe: chunks
/// scored on several threads are added and reported under one lock, so the reports are made in rising order and the
/// last chunk's report has the total.
/// </summary>
internal sealed class EvaluationProgressCounter(IProgress<EvaluationProgress>? target, int total)
{
    private readonly Lock _gate = new();
    private int _scored;

    /// <summary>Adds <paramref name="count"/> scored texts and reports the new count (nothing without a target).</summary>
    public void Add(int count)
    {
        if (target is null || count <= 0)
        {
            return;
        }

        lock (_gate)
        {
            _scored += count;
            target.Report(new EvaluationProgress(_scored, total));
        }
    }
}
