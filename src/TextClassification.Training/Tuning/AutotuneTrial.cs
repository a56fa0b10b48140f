using TextClassification.Training.Trainers;

namespace TextClassification.Training.Tuning;

/// <summary>One configuration the autotuner tried.</summary>
/// <param name="Options">The settings trained.</param>
/// <param name="Change">What differs from the best configuration known when the trial started (e.g. "lr 0.5").</param>
/// <param name="ValidationAccuracy">Accuracy on the validation split (NaN when the trial was cut off by the budget, when
/// its training diverged, or when the data is too small to hold a validation split out).</param>
/// <param name="Epochs">Epochs early stopping chose.</param>
/// <param name="Seconds">Wall-clock seconds the trial took.</param>
/// <param name="ValidationExamples">Texts the accuracy was measured on.</param>
/// <param name="CutOff">Whether the time budget ran out during the trial.</param>
public sealed record AutotuneTrial(
    NGramTrainerOptions Options, string Change, double ValidationAccuracy, int Epochs, double Seconds, int ValidationExamples = 0, bool CutOff = false)
{
    /// <summary>Whether the trial ran to the end (false: the time budget ran out during it).</summary>
    public bool Completed => !CutOff;

    /// <summary>Whether the trial's training diverged (<see cref="TrainingDivergedException"/>): its settings cannot
    /// train on this data.</summary>
    public bool Diverged { get; init; }
}
