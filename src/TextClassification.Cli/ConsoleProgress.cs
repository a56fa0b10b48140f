using System.Globalization;
using Spectre.Console;
using TextClassification.Training.Trainers;

namespace TextClassification.Cli;

/// <summary>
/// Shows training progress: a Spectre.Console progress bar on an interactive terminal, otherwise one plain line per
/// epoch on stderr (CI logs and pipes have no terminal to redraw).
/// </summary>
internal static class ConsoleProgress
{
    /// <summary>Runs <paramref name="work"/>, feeding its progress reports to the console.</summary>
    public static T Run<T>(CliConsole console, Func<IProgress<TrainingProgress>, T> work)
    {
        if (!console.ShowsProgressBar)
        {
            return work(new PlainProgress(console.Error));
        }

        return WithBar(console, "tokenizing", task => work(new BarProgress(task)));
    }

    /// <summary>Runs <paramref name="work"/> with a Spectre.Console progress bar on standard error (a task of value
    /// 0 to 1 first described by <paramref name="description"/>), left on the screen full when the work is done.</summary>
    public static T WithBar<T>(CliConsole console, string description, Func<ProgressTask, T> work)
    {
        IAnsiConsole terminal = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(console.Error) });
        return terminal.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask(description, autoStart: true, maxValue: 1.0);
                T result = work(task);
                task.Value = task.MaxValue;
                task.StopTask();
                return result;
            });
    }

    /// <summary>One line describing a progress report, e.g. <c>word model: training epoch 3/30: loss 0.4123, validation
    /// accuracy 0.9500</c> (the model named when several train side by side).</summary>
    public static string Describe(TrainingProgress report)
    {
        if (report.Model is not { } model || report.Phase is "done" or "autotune")
        {
            return DescribeOwn(report);
        }

        // "calibration model: word model: training epoch 3/30" (AbstainTraining's first fit names itself first).
        const string calibration = "calibration model: ";
        return report.Phase.StartsWith(calibration, StringComparison.Ordinal)
            ? $"{calibration}{model}: {DescribeOwn(report with { Phase = report.Phase[calibration.Length..] })}"
            : $"{model}: {DescribeOwn(report)}";
    }

    private static string DescribeOwn(TrainingProgress report)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        if (report.Epoch == 0 || report.Phase == "done")
        {
            return report.Phase == "linear" ? "fitting logistic regression" : report.Phase;
        }

        if (report.Phase == "autotune")
        {
            return DescribeTrial(report);
        }

        if (report.Phase == "linear" && double.IsNaN(report.TrainLoss))
        {
            // The fit's closing report: how many iterations it took (every tenth is reported with its loss before).
            return string.Create(inv, $"logistic regression fitted in {report.Epoch} iteration{(report.Epoch == 1 ? "" : "s")}");
        }

        string line = report.Phase == "linear"
            ? string.Create(inv, $"{(report.Model is null ? "linear model " : string.Empty)}iteration {report.Epoch}/{report.MaxEpochs}")
            : string.Create(inv, $"{report.Phase} epoch {report.Epoch}/{report.MaxEpochs}");
        if (report.EpochShare is { } share)
        {
            // Rounded down: 99.7 % is not yet "100 % done".
            return string.Create(inv, $"{line}: {Math.Floor(share * 100):F0} % done");
        }

        var details = new List<string>(2);
        if (double.IsFinite(report.TrainLoss))
        {
            details.Add(string.Create(inv, $"loss {report.TrainLoss:F4}"));
        }

        // While refitting on all the data the validation accuracy is the one already chosen, not a new measurement.
        if (double.IsFinite(report.ValidationAccuracy) && report.Phase != "refitting")
        {
            details.Add(string.Create(inv, $"validation {(report.MultiLabel ? "micro-F1" : "accuracy")} {report.ValidationAccuracy:F4}"));
        }

        return details.Count == 0 ? line : $"{line}: {string.Join(", ", details)}";
    }

    // "autotune trial 4 (lr 0.5): validation accuracy 0.9120 in 7 epochs; the settings kept 0.9120": the setting tried and
    // its own score, as a log shows nothing else of the search before its summary (review 57f). A report built without the
    // trial (from code) keeps the kept settings' accuracy alone.
    private static string DescribeTrial(TrainingProgress report)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        string trial = report.TrialChange is { } change
            ? string.Create(inv, $"autotune trial {report.Epoch} ({change})")
            : string.Create(inv, $"autotune trial {report.Epoch}");
        if (report.EpochShare is { } trialShare)
        {
            // A trial under way (a large set's trial can take much of the budget).
            return string.Create(inv, $"{trial}: {Math.Floor(trialShare * 100):F0} % done");
        }

        string kept = double.IsFinite(report.ValidationAccuracy)
            ? string.Create(inv, $"the settings kept {report.ValidationAccuracy:F4}")
            : "no settings scored yet";
        return report.Trial switch
        {
            null when double.IsFinite(report.ValidationAccuracy) => string.Create(inv, $"{trial}: validation accuracy of the settings kept {report.ValidationAccuracy:F4}"),
            { Diverged: true } => $"{trial}: diverged, the learning rate is too high for this data; {kept}",
            { ValidationAccuracy: var own } when double.IsFinite(own) =>
                string.Create(inv, $"{trial}: validation accuracy {own:F4} in {CommonOptions.Counted(report.Trial.Epochs, "epoch")}; {kept}"),
            _ => $"{trial}: no validation split",
        };
    }

    private sealed class PlainProgress(TextWriter error) : IProgress<TrainingProgress>
    {
        // A line about an epoch under way is written only where nothing was written for this long: a log gets a sign
        // of life in a long epoch, not a line a second.
        private static readonly TimeSpan QuietBeforeShare = TimeSpan.FromSeconds(10);

        private readonly EpochTimeLeft _timeLeft = new();
        private long _lastLine = System.Diagnostics.Stopwatch.GetTimestamp();

        public void Report(TrainingProgress value)
        {
            // "done" repeats the last epoch; the command prints its own summary afterwards.
            if (value.Phase == "done" || value.Phase.EndsWith(": done", StringComparison.Ordinal))
            {
                return;
            }

            // Every share report counts towards the rate, the ones not written too.
            long now = System.Diagnostics.Stopwatch.GetTimestamp();
            string? left = _timeLeft.Describe(value, now);
            if ((value.EpochShare is not null || EmbeddingUnderWay(value)) && System.Diagnostics.Stopwatch.GetElapsedTime(_lastLine, now) < QuietBeforeShare)
            {
                return;
            }

            error.WriteLine(WithTimeLeft(Describe(value), left));
            _lastLine = now;
        }
    }

    // An encoder head's "embedding k/n texts" with k < n, reported after each batch of 256 texts: a line each wrote 781
    // lines for 200,000 texts, several a second with a small encoder, so they wait as an epoch's share lines do; the
    // last (k = n) is always written (review 50e).
    private static bool EmbeddingUnderWay(TrainingProgress report)
    {
        const string Prefix = "embedding ";
        if (report.Epoch != 0 || !report.Phase.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        ReadOnlySpan<char> counts = report.Phase.AsSpan(Prefix.Length);
        int slash = counts.IndexOf('/');
        int space = counts.IndexOf(' ');
        return slash > 0 && space > slash
            && int.TryParse(counts[..slash], NumberStyles.None, CultureInfo.InvariantCulture, out int done)
            && int.TryParse(counts[(slash + 1)..space], NumberStyles.None, CultureInfo.InvariantCulture, out int total)
            && done < total;
    }

    // "word model: training epoch 1/30: 15 % done, about 25 min left in this epoch" (review 56b: 100,000 labels took about
    // 30 minutes an epoch, and nothing said so until an epoch ended).
    private static string WithTimeLeft(string line, string? left) => left is null ? line : $"{line}, {left}";

    private sealed class BarProgress(ProgressTask task) : IProgress<TrainingProgress>
    {
        private readonly EpochTimeLeft _timeLeft = new();

        public void Report(TrainingProgress value)
        {
            task.Description = Markup.Escape(WithTimeLeft(Describe(value), _timeLeft.Describe(value, System.Diagnostics.Stopwatch.GetTimestamp())));
            task.Value = Math.Clamp(value.Fraction, 0, 1);
        }
    }
}
