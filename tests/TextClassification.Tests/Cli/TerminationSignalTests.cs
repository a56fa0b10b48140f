using System.Diagnostics;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Cli;

/// <summary>SIGTERM as <c>docker stop</c>, systemd and <c>kill</c> send it, to <c>textclf</c> running as its own
/// process.</summary>
public sealed class TerminationSignalTests : IDisposable
{
    private readonly TempFolder _temp = new("tc-sigterm");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Predict_stopped_by_SIGTERM_exits_143_and_says_so_without_a_word_about_bundles()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no SIGTERM to send
        }

        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        (Process started, Task<string> error, string? answer) = await CliProcess.StartPredictingAsync(bundle);
        using Process process = started;
        using (Process kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        bool exited = true;
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            exited = false;
            process.Kill(entireProcessTree: true);
        }

        Assert.True(exited, "predict did not stop on SIGTERM");
        Assert.False(string.IsNullOrWhiteSpace(answer));
        Assert.Equal(143, process.ExitCode); // 128 + SIGTERM; it was 130, the code of Ctrl+C
        string message = await error;
        Assert.Contains("canceled (Ctrl+C or a termination signal) before the command finished.", message, StringComparison.Ordinal);
        Assert.DoesNotContain("bundle", message, StringComparison.Ordinal);
    }
}
