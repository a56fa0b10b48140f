using System.Diagnostics;
using TextClassification.LoadDriver;

namespace TextClassification.Benchmarks.Tests;

/// <summary>The driver's open-loop mode (<c>--rate</c>): latency from each request's scheduled send time, so a server
/// stall shows in every request it delayed, not only in the few a closed loop had in flight (coordinated omission).</summary>
public class LoadDriverRateTests
{
    private static readonly byte[][] Bodies = [[.. "{\"text\":\"where is my order\"}"u8]];

    [Fact]
    public async Task RunAsync_AtAFixedRate_CountsAStallInEveryRequestItDelayed()
    {
        // The first request stalls the server for 1 s: every request arriving in that second waits for it.
        Task? stall = null;
        await using LoadDriverStub stub = await LoadDriverStub.StartAsync(async () =>
        {
            if (Volatile.Read(ref stall) is null)
            {
                _ = Interlocked.CompareExchange(ref stall, Task.Delay(1_000), null);
            }

            await stall!;
        });
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 4 }) { BaseAddress = new Uri(stub.Url) };

        // 200 requests at 100 a second: the ~100 due in the stalled second wait 0 to 1 s.
        LoadResult result = await LoadRun.RunAsync(client, "/classify", Bodies, 200, 4, rate: 100);

        Assert.Equal(0, result.Failures);
        // What the run reports of each request: its latency from the send plus how late the send went (Late). On a
        // starved CPU the sender itself falls behind and the stall shows as lateness instead of latency (the latency
        // alone gave p90 34 ms with other builds running on the 2 cores); together they are the time from each due
        // send to its answer.
        Assert.NotNull(result.Late);
        double[] ms = [.. result.Ticks.Select((t, i) => (t + result.Late[i]) * 1000.0 / Stopwatch.Frequency).Order()];
        // About 800 ms in theory (the 20th longest of the ~100 waits of 0 to 1 s); a closed loop would give about 0, as
        // only its 4 requests in flight see the stall. 200 ms keeps that apart.
        Assert.InRange(LoadReport.Percentile(ms, 0.90), 200, 5_000);
        Assert.InRange(result.Elapsed.TotalSeconds, 1.9, 10);
    }
}
