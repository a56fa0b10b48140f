using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using TextClassification.Training.Evaluation;

namespace TextClassification.Cli;

/// <summary>
/// Shows how far an evaluation (<c>eval</c>, <c>train --test</c>) has got, as <see cref="ConsoleProgress"/> shows
/// training: a Spectre.Console progress bar on an interactive terminal ("scoring 12,288/462,000 texts"); where output is
/// redirected no bar, and a plain line on stderr only where the scoring has run on for 10 seconds since the last line
/// (a log of a long encoder evaluation gets a sign of life; a short one's output is as it was).
/// </summary>
internal static class EvaluationConsoleProgress
{
    private static readonly TimeSpan QuietBeforeLine = TimeSpan.FromSeconds(10);

    /// <summary>Runs <paramref name="work"/>, feeding its progress reports to the console.</summary>
    public static T Run<T>(CliConsole console, Func<IProgress<EvaluationProgress>, T> work)
    {
        if (!console.ShowsProgressBar)
        {
            return work(new PlainProgress(console.Error, QuietBeforeLine));
        }

        return ConsoleProgress.WithBar(console, "scoring the test texts", task => work(new BarProgress(task)));
    }

    /// <summary>The line for a report, e.g. <c>scoring 12,288/462,000 texts</c>.</summary>
    public static string Describe(EvaluationProgress report) =>
        string.Create(CultureInfo.InvariantCulture, $"scoring {report.Scored:N0}/{report.Total:N0} texts");

    /// <summary>Redirected output: a line only where none was written for <c>quiet</c>, and none for the last report
    /// (the command prints its tables next).</summary>
    internal sealed class PlainProgress(TextWriter error, TimeSpan quiet) : IProgress<EvaluationProgress>
    {
        private long _lastLine = Stopwatch.GetTimestamp();

        public void Report(EvaluationProgress value)
        {
            if (value.Scored >= value.Total || Stopwatch.GetElapsedTime(_lastLine) < quiet)
            {
                return;
            }

            error.WriteLine(Describe(value));
            _lastLine = Stopwatch.GetTimestamp();
        }
    }

    private sealed class BarProgress(ProgressTask task) : IProgress<EvaluationProgress>
    {
        public void Report(EvaluationProgress value)
        {
            task.Description = Markup.Escape(Describe(value));
            task.Value = value.Fraction;
        }
    }
}
