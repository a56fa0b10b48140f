using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace TextClassification.LoadDriver;

/// <summary>What one run measured: each finished request's latency (Stopwatch ticks), which of them failed, and the
/// run's wall time. <paramref name="Interrupted"/>: the run was stopped before it sent all its requests; the arrays hold
/// the requests that finished (requests cut off in flight are in neither). <paramref name="Late"/>: in an open-loop run,
/// how far behind its due time each of those requests was sent (Stopwatch ticks). <paramref name="FailureKinds"/>: the
/// failed requests by kind (the status code, or the error: ConnectionError, timeout, ...).</summary>
internal sealed record LoadResult(long[] Ticks, bool[] Failed, int Failures, string? FirstFailure, TimeSpan Elapsed, bool Interrupted = false, long[]? Late = null,
    IReadOnlyDictionary<string, int>? FailureKinds = null)
{
    /// <summary>The requests sent.</summary>
    public int Requests => Ticks.Length;
}

/// <summary>
/// One run of <c>count</c> POST requests to <c>target</c> (a URL, or a path under the client's base address), stopped
/// early when <c>stop</c> is cancelled (Ctrl+C). A response counts as a success when it is a 200 whose body is a JSON
/// object; latency runs to the response read in full.
/// <list type="bullet">
/// <item>Closed loop (no <c>rate</c>): <c>concurrency</c> workers, each sending its next request when the previous one
/// is answered; latency from the send. A server stall delays the next sends instead of being measured in them
/// (coordinated omission), so the tail is that of <c>concurrency</c> requests in flight, not of an arrival rate.</item>
/// <item>Open loop (<c>rate</c> requests a second): request i is sent at i / rate seconds whatever the answers, over at
/// most <c>concurrency</c> connections; latency from the send, so the wait for a free connection counts (a stall shows
/// in every request it delays). The send is not held up by the server, only by this process (the timer's ~1 ms
/// resolution, a busy CPU): how late each one went is in <see cref="LoadResult.Late"/>, to report, rather than in its
/// latency (from the due time, a 50 µs answer read as 1.3 ms at 1,000 requests a second).</item>
/// </list>
/// </summary>
internal static class LoadRun
{
    public static async Task<LoadResult> RunAsync(HttpClient client, string target, IReadOnlyList<byte[]> bodies, int count, int concurrency,
        double? rate = null, CancellationToken stop = default)
    {
        var records = new RequestRecords(count, recordsSends: rate is not null);
        int failed = 0;
        string? first = null;
        var kinds = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        if (rate is double perSecond)
        {
            await OpenLoopAsync(perSecond);
        }
        else
        {
            int next = -1;
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
            {
                int i;
                while (!stop.IsCancellationRequested && (i = Interlocked.Increment(ref next)) < count)
                {
                    await SendAsync(i, Stopwatch.GetTimestamp());
                }
            })));
        }

        clock.Stop();
        (long[] ticks, bool[] failedAt, long[]? late, bool all) = records.Collect();
        return new LoadResult(ticks, failedAt, failed, first, clock.Elapsed, Interrupted: stop.IsCancellationRequested && !all, late, kinds);

        async Task OpenLoopAsync(double perSecond)
        {
            // The requests in flight (and any that failed unexpectedly, to rethrow): those answered are dropped as the
            // list fills, so a long run does not keep a task per request.
            var sent = new List<Task>();
            long start = Stopwatch.GetTimestamp();
            double ticksApart = Stopwatch.Frequency / perSecond;
            try
            {
                for (int i = 0; i < count && !stop.IsCancellationRequested; i++)
                {
                    long due = start + (long)(i * ticksApart);
                    long early = due - Stopwatch.GetTimestamp();
                    if (early > 0)
                    {
                        await Task.Delay(TimeSpan.FromSeconds((double)early / Stopwatch.Frequency), stop);
                    }

                    long now = Stopwatch.GetTimestamp();
                    records.Sent(i, Math.Max(0, now - due));
                    if (sent.Count == sent.Capacity)
                    {
                        sent.RemoveAll(task => task.IsCompletedSuccessfully);
                    }

                    sent.Add(SendAsync(i, now));
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }

            await Task.WhenAll(sent);
        }

        async Task SendAsync(int i, long started)
        {
            using var content = new ByteArrayContent(bodies[i % bodies.Count]);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            try
            {
                using HttpResponseMessage response = await client.PostAsync(target, content, stop);
                byte[] body = await response.Content.ReadAsByteArrayAsync(stop);
                Finish(i, started);
                if (response.StatusCode != HttpStatusCode.OK || body.Length == 0 || body[0] != (byte)'{')
                {
                    int status = (int)response.StatusCode;
                    Fail(i, $"{status} {Encoding.UTF8.GetString(body)}", status == 200 ? "200 not a JSON object" : status.ToString(CultureInfo.InvariantCulture));
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Cut off by Ctrl+C: neither an answer nor a failure.
            }
            catch (HttpRequestException ex)
            {
                Finish(i, started);
                Fail(i, Reason(ex), ex.HttpRequestError.ToString());
            }
            catch (TaskCanceledException ex) when (ex.InnerException is TimeoutException)
            {
                // HttpClient.Timeout: a server that does not answer (in full) in time is a failed request; uncaught,
                // it ended the whole run with a stack trace and nothing measured.
                Finish(i, started);
                Fail(i, string.Create(CultureInfo.InvariantCulture, $"timed out after {client.Timeout.TotalSeconds:0.###} s without a full response"), "timeout");
            }
        }

        // HttpClient's message with its causes: "Error while copying content to a stream." alone hid "The response
        // ended prematurely, with at least 95 additional bytes expected."
        static string Reason(Exception ex)
        {
            string reason = ex.Message;
            for (Exception? inner = ex.InnerException; inner is not null; inner = inner.InnerException)
            {
                if (!reason.Contains(inner.Message, StringComparison.Ordinal))
                {
                    reason += $" ({inner.Message})";
                }
            }

            return reason;
        }

        void Finish(int request, long started) => records.Finished(request, Stopwatch.GetTimestamp() - started);

        void Fail(int request, string reason, string kind)
        {
            records.Failed(request);
            kinds.AddOrUpdate(kind, 1, (_, n) => n + 1);
            Interlocked.Increment(ref failed);
            Interlocked.CompareExchange(ref first, reason, null);
        }
    }
}
