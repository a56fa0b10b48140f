using System.Diagnostics;
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
        ProcessStartInfo cli = CliProcess.StartInfo(["train", data, "--out", _temp.Combine("bundle")]);
        var shell = new ProcessStartInfo("sh") { UseShellExecute = false };
        shell.ArgumentList.Add("-c");
        shell.ArgumentList.Add("exec \"$0\" \"$@\" > \"$LOG\" 2>&1");
        shell.ArgumentList.Add(cli.FileName);
        foreach (string argument in cli.ArgumentList)
        {
            shell.ArgumentList.Add(argument);
        }

        shell.Environment["LOG"] = log;
        shell.Environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1";
        using Process process = Process.Start(shell)!;
        await process.WaitForExitAsync();

        string[] lines = File.ReadAllLines(log);
        Assert.Equal(0, process.ExitCode);
        Assert.StartsWith($"{data}: {TestModels.SmallData.Count} rows read", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, line => line.StartsWith("word model: training epoch 1/", StringComparison.Ordinal)); // standard error
        Assert.Contains(lines, line => line.StartsWith("Saved the model bundle to", StringComparison.Ordinal));
        Assert.DoesNotContain('\0', File.ReadAllText(log));
    }

    [Fact]
    public void A_closed_pipe_ends_a_command_quietly_but_another_write_error_is_reported()
    {
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        using var brokenPipe = new FailingWriter(new IOException("Broken pipe", 32));
        using var diskFull = new FailingWriter(new IOException("No space left on device", 28));
        using var brokenError = new StringWriter();
        using var fullError = new StringWriter();

        int closed = TextClassification.Cli.CliApp.Run(["predict", bundle, "some text"], brokenPipe, brokenError, new StringReader(""));
        int full = TextClassification.Cli.CliApp.Run(["predict", bundle, "some text"], diskFull, fullError, new StringReader(""));

        if (OperatingSystem.IsWindows())
        {
            Assert.Equal(1, closed);
        }
        else
        {
            Assert.Equal(141, closed);
            Assert.Equal("", brokenError.ToString());
        }

        Assert.Equal(1, full);
        Assert.Contains("error: No space left on device", fullError.ToString(), StringComparison.Ordinal);
    }

    private sealed class FailingWriter(IOException failure) : StringWriter
    {
        public override void Write(char value) => throw failure;

        public override void Write(string? value) => throw failure;

        public override void WriteLine(string? value) => throw failure;
    }
}
