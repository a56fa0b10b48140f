using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using TextClassification.Training.Data;

namespace TextClassification.Benchmarks.Comparison;

/// <summary>
/// Helpers for the peers that run an external program: finding it, running it, and scratch files. A running tool and
/// the scratch folders do not outlive the comparison when it is stopped: on SIGINT (Ctrl+C), SIGTERM or SIGHUP the
/// running tools are killed and the folders deleted before the signal ends the process (they were left behind: an
/// 800 MB fastText model in /tmp for each Ctrl+C, and a fastText or Python process that went on training).
/// </summary>
internal static class ExternalTool
{
    private static readonly Lock s_gate = new();
    private static readonly HashSet<Process> s_running = [];
    private static readonly HashSet<string> s_folders = new(StringComparer.Ordinal);
    private static List<PosixSignalRegistration>? s_signals;
    private static bool s_stopping;

    /// <summary>UTF-8 without a byte-order mark, for every file and pipe shared with an external tool.</summary>
    public static readonly Encoding Utf8 = new UTF8Encoding(false);

    /// <summary>
    /// <paramref name="path"/> itself when it holds a directory separator (it must exist), otherwise the first match
    /// on PATH; null when not found.
    /// </summary>
    public static string? Find(string path)
    {
        if (path.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return File.Exists(path) ? path : null;
        }

        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            string candidate = Path.Combine(dir, path);
            if (dir.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Starts <paramref name="file"/> with the given arguments and redirected standard streams.</summary>
    public static Process Start(string file, IEnumerable<string> arguments, bool redirectInput = false)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
            UseShellExecute = false,
        };
        if (redirectInput)
        {
            info.StandardInputEncoding = Utf8;
        }

        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using (Enter())
        {
            Process process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
            s_running.Add(process);
            process.EnableRaisingEvents = true;
            process.Exited += (_, _) =>
            {
                lock (s_gate)
                {
                    s_running.Remove(process);
                }
            };
            return process;
        }
    }

    /// <summary>
    /// Takes the lock that guards the running tools and scratch folders, watching for the signals that stop the
    /// comparison (once); while a signal is being handled, waits for the process to end instead of starting anything.
    /// </summary>
    private static Lock.Scope Enter()
    {
        Lock.Scope scope = s_gate.EnterScope();
        if (s_stopping)
        {
            scope.Dispose();
            Thread.Sleep(Timeout.Infinite);
        }

        if (s_signals is null)
        {
            s_signals = [];
            foreach (PosixSignal signal in (ReadOnlySpan<PosixSignal>)[PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP])
            {
                try
                {
                    s_signals.Add(PosixSignalRegistration.Create(signal, OnStop));
                }
                catch (PlatformNotSupportedException)
                {
                }
            }
        }

        return scope;
    }

    // The signal handler: kill the running tools, delete the scratch folders; the signal then ends the process as it
    // would have (the context is not cancelled).
    private static void OnStop(PosixSignalContext context)
    {
        lock (s_gate)
        {
            s_stopping = true;
            foreach (Process process in s_running)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(5000);
                }
                catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
                {
                    // Already gone.
                }
            }

            foreach (string folder in s_folders)
            {
                DeleteFolder(folder);
            }
        }
    }

    private static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temp folder is not worth failing the comparison for.
        }
    }

    /// <summary>Runs <paramref name="file"/> to completion and returns its standard output; throws on a non-zero exit.</summary>
    public static string Run(string file, params string[] arguments)
    {
        using Process process = Start(file, arguments);
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        ThrowOnFailure(process, file, error.Result);
        return output;
    }

    /// <summary>Throws when <paramref name="process"/> exited with a non-zero code, quoting the end of its standard error.</summary>
    public static void ThrowOnFailure(Process process, string file, string error)
    {
        if (process.ExitCode != 0)
        {
            string tail = error.Length > 2000 ? error[^2000..] : error;
            throw new InvalidOperationException($"{Path.GetFileName(file)} exited with {process.ExitCode}: {tail.Trim()}");
        }
    }

    /// <summary>A text on one line: tabs, carriage returns and line feeds become spaces.</summary>
    public static string OneLine(string text) => text.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');

    /// <summary>
    /// A label on one TSV field, exactly: a backslash, tab, carriage return and line feed as <c>\\</c>, <c>\t</c>,
    /// <c>\r</c> and <c>\n</c> (the scikit-learn script reads them back). As spaces, "a&lt;TAB&gt;b" and "a b" were one label.
    /// </summary>
    public static string EscapeLabel(string label) =>
        label.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal)
            .Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Writes rows as a <c>label&lt;TAB&gt;text</c> TSV with a header line, labels as <see cref="EscapeLabel"/>
    /// writes them, texts on one line.</summary>
    public static void WriteTsv(string path, IReadOnlyList<LabeledText> rows)
    {
        using var writer = new StreamWriter(path, false, Utf8);
        writer.Write("label\ttext\n");
        foreach (LabeledText row in rows)
        {
            writer.Write(EscapeLabel(row.Label));
            writer.Write('\t');
            writer.Write(OneLine(row.Text));
            writer.Write('\n');
        }
    }

    /// <summary>A fresh temporary folder, deleted with everything in it on dispose.</summary>
    public sealed class ScratchFolder : IDisposable
    {
        public ScratchFolder(string prefix)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));
            using (Enter())
            {
                s_folders.Add(Path);
                Directory.CreateDirectory(Path);
            }
        }

        public string Path { get; }

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose()
        {
            DeleteFolder(Path);
            lock (s_gate)
            {
                s_folders.Remove(Path);
            }
        }
    }
}
