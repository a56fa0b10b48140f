using System.Diagnostics;
using System.Globalization;

namespace TextClassification.LoadDriver;

/// <summary>The run's Markdown table (docs/benchmarks.md, "Web service under load").</summary>
internal static class LoadReport
{
    public const string Header = "| requests | concurrency | errors | p50 ms | p90 ms | p99 ms | max ms | requests/s |\n|---:|---:|---:|---:|---:|---:|---:|---:|";

    /// <summary>The table row of <paramref name="result"/>.</summary>
    public static string Row(LoadResult result, int concurrency)
    {
        double[] ms = [.. result.Ticks.Select(t => t * 1000.0 / Stopwatch.Frequency).Order()];
        return string.Create(CultureInfo.InvariantCulture,
            $"| {result.Requests} | {concurrency} | {result.Failures} | {Percentile(ms, 0.50):F2} | {Percentile(ms, 0.90):F2} | {Percentile(ms, 0.99):F2} | {ms[^1]:F2} | {result.Requests / result.Elapsed.TotalSeconds:F0} |");
    }

    /// <summary>The nearest-rank percentile of <paramref name="sorted"/> (ascending): the smallest value with at least a
    /// share <paramref name="p"/> of the values at or below it.</summary>
    public static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
