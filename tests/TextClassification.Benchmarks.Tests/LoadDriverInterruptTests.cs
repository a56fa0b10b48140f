using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TextClassification.Benchmarks.Tests;

/// <summary>Ctrl+C during a load run: the driver stops sending and prints what it measured.</summary>
public class LoadDriverInterruptTests
{
    [Fact]
    public async Task Sigint_DuringTheRun_PrintsTheRequestsMeasuredSoFar()
    {
        int served = 0;
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using WebApplication stub = builder.Build();
        stub.MapPost("/classify", async (HttpContext context) =>
        {
            Interlocked.Increment(ref served);
            await Task.Delay(1);
            return Results.Text("{\"label\":\"order_status\"}", "application/json");
        });
        await stub.StartAsync();
        string url = stub.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in (string[])[Path.Combine(AppContext.BaseDirectory, "TextClassification.LoadDriver.dll"), url, "10000000", "4"])
        {
            start.ArgumentList.Add(argument);
        }

        using Process driver = Process.Start(start)!;
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

            using (Process kill = Process.Start("kill", ["-INT", driver.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            Assert.True(driver.WaitForExit(30_000), "the driver did not end on SIGINT");
            string printed = await output;
            Assert.Equal(130, driver.ExitCode);
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
