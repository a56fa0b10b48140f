namespace TextClassification.Training.Trainers;

/// <summary>
/// Passes a training's progress on with its <see cref="TrainingProgress.Fraction"/> mapped into [<c>from</c>,
/// <c>to</c>] of a longer run (and its phase prefixed), so a run of several trainings reports one rising fraction.
/// </summary>
internal sealed class ProgressRange(IProgress<TrainingProgress> target, double from, double to, string? phasePrefix = null) : IProgress<TrainingProgress>
{
    /// <summary>A range over <paramref name="target"/>, or null without one.</summary>
    public static ProgressRange? Of(IProgress<TrainingProgress>? target, double from, double to, string? phasePrefix = null) =>
        target is null ? null : new ProgressRange(target, from, to, phasePrefix);

    public void Report(TrainingProgress value) =>
        target.Report(value with
        {
            Fraction = from + ((to - from) * Math.Clamp(value.Fraction, 0, 1)),
            Phase = phasePrefix is null ? value.Phase : phasePrefix + value.Phase,
        });
}
