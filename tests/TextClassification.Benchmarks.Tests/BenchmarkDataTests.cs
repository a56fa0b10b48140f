namespace TextClassification.Benchmarks.Tests;

/// <summary>Where the suites find the quick-start texts when the benchmarks are built outside the repository.</summary>
public sealed class BenchmarkDataTests : IDisposable
{
    // A folder outside the repository, as a build under --artifacts-path /tmp/... is.
    private readonly string _outside = Directory.CreateTempSubdirectory("benchmark-data-").FullName;

    public void Dispose() => Directory.Delete(_outside, recursive: true);

    [Fact]
    public void A_binary_outside_the_repository_finds_the_samples_above_the_working_directory()
    {
        string inRepository = AppContext.BaseDirectory;

        string? found = BenchmarkData.FindSampleFile(_outside, inRepository);

        Assert.NotNull(found);
        Assert.True(File.Exists(found), found);
        Assert.EndsWith(Path.Combine("samples", "data", "support-intents.tsv"), found, StringComparison.Ordinal);
        Assert.True(Path.IsPathFullyQualified(found), found);
    }

    [Fact]
    public void Nothing_above_any_start_is_null() => Assert.Null(BenchmarkData.FindSampleFile(_outside));
}
