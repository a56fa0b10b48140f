using System.Globalization;
using TextClassification.Training.Trainers;
using TextClassification.Training.Tuning;

namespace TextClassification.Cli;

/// <summary>Prints what <c>train --autotune</c> tried and what it chose.</summary>
internal static class AutotuneReport
{
    public static void Write(CliConsole console, AutotuneResult result)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        TextWriter output = console.Out;
        // A trial the budget cut off is listed but not counted as one tried: "11 trials" had counted it.
        int finished = result.Trials.Count - result.TrialsCutOff;
        string cut = result.TrialsCutOff == 0 ? string.Empty : string.Create(inv, $" and {result.TrialsCutOff} cut off by the time budget");
        // The change column is as wide as its longest name ("word n-grams 2 + skip-bigrams"), so the scores line up.
        int width = 20;
        foreach (AutotuneTrial trial in result.Trials)
        {
            width = Math.Max(width, trial.Change.Length);
        }

        output.WriteLine(string.Create(inv, $"Autotune: {CommonOptions.Counted(finished, "trial")}{cut} in {result.SearchSeconds:F1} s (validation accuracy per trial):"));
        foreach (AutotuneTrial trial in result.Trials)
        {
            string score = !trial.Completed ? "cut off by the time budget"
                : trial.Diverged ? "diverged: the learning rate is too high for this data"
                : double.IsNaN(trial.ValidationAccuracy) ? "not scored: too few texts to hold a validation split out"
                : string.Create(inv, $"{trial.ValidationAccuracy:F4} ({CommonOptions.Counted(trial.Epochs, "epoch")})");
            output.WriteLine(string.Create(inv, $"  {trial.Change.PadRight(width)} {score}, {trial.Seconds:F1} s"));
        }

        var best = result.Best;
        int examples = 0;
        foreach (AutotuneTrial trial in result.Trials)
        {
            // Every scored trial holds out the same split.
            if (trial.ValidationExamples > 0)
            {
                examples = trial.ValidationExamples;
                break;
            }
        }

        if (!double.IsNaN(result.BestValidationAccuracy) && examples > 0)
        {
            // Why a trial a little ahead did not replace the kept settings: a smaller lead is what another split gives.
            output.WriteLine(string.Create(inv,
                $"A change is kept only when it beats the kept settings by more than the standard error of the difference of two accuracies (about {NGramAutotuner.Margin(result.BestValidationAccuracy, examples):F4} near {result.BestValidationAccuracy:F4} on {examples} validation texts): a smaller lead is what another split could give."));
        }

        if (result.UntriedAxes.Count > 0)
        {
            // The start's values: the defaults, or the options given with --autotune ("keep their defaults" was wrong then).
            output.WriteLine($"The time budget ran out before any value of {string.Join(", ", result.UntriedAxes)} was tried: those keep the values the search started from (a larger --time-budget searches them).");
        }

        // Unscored because the budget ended the start's trial, because every trial that finished diverged (--lr 10 with a
        // budget that ends before the lr axis), or because the data holds no validation split (review 53b: the last reason
        // was given for all three).
        bool startCutOff = result.Trials.Count > 0 && result.Trials[0].CutOff;
        string scored = double.IsNaN(result.BestValidationAccuracy)
            ? startCutOff
                ? " (the time budget ran out before they were scored: the settings it started from were kept)"
                : EveryFinishedTrialDiverged(result.Trials)
                    ? " (every trial that finished diverged, so none was scored: the settings it started from were kept)"
                    : " (nothing to compare on: the settings it started from were kept)"
            : string.Create(inv, $" (validation accuracy {result.BestValidationAccuracy:F4})");
        output.WriteLine(string.Create(inv,
            $"Chose: second model {NGramAutotuner.SecondModelOf(best)}, lr {best.LearningRate}, dim {best.Dimension}, word n-grams {best.Tokenizer.WordNGrams}{(best.Tokenizer.SkipBigrams ? " + skip-bigrams" : "")}, char n-grams {best.Tokenizer.CharNGramMin}:{best.Tokenizer.CharNGramMax}, pooling {TrainCommand.PoolingName(best.Pooling)}, buckets {best.Tokenizer.Buckets}{scored}."));
        output.WriteLine(string.Create(inv,
            $"Final model: trained on all the data with those settings, {CommonOptions.Counted(result.Final.Epochs, "epoch")} (at most {best.MaxEpochs}), {result.Final.Seconds - result.SearchSeconds:F1} s after the {result.SearchSeconds:F1} s search."));
        if (result.Final.Classifier.Training?.Settings is { } settings &&
            settings.TryGetValue(NGramTrainer.LearningRateLoweredSetting, out string? lowered))
        {
            // "lr 10" above is the rate chosen; a member whose loss overflowed at it trained at a halved one (review 57f:
            // only the manifest and the stderr lines said so). The setting reads "word model 1.25: the loss overflowed …".
            int colon = lowered.IndexOf(':', StringComparison.Ordinal);
            output.WriteLine($"The final training lowered the learning rate where the loss overflowed: {(colon > 0 ? lowered[..colon] : lowered)}.");
        }
    }

    // Whether trials finished and every one of them diverged (a trial the budget cut off did not finish).
    private static bool EveryFinishedTrialDiverged(IReadOnlyList<AutotuneTrial> trials)
    {
        bool finished = false;
        foreach (AutotuneTrial trial in trials)
        {
            if (trial.Completed && !trial.Diverged)
            {
                return false;
            }

            finished |= trial.Completed;
        }

        return finished;
    }
}
