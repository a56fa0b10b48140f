using System.Diagnostics;
using TextClassification.Cli;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Cli;

/// <summary><c>textclf predict</c> whose output pipe is closed by its reader (<c>| head -1</c>).</summary>
public sealed class ClosedOutputTests : IDisposable
{
    private readonly TempFolder _temp = new("tc-closed-output");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Predict_stops_with_141_and_no_message_once_its_output_pipe_is_closed()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // the console's own writer stays there
        }

        // .NET's console stream ignores EPIPE: fed without end (`yes text | textclf predict B | head -1`), predict ran on.
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        (Process started, Task<string> error, string? answer) = await CliProcess.StartPredictingAsync(bundle);
        using Process process = started;
        process.StandardOutput.Close();

        var clock = Stopwatch.StartNew();
        try
        {
            while (!process.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                await process.StandardInput.WriteLineAsync("more rain and wind tomorrow");
                await process.StandardInput.FlushAsync();
            }
        }
        catch (IOException)
        {
            // Its input closed as it exited.
        }

        bool exited = process.WaitForExit(TimeSpan.FromSeconds(30));
        if (!exited)
        {
            process.Kill(entireProcessTree: true);
        }

        Assert.True(exited, "predict ran on after its output pipe was closed");
        Assert.False(string.IsNullOrWhiteSpace(answer));
        Assert.Equal(141, process.ExitCode);
        Assert.Equal("", await error);
    }

    [Fact]
    public async Task Predict_of_texts_given_as_arguments_exits_141_when_its_output_pipe_was_closed()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // Only lines read from stdin were checked: answers to arguments lost to a closed pipe exited 0 (an outside check).
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        ProcessStartInfo start = CliProcess.StartInfo(["predict", bundle, "--json", .. Enumerable.Repeat("more rain and wind tomorrow", 2000)]);
        using Process process = Process.Start(start)!;
        process.StandardOutput.Close(); // long before the model is loaded
        Task<string> error = process.StandardError.ReadToEndAsync();

        bool exited = process.WaitForExit(TimeSpan.FromSeconds(60));
        if (!exited)
        {
            process.Kill(entireProcessTree: true);
        }

        Assert.True(exited);
        Assert.Equal(141, process.ExitCode);
        Assert.Equal("", await error);
    }

    [Fact]
    public async Task Output_and_error_sent_to_one_file_keep_every_line()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no sh
        }

        // Standard output written through a FileStream of its own keeps its own position in the file: with `> log 2>&1`
        // its lines and standard error's overwrote each other (the first "rows read" line was gone).
        string data = _temp.Combine("train.tsv");
        File.WriteAllLines(data, ["label\ttext", .. TestModels.SmallData.Select(row => $"{row.Label}\t{row.Text}")]);
        string log = _temp.Combine("log.txt");
        using Process process = Process.Start(CliProcess.InShell("> \"$LOG\" 2>&1", ["train", data, "--out", _temp.Combine("bundle")], log))!;
        await process.WaitForExitAsync();

        string[] lines = File.ReadAllLines(log);
        Assert.Equal(0, process.ExitCode);
        Assert.StartsWith($"{data}: {TestModels.SmallData.Count} rows read", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, line => line.StartsWith("word model: training epoch 1/", StringComparison.Ordinal)); // standard error
        Assert.Contains(lines, line => line.StartsWith("Saved the model bundle to", StringComparison.Ordinal));
        Assert.DoesNotContain('\0', File.ReadAllText(log));
    }

    [Fact]
    public async Task Train_whose_output_pipe_closes_early_still_saves_its_model()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // `textclf train … | head -1`: ending the command at the first write after the reader had gone (a stream of
        // its own on the output, since replaced) skipped the save, with exit code 141 and no message.
        string data = _temp.Combine("train.tsv");
        File.WriteAllLines(data, ["label\ttext", .. TestModels.SmallData.Select(row => $"{row.Label}\t{row.Text}")]);
        string bundle = _temp.Combine("bundle");
        using Process process = Process.Start(CliProcess.StartInfo(["train", data, "--out", bundle]))!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string? first = await process.StandardOutput.ReadLineAsync();
        process.StandardOutput.Close();
        bool exited = process.WaitForExit(TimeSpan.FromSeconds(120));
        if (!exited)
        {
            process.Kill(entireProcessTree: true);
        }

        Assert.True(exited);
        Assert.StartsWith(data, first, StringComparison.Ordinal);
        Assert.True(process.ExitCode == 0, await error);
        Assert.Equal(TestModels.Small.Labels, TextClassifier.Load(bundle).Labels);
    }

    [Fact]
    public async Task Train_whose_error_output_cannot_be_written_still_saves_its_model()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no sh, no /dev/full
        }

        // Standard error closed (2>&-) or on a full disk (2>>log): the first progress line that could not be written
        // ended the process with an unhandled exception (SIGABRT, exit code 134) before the bundle was saved.
        string data = _temp.Combine("train.tsv");
        File.WriteAllLines(data, ["label\ttext", .. TestModels.SmallData.Select(row => $"{row.Label}\t{row.Text}")]);
        string bundle = _temp.Combine("bundle");
        using Process train = Process.Start(CliProcess.InShell("> \"$LOG\" 2>/dev/full", ["train", data, "--out", bundle], _temp.Combine("train.log")))!;
        await train.WaitForExitAsync();
        using Process failing = Process.Start(CliProcess.InShell("> \"$LOG\" 2>/dev/full", ["predict", _temp.Combine("missing"), "text"], _temp.Combine("predict.log")))!;
        await failing.WaitForExitAsync();

        Assert.Equal(0, train.ExitCode);
        Assert.Contains("Saved the model bundle to", File.ReadAllText(_temp.Combine("train.log")), StringComparison.Ordinal);
        Assert.Equal(TestModels.Small.Labels, TextClassifier.Load(bundle).Labels);
        Assert.Equal(1, failing.ExitCode); // its error message lost, its exit code still a failure
    }

    [Fact]
    public async Task Predict_whose_output_is_closed_says_so()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // `>&-` (a service started without standard output): the error said only "Access to the path is denied.".
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        string log = _temp.Combine("error.log");
        using Process process = Process.Start(CliProcess.InShell(">&- 2> \"$LOG\"", ["predict", bundle, "text"], log))!;
        await process.WaitForExitAsync();

        Assert.Equal(1, process.ExitCode);
        Assert.Equal("error: could not write to standard output (it is closed, or not open for writing).", File.ReadAllText(log).Trim());
    }

    [Fact]
    public async Task Predict_and_train_whose_input_is_closed_say_so_instead_of_waiting()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // told by /proc
        }

        // `<&-`: the runtime's own pipe took descriptor 0, and reading it waited forever (predict from stdin, train
        // /dev/stdin). Texts given as arguments need no input.
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        foreach ((string[] args, int code, string expected) in new[]
        {
            (new[] { "predict", bundle }, 1, "error: " + ClosedStandardInput.Message),
            (["train", "/dev/stdin", "--format", "tsv", "--out", _temp.Combine("m")], 1, "error: /dev/stdin: " + ClosedStandardInput.Message),
            (["predict", bundle, "rain and wind"], 0, string.Empty),
        })
        {
            string log = _temp.Combine("input.log");
            ProcessStartInfo start = CliProcess.InShell("<&- 2> \"$LOG\"", args, log);
            start.RedirectStandardOutput = true;
            using Process process = Process.Start(start)!;
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"{string.Join(' ', args)} with its input closed still waited after 60 s");
            }

            Assert.True(code == process.ExitCode, $"{args[0]}: exit {process.ExitCode}, {await output} {File.ReadAllText(log)}");
            Assert.Equal(expected, File.ReadAllText(log).Trim());
        }
    }

    [Fact]
    public async Task Predict_whose_input_cannot_be_read_names_standard_input()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // a folder opened as standard input fails its reads with EISDIR
        }

        // `< folder/`: the error said only "error: Is a directory", which reads as if the bundle folder were wrong.
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        string log = _temp.Combine("input.log");
        ProcessStartInfo start = CliProcess.InShell("< \"$(dirname \"$LOG\")\" 2> \"$LOG\"", ["predict", bundle], log);
        start.RedirectStandardOutput = true;
        using Process process = Process.Start(start)!;
        string output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 1, $"exit {process.ExitCode}, {output} {File.ReadAllText(log)}");
        Assert.Equal("error: could not read standard input (Is a directory).", File.ReadAllText(log).Trim());
    }
}
