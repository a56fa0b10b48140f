using System.Text.Json;
using TextClassification.LoadDriver;

namespace TextClassification.Benchmarks.Tests;

/// <summary>The bodies the driver sends in turn.</summary>
public class LoadDriverBodiesTests
{
    private static readonly string[] Texts = [.. Enumerable.Range(0, 10).Select(i => $"text {i}")];

    /// <summary>Up to 1,000 texts a body (the service's default MaxBatchSize), one body from each text in turn.</summary>
    [Fact]
    public void Make_UpToTheDefaultBatchLimit_OneBodyFromEachText()
    {
        byte[][] bodies = RequestBodies.Make(Texts, 1_000);

        Assert.Equal(10, bodies.Length);
        string[] third = [.. JsonDocument.Parse(bodies[2]).RootElement.GetProperty("texts").EnumerateArray().Select(t => t.GetString()!)];
        Assert.Equal(1_000, third.Length);
        Assert.Equal(["text 2", "text 3"], third[..2]);
        Assert.Equal("text 1", third[^1]);
    }

    /// <summary>A larger batch gets fewer bodies, so they hold no more texts together than 1,000 a body from each text
    /// does: a body from each text whatever the size had taken 937 MB and 6.6 s before the first request at
    /// <c>--batch 20000</c> (632 texts), and ended in "Out of memory." at <c>--batch 2000000</c>.</summary>
    [Theory]
    [InlineData(1_001)]
    [InlineData(5_000)]
    [InlineData(1_000_000)]
    public void Make_ALargerBatch_HoldsNoMoreTextsTogether(int batch)
    {
        byte[][] bodies = RequestBodies.Make(Texts, batch);

        Assert.NotEmpty(bodies);
        Assert.InRange((long)bodies.Length * batch, 1, Math.Max(10 * 1_000, batch));
        Assert.All(bodies, body => Assert.Equal(batch, JsonDocument.Parse(body).RootElement.GetProperty("texts").GetArrayLength()));
    }
}
