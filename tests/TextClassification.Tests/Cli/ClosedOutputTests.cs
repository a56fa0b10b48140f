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
