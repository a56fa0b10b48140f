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
}
