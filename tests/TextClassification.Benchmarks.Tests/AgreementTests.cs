namespace TextClassification.Benchmarks.Tests;

public class AgreementTests
{
    [Fact]
    public void A_value_outside_rounding_stops_the_suite_and_names_it_and_the_position()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Agreement.Close("PoolingBenchmarks", "pooled vector", [1f, 2f, 3f], [1f, 2.001f, 3f]));

        Assert.Contains("PoolingBenchmarks", error.Message, StringComparison.Ordinal);
        Assert.Contains("[1]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rounding_passes_and_NaN_against_a_number_does_not()
    {
        Agreement.Close("S", "v", [1000f, 1f], [1000.05f, 1.00005f]);

        Assert.Throws<InvalidOperationException>(() => Agreement.Close("S", "v", [1f], [float.NaN]));
        Assert.Throws<InvalidOperationException>(() => Agreement.Close("S", "v", [1f], [1f, 2f]));
    }

    [Fact]
    public void Exact_checks_compare_every_element_and_the_length()
    {
        Agreement.Equal<int>("S", "ids", [1, 2, 3], [1, 2, 3]);

        Assert.Throws<InvalidOperationException>(() => Agreement.Equal<int>("S", "ids", [1, 2, 3], [1, 2, 4]));
        Assert.Throws<InvalidOperationException>(() => Agreement.Equal<int>("S", "ids", [1, 2], [1, 2, 3]));
        Assert.Throws<InvalidOperationException>(() => Agreement.Equal("S", "label", "a", "b"));
    }
}
