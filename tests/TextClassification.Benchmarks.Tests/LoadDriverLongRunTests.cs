using TextClassification.LoadDriver;

namespace TextClassification.Benchmarks.Tests;

/// <summary>A run given more requests than it will send, to be stopped by Ctrl+C (a soak run "until I stop it"): it
/// keeps the requests it sent, not room for the count it was given.</summary>
public class LoadDriverLongRunTests
{
    private static readonly byte[][] Bodies = [[.. "{\"text\":\"where is my order\"}"u8]];

    /// <summary>The driver had allocated its per-request arrays (and the open loop's task list) for the whole count up
    /// front: 2,147,483,647 requests ended at once with "Out of memory." and exit 134, and 100,000,000 did where the
    /// arrays did not fit (about 1.8 GB), with nothing measured.</summary>
    [Theory]
    [InlineData(null)]
    [InlineData(2_000.0)]
    public async Task RunAsync_TheLargestCountStoppedEarly_ReportsTheRequestsSent(double? rate)
    {
        using var stop = new CancellationTokenSource();
        int served = 0;
        await using LoadDriverStub stub = await LoadDriverStub.StartAsync(() =>
        {
            if (Interlocked.Increment(ref served) == 300)
            {
                // From another thread, as Ctrl+C's handler is.
                _ = Task.Run(stop.Cancel);
            }

            return Task.CompletedTask;
        });
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 4 }) { BaseAddress = new Uri(stub.Url) };

        LoadResult result = await LoadRun.RunAsync(client, "/classify", Bodies, int.MaxValue, 4, rate, stop.Token);

        Assert.True(result.Interrupted);
        Assert.Equal(0, result.Failures);
        // Every request answered before the stop, less the at most 4 in flight then (cut off: neither answer nor failure).
        Assert.InRange(result.Requests, 300 - 4, Volatile.Read(ref served));
        Assert.Equal(result.Requests, result.Failed.Length);
        Assert.All(result.Ticks, ticks => Assert.True(ticks > 0));
        Assert.Equal(rate is null ? null : result.Requests, result.Late?.Length);
    }
}
