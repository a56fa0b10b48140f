using System.Net;
using System.Net.Sockets;
using TextClassification.LoadDriver;

namespace TextClassification.Benchmarks.Tests;

/// <summary>The load driver's run against servers that misbehave.</summary>
public class LoadDriverRunTests
{
    private static readonly byte[][] Bodies = [[.. "{\"text\":\"where is my order\"}"u8]];

    /// <summary>A server that takes the request and never answers: the client's timeout is a failed request, counted
    /// and reported, not an exception that ends the run with nothing printed.</summary>
    [Fact]
    public async Task RunAsync_ServerNeverAnswers_CountsTimeoutsAsFailures()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var held = new List<Socket>();
        using var stop = new CancellationTokenSource();
        Task accepting = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    Socket socket = await listener.AcceptSocketAsync(stop.Token);
                    lock (held)
                    {
                        held.Add(socket);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        try
        {
            using var client = new HttpClient
            {
                BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}"),
                Timeout = TimeSpan.FromMilliseconds(300),
            };

            LoadResult result = await LoadRun.RunAsync(client, "/classify", Bodies, 3, 2);

            Assert.Equal(3, result.Failures);
            Assert.All(result.Failed, Assert.True);
            Assert.Contains("timed out", result.FirstFailure, StringComparison.Ordinal);
        }
        finally
        {
            await stop.CancelAsync();
            await accepting;
            lock (held)
            {
                held.ForEach(socket => socket.Dispose());
            }
        }
    }

    /// <summary>A server that closes the connection partway through its answer: the failure quoted says so, not only
    /// HttpClient's "Error while copying content to a stream."</summary>
    [Fact]
    public async Task RunAsync_ResponseCutShort_QuotesTheReason()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Task serving = Task.Run(async () =>
        {
            using Socket socket = await listener.AcceptSocketAsync();
            await socket.ReceiveAsync(new byte[4096]);
            await socket.SendAsync("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"label\""u8.ToArray());
            socket.Shutdown(SocketShutdown.Both);
        });
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}") };

        LoadResult result = await LoadRun.RunAsync(client, "/classify", Bodies, 1, 1);
        await serving;

        Assert.Equal(1, result.Failures);
        Assert.Contains("ended prematurely", result.FirstFailure, StringComparison.Ordinal);
    }

    /// <summary>Failures of several kinds are counted by kind: the report had quoted the first failure alone, so a run
    /// whose first failure was the limiter's 503 read as if every error were one, and the 500s among them went unseen.</summary>
    [Fact]
    public async Task RunAsync_FailuresOfSeveralKinds_CountsEachKind()
    {
        int served = 0;
        await using LoadDriverStub stub = await LoadDriverStub.StartAsync(
            () => Task.CompletedTask,
            status: () =>
            {
                int request = Interlocked.Increment(ref served);
                return request % 10 == 0 ? 500 : request % 3 == 0 ? 200 : 503;
            });
        using var client = new HttpClient { BaseAddress = new Uri(stub.Url) };

        LoadResult result = await LoadRun.RunAsync(client, "/classify", Bodies, 30, 1);

        // Requests 1 to 30: 10, 20, 30 are 500; 3, 6, 9, 12, 15, 18, 21, 24, 27 are 200; the other 18 are 503.
        Assert.Equal(21, result.Failures);
        Assert.StartsWith("503 ", result.FirstFailure, StringComparison.Ordinal);
        Assert.Equal("21 failed: 18 × 503, 3 × 500", LoadReport.Failures(result));
    }
}
