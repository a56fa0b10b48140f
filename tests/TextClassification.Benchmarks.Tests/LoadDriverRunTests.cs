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
}
