using System.Diagnostics;
using System.Globalization;

namespace TextClassification.LoadDriver;

/// <summary>The run's Markdown table (docs/benchmarks.md, "Web service under load").</summary>
internal static class LoadReport
{
    public const string Header = "| requests | concurrency | errors | p50 ms | p90 ms | p99 ms | max ms | requests/s |\n|---:|---:|---:|---:|---:|---:|---:|---:|";

    /// <summary>The table row of <paramref name="result"/>. Latency percentiles and requests/s are over the successful
    /// responses only: a refused connection or a quick error page is not a fast answer (a run against a service that was
    /// down had reported sub-millisecond latencies and thousands of requests a second). "-" where none succeeded.</summary>
    public static string Row(LoadResult result, int concurrency)
    {
        double[] ms = [.. result.Ticks.Where((_, i) => !result.Failed[i]).Select(t => t * 1000.0 / Stopwatch.Frequency).Order()];
        string Latency(double p) => ms.Length == 0 ? "-" : Percentile(ms, p).ToString("F2", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture,
            $"| {result.Requests} | {concurrency} | {result.Failures} | {Latency(0.50)} | {Latency(0.90)} | {Latency(0.99)} | {Latency(1.0)} | {ms.Length / result.Elapsed.TotalSeconds:F0} |");
    }

    /// <summary>The failed requests counted by kind, most first ("21 failed: 18 × 503, 3 × 500"), or null where none
    /// failed: the first failure quoted alone had let a run whose first error was the limiter's 503 read as all 503s.</summary>
    public static string? Failures(LoadResult result) =>
        result.FailureKinds is not { Count: > 0 } kinds
            ? null
            : $"{result.Failures} failed: {string.Join(", ", kinds.OrderByDescending(kind => kind.Value).ThenBy(kind => kind.Key, StringComparer.Ordinal).Select(kind => $"{kind.Value} × {kind.Key}"))}";

    /// <summary>For an open-loop run, how far behind schedule the sends went (p50, p99, max), or null.</summary>
    public static string? Schedule(LoadResult result)
    {
        if (result.Late is not { Length: > 0 } late)
        {
            return null;
        }

        double[] ms = [.. late.Select(t => t * 1000.0 / Stopwatch.Frequency).Order()];
        return string.Create(CultureInfo.InvariantCulture,
            $"sends behind their due time (this process's timer and CPU, not the server): p50 {Percentile(ms, 0.5):F2} ms, p99 {Percentile(ms, 0.99):F2} ms, max {ms[^1]:F2} ms");
    }

    /// <summary>The nearest-rank percentile of <paramref name="sorted"/> (ascending): the smallest value with at least a
    /// share <paramref name="p"/> of the values at or below it.</summary>
    public static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
