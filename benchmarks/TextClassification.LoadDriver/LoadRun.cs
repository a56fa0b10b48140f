using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace TextClassification.LoadDriver;

/// <summary>What one run measured: each finished request's time from send to its response read in full (Stopwatch
/// ticks), which of them failed, and the run's wall time. <paramref name="Interrupted"/>: the run was stopped before it
/// sent all its requests; the arrays hold the requests that finished (requests cut off in flight are in neither).</summary>
internal sealed record LoadResult(long[] Ticks, bool[] Failed, int Failures, string? FirstFailure, TimeSpan Elapsed, bool Interrupted = false)
{
    /// <summary>The requests sent.</summary>
    public int Requests => Ticks.Length;
}

/// <summary>A closed-loop run: <c>concurrency</c> workers, each sending its next request when the previous one is
/// answered, until <c>count</c> requests have been sent or <c>stop</c> is cancelled (Ctrl+C). A response counts as a success when it is a 200 whose body is a
/// JSON object.</summary>
internal static class LoadRun
{
    public static async Task<LoadResult> RunAsync(HttpClient client, string path, IReadOnlyList<byte[]> bodies, int count, int concurrency, CancellationToken stop = default)
    {
        long[] times = new long[count];
        bool[] failedAt = new bool[count];
        bool[] finished = new bool[count];
        int next = -1;
        int failed = 0;
        string? first = null;
        var clock = Stopwatch.StartNew();
        Task[] workers = [.. Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while (!stop.IsCancellationRequested && (i = Interlocked.Increment(ref next)) < count)
            {
                using var content = new ByteArrayContent(bodies[i % bodies.Count]);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                long started = Stopwatch.GetTimestamp();
                try
                {
                    using HttpResponseMessage response = await client.PostAsync(path, content, stop);
                    byte[] body = await response.Content.ReadAsByteArrayAsync(stop);
                    times[i] = Stopwatch.GetTimestamp() - started;
                    finished[i] = true;
                    if (response.StatusCode != HttpStatusCode.OK || body.Length == 0 || body[0] != (byte)'{')
                    {
                        Fail(i, $"{(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    // Cut off by Ctrl+C: neither an answer nor a failure.
                }
                catch (HttpRequestException ex)
                {
                    times[i] = Stopwatch.GetTimestamp() - started;
                    finished[i] = true;
                    Fail(i, ex.Message);
                }
                catch (TaskCanceledException ex) when (ex.InnerException is TimeoutException)
                {
                    // HttpClient.Timeout: a server that does not answer (in full) in time is a failed request; uncaught,
                    // it ended the whole run with a stack trace and nothing measured.
                    times[i] = Stopwatch.GetTimestamp() - started;
                    finished[i] = true;
                    Fail(i, string.Create(CultureInfo.InvariantCulture, $"timed out after {client.Timeout.TotalSeconds:0.###} s without a full response"));
                }
            }
        }))];
        await Task.WhenAll(workers);
        clock.Stop();
        if (!stop.IsCancellationRequested || finished.All(done => done))
        {
            return new LoadResult(times, failedAt, failed, first, clock.Elapsed);
        }

        int[] done = [.. Enumerable.Range(0, count).Where(r => finished[r])];
        return new LoadResult([.. done.Select(r => times[r])], [.. done.Select(r => failedAt[r])], failed, first, clock.Elapsed, Interrupted: true);

        void Fail(int request, string reason)
        {
            failedAt[request] = true;
            Interlocked.Increment(ref failed);
            Interlocked.CompareExchange(ref first, reason, null);
        }
    }
}
