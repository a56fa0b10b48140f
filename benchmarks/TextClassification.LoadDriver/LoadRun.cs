using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace TextClassification.LoadDriver;

/// <summary>What one run measured: each request's time from send to its response read in full (Stopwatch ticks), which
/// requests failed, and the run's wall time.</summary>
internal sealed record LoadResult(long[] Ticks, bool[] Failed, int Failures, string? FirstFailure, TimeSpan Elapsed)
{
    /// <summary>The requests sent.</summary>
    public int Requests => Ticks.Length;
}

/// <summary>A closed-loop run: <c>concurrency</c> workers, each sending its next request when the previous one is
/// answered, until <c>count</c> requests have been sent. A response counts as a success when it is a 200 whose body is a
/// JSON object.</summary>
internal static class LoadRun
{
    public static async Task<LoadResult> RunAsync(HttpClient client, string path, IReadOnlyList<byte[]> bodies, int count, int concurrency)
    {
        long[] times = new long[count];
        bool[] failedAt = new bool[count];
        int next = -1;
        int failed = 0;
        string? first = null;
        var clock = Stopwatch.StartNew();
        Task[] workers = [.. Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                using var content = new ByteArrayContent(bodies[i % bodies.Count]);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                long started = Stopwatch.GetTimestamp();
                try
                {
                    using HttpResponseMessage response = await client.PostAsync(path, content);
                    byte[] body = await response.Content.ReadAsByteArrayAsync();
                    times[i] = Stopwatch.GetTimestamp() - started;
                    if (response.StatusCode != HttpStatusCode.OK || body.Length == 0 || body[0] != (byte)'{')
                    {
                        Fail(i, $"{(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
                    }
                }
                catch (HttpRequestException ex)
                {
                    times[i] = Stopwatch.GetTimestamp() - started;
                    Fail(i, ex.Message);
                }
                catch (TaskCanceledException ex) when (ex.InnerException is TimeoutException)
                {
                    // HttpClient.Timeout: a server that does not answer (in full) in time is a failed request; uncaught,
                    // it ended the whole run with a stack trace and nothing measured.
                    times[i] = Stopwatch.GetTimestamp() - started;
                    Fail(i, string.Create(CultureInfo.InvariantCulture, $"timed out after {client.Timeout.TotalSeconds:0.###} s without a full response"));
                }
            }
        }))];
        await Task.WhenAll(workers);
        clock.Stop();
        return new LoadResult(times, failedAt, failed, first, clock.Elapsed);

        void Fail(int request, string reason)
        {
            failedAt[request] = true;
            Interlocked.Increment(ref failed);
            Interlocked.CompareExchange(ref first, reason, null);
        }
    }
}
