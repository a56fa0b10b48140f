using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TextClassification.LoadDriver;

namespace TextClassification.Benchmarks.Tests;

/// <summary>The load driver's statistics against references computed another way.</summary>
public class LoadDriverStatisticsTests
{
    public static Arbitrary<(double[] Values, int PerMille)> Samples() =>
        (from n in Gen.Choose(1, 3000)
         from values in Gen.ArrayOf(Gen.Choose(0, 1_000_000).Select(v => v / 1000.0), n)
         from perMille in Gen.Elements(500, 900, 990, 999, 1000, 1, 250)
         select (values, perMille)).ToArbitrary();

    /// <summary>The nearest-rank percentile is the smallest value with at least p·n of the values at or below it,
    /// counted in whole numbers (no floating-point rank).</summary>
    [Property(Arbitrary = [typeof(LoadDriverStatisticsTests)], MaxTest = 500)]
    public void Percentile_IsTheSmallestValueCoveringItsShare((double[] Values, int PerMille) sample)
    {
        (double[] values, int perMille) = sample;
        double[] sorted = [.. values.Order()];
        double expected = sorted.First(v => sorted.Count(x => x <= v) * 1000L >= (long)perMille * sorted.Length);
        Assert.Equal(expected, LoadReport.Percentile(sorted, perMille / 1000.0));
    }

    /// <summary>Latency and throughput are those of the successful responses: a refused connection or a fast 503 is
    /// not a fast answer. A run against a service that was down had printed p50 0.27 ms and 8,041 requests/s.</summary>
    [Fact]
    public void Row_LeavesFailedRequestsOutOfLatencyAndThroughput()
    {
        long[] ticks = [Ms(10), Ms(20), .. Enumerable.Repeat(Ms(0.1), 8)];
        bool[] failed = [false, false, .. Enumerable.Repeat(true, 8)];
        var result = new LoadResult(ticks, failed, 8, "503", TimeSpan.FromSeconds(1));

        Assert.Equal("| 10 | 4 | 8 | 10.00 | 20.00 | 20.00 | 20.00 | 2 |", LoadReport.Row(result, 4));
    }

    /// <summary>No successful response: no latency to report, and no throughput.</summary>
    [Fact]
    public void Row_EveryRequestFailed_ShowsNoLatency()
    {
        var result = new LoadResult([Ms(0.3), Ms(0.2)], [true, true], 2, "Connection refused", TimeSpan.FromMilliseconds(5));

        Assert.Equal("| 2 | 4 | 2 | - | - | - | - | 0 |", LoadReport.Row(result, 4));
    }

    private static long Ms(double milliseconds) => (long)Math.Round(milliseconds * System.Diagnostics.Stopwatch.Frequency / 1000);
}
