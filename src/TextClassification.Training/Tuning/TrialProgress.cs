using TextClassification.Training.Trainers;

namespace TextClassification.Training.Tuning;

/// <summary>
/// Passes an autotune trial's progress on as the search's: phase "autotune", <see cref="TrainingProgress.Epoch"/> the
/// trial under way, <see cref="TrainingProgress.EpochShare"/> the trial's own fraction done, and the search's fraction
/// from <paramref name="searchFraction"/> (the budget's share spent), <see cref="TrainingProgress.TrialChange"/> the
/// setting the trial tries (<paramref name="change"/>). Without it a trial said nothing until it ended, and on a large set
/// the first trial could take the whole budget with no sign of life (review 49c).
/// </summary>
internal sealed class TrialProgress(IProgress<TrainingProgress> target, int trial, string change, double keptAccuracy, Func<double> searchFraction) : IProgress<TrainingProgress>
{
    /// <summary>A trial's view of <paramref name="target"/>, or null without one.</summary>
    public static TrialProgress? Of(IProgress<TrainingProgress>? target, int trial, string change, double keptAccuracy, Func<double> searchFraction) =>
        target is null ? null : new TrialProgress(target, trial, change, keptAccuracy, searchFraction);

    public void Report(TrainingProgress value) =>
        target.Report(new TrainingProgress("autotune", trial, 0, searchFraction(), double.NaN, keptAccuracy)
        {
            EpochShare = Math.Clamp(value.Fraction, 0, 1),
            TrialChange = change,
        });
}
