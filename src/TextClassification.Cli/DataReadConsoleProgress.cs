using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using TextClassification.Training.Data;

namespace TextClassification.Cli;

/// <summary>
/// Shows how far a data file is read: a progress bar on a terminal for a file of <see cref="BarThreshold"/> or more (a
/// multi-gigabyte file takes seconds to minutes before training starts), otherwise (a log, a pipe, a smaller file) a line
/// on stderr when nothing was written for <see cref="QuietInterval"/> (the read is seen to be alive, a quick read writes
/// nothing).
/// </summary>
internal static class DataReadConsoleProgress
{
    /// <summary>Files smaller than this are read without a bar (one would flash and stay on the screen).</summary>
    internal const long BarThreshold = 16L << 20;

    /// <summary>How long a plain read goes without a line.</summary>
    internal static readonly TimeSpan QuietInterval = TimeSpan.FromSeconds(10);

    /// <summary>Reads <paramref name="path"/> as <see cref="DatasetReader.Read(string, DatasetReadOptions?, IProgress{DatasetReadProgress}?, CancellationToken)"/>
    /// does, showing its progress on <paramref name="console"/>.</summary>
    public static Dataset Read(CliConsole console, string path, DatasetReadOptions options, CancellationToken cancellationToken) =>
        Read(console, path, options, QuietInterval, cancellationToken);

    /// <summary><see cref="Read(CliConsole, string, DatasetReadOptions, CancellationToken)"/> with the plain lines'
    /// <paramref name="quiet"/> interval given (tests).</summary>
    internal static Dataset Read(CliConsole console, string path, DatasetReadOptions options, TimeSpan quiet, CancellationToken cancellationToken)
    {
        string name = Path.GetFileName(path);
        if (!ShowsBar(console, path))
        {
            // A log, and on a terminal a pipe or a smaller file: a pipe fed slowly (zcat, ssh) went minutes without a
            // word on a terminal, where a log got a line every 10 s.
            return DatasetReader.Read(path, options, new PlainProgress(console.Error, name, quiet), cancellationToken);
        }

        return ConsoleProgress.WithBar(
            console,
            Markup.Escape($"reading {name}"),
            task => DatasetReader.Read(path, options, new BarProgress(task), cancellationToken));
    }

    /// <summary>Whether reading <paramref name="path"/> shows a bar: on a terminal, for a file of
    /// <see cref="BarThreshold"/> or more (not a pipe such as /dev/stdin, whose length is not known).</summary>
    internal static bool ShowsBar(CliConsole console, string path) =>
        console.ShowsProgressBar && File.Exists(path) && new FileInfo(path).Length >= BarThreshold;

    /// <summary>One line, e.g. <c>reading data.tsv: 45 % (1.2 GiB of 2.6 GiB)</c>, or the bytes alone where the length
    /// is not known.</summary>
    internal static string Describe(string name, DatasetReadProgress report) =>
        report.TotalBytes is { } total
            ? string.Create(CultureInfo.InvariantCulture, $"reading {name}: {Math.Floor(report.Fraction!.Value * 100):F0} % ({CommonOptions.Bytes(report.BytesRead)} of {CommonOptions.Bytes(total)})")
            : $"reading {name}: {CommonOptions.Bytes(report.BytesRead)}";

    /// <summary>Writes a line where nothing was written for the quiet interval; never the last report (the command
    /// prints the rows read next).</summary>
    internal sealed class PlainProgress(TextWriter error, string name, TimeSpan quiet) : IProgress<DatasetReadProgress>
    {
        private long _lastLine = Stopwatch.GetTimestamp();

        public void Report(DatasetReadProgress value)
        {
            if (value.BytesRead == value.TotalBytes || Stopwatch.GetElapsedTime(_lastLine) < quiet)
            {
                return;
            }

            error.WriteLine(Describe(name, value));
            _lastLine = Stopwatch.GetTimestamp();
        }
    }

    private sealed class BarProgress(ProgressTask task) : IProgress<DatasetReadProgress>
    {
        public void Report(DatasetReadProgress value) => task.Value = Math.Clamp(value.Fraction ?? 0, 0, 1);
    }
}
