using TextClassification.Training.Trainers;

namespace TextClassification.Training.Tuning;

/// <summary>The outcome of <see cref="NGramAutotuner.Tune"/>: the chosen settings, every trial, and the final model
/// trained with the chosen settings on all the data.</summary>
public sealed class AutotuneResult
{
    internal AutotuneResult(NGramTrainerOptions best, double bestValidationAccuracy, IReadOnlyList<AutotuneTrial> trials, NGramTrainingResult final, double searchSeconds,
        IReadOnlyList<string> untriedAxes)
    {
        UntriedAxes = untriedAxes;
        Best = best;
        BestValidationAccuracy = bestValidationAccuracy;
        Trials = trials;
        Final = final;
        SearchSeconds = searchSeconds;
        TrialsCutOff = CountCutOff(trials);
    }

    /// <summary>How many of <see cref="Trials"/> the time budget cut off: listed, not counted as tried (the summary and
    /// the manifest's <c>autotuneTrials</c> count the others).</summary>
    public int TrialsCutOff { get; }

    /// <summary>How many of <paramref name="trials"/> the budget cut off (the manifest is written before the result is made).</summary>
    internal static int CountCutOff(IReadOnlyList<AutotuneTrial> trials)
    {
        int cutOff = 0;
        foreach (AutotuneTrial trial in trials)
        {
            cutOff += trial.CutOff ? 1 : 0;
        }

        return cutOff;
    }

    /// <summary>The settings kept: the start's, or those of the last trial that beat the settings kept before it by more
    /// than <see cref="NGramAutotuner.Margin"/>. Not always the highest-scoring trial: one within the margin of the kept
    /// settings does not replace them (ag_news, 10 s: "word n-grams 3" scored 0.9100 and the start, 0.9090, was kept).</summary>
    public NGramTrainerOptions Best { get; }

    /// <summary>Validation accuracy of <see cref="Best"/>, which a trial in <see cref="Trials"/> may exceed by up to the
    /// margin (NaN when the data was too small to hold out a split, or when
    /// the budget ran out during the first trial).</summary>
    public double BestValidationAccuracy { get; }

    /// <summary>Every configuration tried, in order.</summary>
    public IReadOnlyList<AutotuneTrial> Trials { get; }

    /// <summary>The model trained with <see cref="Best"/>; its manifest records the search, and its
    /// <see cref="NGramTrainingResult.Seconds"/> are the search's and the final training's together.</summary>
    public NGramTrainingResult Final { get; }

    /// <summary>The settings (axes such as <c>lr</c> or <c>pooling</c>) of which no value finished a trial because the
    /// time budget ran out first; empty when the search ended within the budget.</summary>
    public IReadOnlyList<string> UntriedAxes { get; }

    /// <summary>Seconds spent searching (the final training comes after and is not included).</summary>
    public double SearchSeconds { get; }
}
