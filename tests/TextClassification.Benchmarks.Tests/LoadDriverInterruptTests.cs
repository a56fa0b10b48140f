using System.Diagnostics;
using System.Globalization;

namespace TextClassification.Benchmarks.Tests;

/// <summary>Ctrl+C (or SIGTERM) during a load run: the driver stops sending and prints what it measured.</summary>
public class LoadDriverInterruptTests
{
    [SigintFact]
    public Task Sigint_DuringTheRun_PrintsTheRequestsMeasuredSoFar() => StopMidRunAsync("-INT", 130);

    /// <summary>SIGTERM, the signal of <c>timeout 10s ...</c> (a bounded run's usual form), <c>kill</c> and
    /// <c>docker stop</c>: it had ended the driver with nothing printed (exit 124 under timeout).</summary>
    [Fact]
    public Task Sigterm_DuringTheRun_PrintsTheRequestsMeasuredSoFar() => StopMidRunAsync("-TERM", 143);

    private static async Task StopMidRunAsync(string signal, int exitCode)
    {
        int served = 0;
        await using LoadDriverStub stub = await LoadDriverStub.StartAsync(() =>
        {
            Interlocked.Increment(ref served);
            return Task.Delay(1);
        });

        using Process driver = LoadDriverStub.StartDriver(stub.Url, "10000000", "4");
        Task<string> output = driver.StandardOutput.ReadToEndAsync();
        Task<string> error = driver.StandardError.ReadToEndAsync();
        try
        {
            // Past the 2,000 warm-up requests and into the measured run.
            var clock = Stopwatch.StartNew();
            while (Volatile.Read(ref served) < 2_500)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60) && !driver.HasExited, "the driver did not get past its warm-up: " + (driver.HasExited ? await error : string.Empty));
                await Task.Delay(20);
            }

            using (Process kill = Process.Start("kill", [signal, driver.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            if (!driver.WaitForExit(30_000))
            {
                // What it had printed tells a lost signal (nothing after the warm-up) from a hang after the report.
                driver.Kill(entireProcessTree: true);
                await driver.WaitForExitAsync();
                Assert.Fail($"the driver did not end on SIG{signal[1..]} within 30 s (served {Volatile.Read(ref served)}); it printed: {await output} | {await error}");
            }

            string printed = await output;
            Assert.True(driver.ExitCode == exitCode, $"exit code {driver.ExitCode}; it printed: {printed}");
            Assert.Contains("interrupted", printed, StringComparison.Ordinal);
            string row = printed.Split('\n').Single(line => line.StartsWith("| ", StringComparison.Ordinal) && char.IsDigit(line[2]));
            int measured = int.Parse(row.Split('|')[1], CultureInfo.InvariantCulture);
            Assert.InRange(measured, 1, Volatile.Read(ref served) - 2_000);
            Assert.Equal("0", row.Split('|')[3].Trim());
        }
        finally
        {
            if (!driver.HasExited)
            {
                driver.Kill(entireProcessTree: true);
            }
        }
    }
}
