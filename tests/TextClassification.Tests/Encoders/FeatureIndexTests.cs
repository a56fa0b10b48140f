using FsCheck;
using FsCheck.Xunit;
using TextClassification.Encoders;

namespace TextClassification.Tests.Encoders;

public sealed class FeatureIndexTests
{
    [Property(MaxTest = 300)]
    public void Find_returns_the_row_of_every_bucket_and_minus_one_for_others(NonNegativeInt[] raw, NonNegativeInt[] probes)
    {
        int[] buckets = raw.Select(b => b.Get).Distinct().ToArray();
        var index = new FeatureIndex(buckets);

        Assert.Equal(buckets.Length, index.Count);
        for (int row = 0; row < buckets.Length; row++)
        {
            Assert.Equal(row, index.Find(buckets[row]));
        }

        var known = buckets.ToHashSet();
        foreach (int probe in probes.Select(p => p.Get).Concat([0, 1, int.MaxValue]))
        {
            Assert.Equal(known.Contains(probe) ? Array.IndexOf(buckets, probe) : -1, index.Find(probe));
        }
    }

    [Property(MaxTest = 300)]
    public void MapKnown_equals_the_scalar_reference_and_keeps_the_known_rows_in_order(NonNegativeInt[] raw, NonNegativeInt[] probes, PositiveInt repeat)
    {
        int[] buckets = raw.Select(b => b.Get % 4096).Distinct().ToArray();
        var index = new FeatureIndex(buckets);
        // Known and unknown buckets, repeated so texts past the prefetch distance (64) occur.
        int[] query = [.. Enumerable.Repeat(probes.Select(p => p.Get % 5000).Concat(buckets), Math.Min(repeat.Get, 20)).SelectMany(b => b)];
        int[] prefetching = [.. query];
        int[] scalar = [.. query];

        int known = index.MapKnown(prefetching);
        int knownScalar = index.MapKnownScalar(scalar);

        int[] expected = [.. query.Select(index.Find).Where(row => row >= 0)];
        Assert.Equal(expected.Length, known);
        Assert.Equal(expected.Length, knownScalar);
        Assert.Equal(expected, prefetching[..known]);
        Assert.Equal(expected, scalar[..knownScalar]);
    }

    [Property(MaxTest = 100)]
    public void Find_works_for_dense_and_colliding_buckets(PositiveInt count, NonNegativeInt start, byte stride)
    {
        // Consecutive or strided buckets: many share a home slot, so linear probing is exercised.
        int n = Math.Min(count.Get, 5000);
        int step = stride + 1;
        int first = Math.Min(start.Get, int.MaxValue - (n * step));
        int[] buckets = Enumerable.Range(0, n).Select(i => first + (i * step)).ToArray();
        var index = new FeatureIndex(buckets);

        for (int row = 0; row < n; row++)
        {
            Assert.Equal(row, index.Find(buckets[row]));
        }

        int[] copy = new int[n];
        index.CopyBucketsByRow(copy);
        Assert.Equal(buckets, copy);
    }

    [Property(MaxTest = 200)]
    public void CopyBucketsByRow_round_trips(NonNegativeInt[] raw)
    {
        int[] buckets = raw.Select(b => b.Get).Distinct().ToArray();
        int[] copy = new int[buckets.Length];

        new FeatureIndex(buckets).CopyBucketsByRow(copy);

        Assert.Equal(buckets, copy);
    }

    [Fact]
    public void Duplicate_bucket_throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new FeatureIndex([5, 17, 5]));

        Assert.Contains("5", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Building_throws_with_a_canceled_token()
    {
        // Review 52d: an index of millions of rows took a second or more to build (8M rows 0.96 s, 16M 1.8 s) without a
        // look at the load's token, after every file was read.
        int[] buckets = Enumerable.Range(0, 3 * FeatureIndex.RowsBetweenChecks).ToArray();
        using var canceled = new CancellationTokenSource();
        canceled.Cancel();

        var error = Assert.ThrowsAny<OperationCanceledException>(() => new FeatureIndex(buckets, canceled.Token));
        Assert.Equal(canceled.Token, error.CancellationToken);
        Assert.Equal(buckets.Length, new FeatureIndex(buckets, CancellationToken.None).Count);
    }

    [Fact]
    public void Negative_bucket_throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeatureIndex([1, -2]));
    }

    [Fact]
    public void Empty_index_finds_nothing()
    {
        var index = new FeatureIndex([]);

        Assert.Equal(0, index.Count);
        Assert.Equal(-1, index.Find(0));
        Assert.Equal(-1, index.Find(12345));
    }
}
