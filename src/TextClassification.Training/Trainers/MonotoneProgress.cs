namespace TextClassification.Training.Trainers;

/// <summary>
/// Passes a training's progress on with its <see cref="TrainingProgress.Fraction"/> never below the highest reported
/// before: where part of the training runs again from its start (a member trained again at half the learning rate
/// after its loss overflowed, the word model's epochs searched again without the rare-label boost), the fraction holds
/// until the new run passes it, instead of stepping back (a caller's progress bar went back from 0.73 to 0.33 when the
/// word model's refit diverged). Only the fraction is held: the phase, epoch and scores are the report's own.
/// Thread-safe: the members train on two threads.
/// </summary>
internal sealed class MonotoneProgress(IProgress<TrainingProgress> target) : IProgress<TrainingProgress>
{
    private readonly Lock _gate = new();
    private double _highest;

    /// <summary>A monotone view of <paramref name="target"/>, or null without one.</summary>
    public static IProgress<TrainingProgress>? Of(IProgress<TrainingProgress>? target) =>
        target is null or MonotoneProgress ? target : new MonotoneProgress(target);

    public void Report(TrainingProgress value)
    {
        lock (_gate)
        {
            // NaN is never higher (Math.Max would keep it); a report's fraction is in [0, 1].
            _highest = value.Fraction > _highest ? value.Fraction : _highest;
            target.Report(value with { Fraction = _highest });
        }
    }
}
