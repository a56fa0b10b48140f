using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TextClassification.Encoders;

namespace TextClassification.Tests.Encoders;

/// <summary>A random embedding table and a list of buckets to pool (some of them unknown to the table).</summary>
public sealed record PoolCase(int[] BucketsByRow, float[] Table, int Dimension, int[] Query)
{
    public override string ToString() =>
        $"PoolCase(rows={BucketsByRow.Length}, dimension={Dimension}, query=[{string.Join(",", Query)}])";
}

public static class PoolCaseArbitrary
{
    public static Arbitrary<PoolCase> PoolCase() =>
        (from dimension in Gen.Frequency((3, Gen.Choose(1, 40)), (2, Gen.Choose(1, 300)), (1, Gen.Elements(1, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 300)))
         from rows in Gen.Choose(0, 40)
         from seed in Gen.Choose(0, int.MaxValue - 1)
         from queryLength in Gen.Frequency((6, Gen.Choose(0, 60)), (1, Gen.Choose(300, 1500))) // long texts rent their scratch space
         from scale in Gen.Elements(1e-3f, 1f, 1e3f)
         select Build(dimension, rows, seed, queryLength, scale)).ToArbitrary();

    private static PoolCase Build(int dimension, int rows, int seed, int queryLength, float scale)
    {
        var random = new Random(seed);
        var buckets = new HashSet<int>();
        while (buckets.Count < rows)
        {
            buckets.Add(random.Next(0, 1000));
        }

        int[] bucketsByRow = [.. buckets];
        float[] table = new float[rows * dimension];
        for (int i = 0; i < table.Length; i++)
        {
            table[i] = (float)((random.NextDouble() * 2) - 1) * scale;
        }

        // Known buckets (with repeats) mixed with unknown ones (>= 1000 never has a row).
        int[] query = new int[queryLength];
        for (int i = 0; i < query.Length; i++)
        {
            query[i] = rows > 0 && random.Next(3) > 0 ? bucketsByRow[random.Next(rows)] : random.Next(1000, 5000);
        }

        return new PoolCase(bucketsByRow, table, dimension, query);
    }
}

[Properties(Arbitrary = [typeof(PoolCaseArbitrary)], MaxTest = 300)]
public sealed class EmbeddingBagPropertyTests
{
    [Property]
    public void PoolMean_equals_the_scalar_reference(PoolCase sample)
    {
        var bag = new EmbeddingBag(new FeatureIndex(sample.BucketsByRow), sample.Table, sample.Dimension);
        // Wider than the dimension and pre-filled: only the first Dimension values may be written.
        float[] simd = Enumerable.Repeat(float.NaN, sample.Dimension + 3).ToArray();
        float[] scalar = new float[sample.Dimension];

        int foundSimd = bag.PoolMean(sample.Query, simd);
        int foundScalar = bag.PoolMeanScalar(sample.Query, scalar);

        Assert.Equal(foundScalar, foundSimd);
        for (int d = 0; d < sample.Dimension; d++)
        {
            float tolerance = Tolerance(sample, scalar[d]);
            Assert.True(Math.Abs(simd[d] - scalar[d]) <= tolerance, $"d={d}: {simd[d]} vs {scalar[d]}");
        }

        Assert.All(simd[sample.Dimension..], value => Assert.True(float.IsNaN(value)));
    }

    [Property]
    public void PoolMean_is_the_mean_of_the_known_rows(PoolCase sample)
    {
        var index = new FeatureIndex(sample.BucketsByRow);
        var bag = new EmbeddingBag(index, sample.Table, sample.Dimension);
        float[] pooled = new float[sample.Dimension];

        int found = bag.PoolMean(sample.Query, pooled);

        int[] rows = sample.Query.Select(index.Find).Where(row => row >= 0).ToArray();
        Assert.Equal(rows.Length, found);
        for (int d = 0; d < sample.Dimension; d++)
        {
            double mean = rows.Length == 0 ? 0 : rows.Average(row => (double)sample.Table[(row * sample.Dimension) + d]);
            double magnitude = rows.Length == 0 ? 0 : rows.Max(row => Math.Abs((double)sample.Table[(row * sample.Dimension) + d]));
            // A float sum of n terms may be off by about n units in the last place of the largest term (long texts sum
            // hundreds of rows); 2^-23 per term is that bound with room.
            double tolerance = (1e-5 + (rows.Length * 1.2e-7)) * Math.Max(1e-3, magnitude);
            Assert.True(Math.Abs(pooled[d] - mean) <= tolerance, $"d={d}: {pooled[d]} vs {mean}");
        }
    }

    [Property]
    public void Weights_prepared_once_pool_every_table_on_the_same_index_as_its_own_pooling_does(PoolCase sample)
    {
        // Two bags on one index and IDF (the linear and naive Bayes members): the second pools from the first's rows and
        // weights exactly as it would pool the text itself.
        var index = new FeatureIndex(sample.BucketsByRow);
        float[] idf = IdfFor(sample);
        var first = new EmbeddingBag(index, sample.Table, sample.Dimension, idf);
        var second = new EmbeddingBag(index, [.. sample.Table.Select(value => -2 * value)], sample.Dimension, idf);
        int[] rows = [.. sample.Query];
        float[] weights = new float[rows.Length];
        float[] shared = new float[sample.Dimension];
        float[] own = new float[sample.Dimension];

        int distinct = first.WeighTfIdf(rows, weights, out float scale);
        second.Accumulate(rows.AsSpan(0, distinct), weights.AsSpan(0, distinct), scale, shared);
        int ownDistinct = second.PoolTfIdf([.. sample.Query], own);

        Assert.Equal(ownDistinct, distinct);
        Assert.Equal(own, shared);
        double squares = weights.Take(distinct).Sum(w => (double)w * scale * w * scale);
        Assert.True(distinct == 0 || Math.Abs(squares - 1) < 1e-5, $"the weights' squares sum to {squares}");
    }

    [Property]
    public void Prefetching_changes_no_bit_of_tfidf_pooling(PoolCase sample)
    {
        var index = new FeatureIndex(sample.BucketsByRow);
        float[] idf = IdfFor(sample);
        var prefetching = new EmbeddingBag(index, sample.Table, sample.Dimension, idf);
        var plain = new EmbeddingBag(index, sample.Table, sample.Dimension, idf, prefetch: false);
        float[] withPrefetch = new float[sample.Dimension];
        float[] without = new float[sample.Dimension];

        int distinct = prefetching.PoolTfIdf([.. sample.Query], withPrefetch);
        int distinctPlain = plain.PoolTfIdf([.. sample.Query], without);

        Assert.False(plain.Prefetches);
        Assert.Equal(distinctPlain, distinct);
        Assert.Equal(without, withPrefetch);
    }

    [Fact]
    public void Accumulate_refuses_a_row_outside_the_table()
    {
        var bag = new EmbeddingBag(new FeatureIndex([5, 9]), new float[4], 2, [1f, 1f]);

        Assert.Throws<ArgumentOutOfRangeException>(() => bag.Accumulate([2], [1f], 1f, new float[2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => bag.Accumulate([-1], [1f], 1f, new float[2]));
        // Past the prefetch distance too: the row is skipped when asked for ahead, refused when reached.
        Assert.Throws<ArgumentOutOfRangeException>(() => bag.Accumulate([0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 7], new float[11], 1f, new float[2]));
    }

    [Property]
    public void PoolTfIdf_equals_the_scalar_reference(PoolCase sample)
    {
        var bag = new EmbeddingBag(new FeatureIndex(sample.BucketsByRow), sample.Table, sample.Dimension, IdfFor(sample));
        float[] simd = Enumerable.Repeat(float.NaN, sample.Dimension + 3).ToArray();
        float[] scalar = new float[sample.Dimension];

        int distinctSimd = bag.PoolTfIdf([.. sample.Query], simd);
        int distinctScalar = bag.PoolTfIdfScalar([.. sample.Query], scalar);

        Assert.Equal(distinctScalar, distinctSimd);
        for (int d = 0; d < sample.Dimension; d++)
        {
            float tolerance = Tolerance(sample, scalar[d]);
            Assert.True(Math.Abs(simd[d] - scalar[d]) <= tolerance, $"d={d}: {simd[d]} vs {scalar[d]}");
        }

        Assert.All(simd[sample.Dimension..], value => Assert.True(float.IsNaN(value)));
    }

    [Property]
    public void PoolTfIdf_is_the_normalised_sublinear_tfidf_sum_of_the_known_rows(PoolCase sample)
    {
        var index = new FeatureIndex(sample.BucketsByRow);
        float[] idf = IdfFor(sample);
        var bag = new EmbeddingBag(index, sample.Table, sample.Dimension, idf);
        float[] pooled = new float[sample.Dimension];

        int distinct = bag.PoolTfIdf([.. sample.Query], pooled);

        // The definition, written independently: count each known row, weight (1 + ln tf) · idf, divide by the norm.
        var counts = sample.Query.Select(index.Find).Where(row => row >= 0).GroupBy(row => row).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(counts.Count, distinct);
        var weights = counts.ToDictionary(pair => pair.Key, pair => (1 + Math.Log(pair.Value)) * idf[pair.Key]);
        double norm = Math.Sqrt(weights.Values.Sum(w => w * w));
        for (int d = 0; d < sample.Dimension; d++)
        {
            double expected = norm == 0 ? 0 : weights.Sum(pair => pair.Value / norm * sample.Table[(pair.Key * sample.Dimension) + d]);
            double magnitude = counts.Count == 0 ? 0 : counts.Keys.Max(row => Math.Abs((double)sample.Table[(row * sample.Dimension) + d]));
            Assert.True(Math.Abs(pooled[d] - expected) <= 1e-4 * Math.Max(1e-3, magnitude), $"d={d}: {pooled[d]} vs {expected}");
        }
    }

    [Fact]
    public void PoolTfIdf_weights_repeats_sublinearly_and_rare_rows_more()
    {
        // Rows: bucket 1 → [1, 0], bucket 2 → [0, 1]; idf 1 and 3.
        var bag = new EmbeddingBag(new FeatureIndex([1, 2]), [1f, 0f, 0f, 1f], 2, [1f, 3f]);
        float[] pooled = new float[2];

        Assert.Equal(2, bag.PoolTfIdf([1, 1, 1, 2, 77], pooled));

        double w1 = 1 + Math.Log(3);
        double w2 = 3;
        double norm = Math.Sqrt((w1 * w1) + (w2 * w2));
        Assert.Equal(w1 / norm, pooled[0], 5);
        Assert.Equal(w2 / norm, pooled[1], 5);
        Assert.Equal(NGramPooling.TfIdf, bag.Pooling);
    }

    [Fact]
    public void Idf_of_the_wrong_length_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => new EmbeddingBag(new FeatureIndex([1, 2]), new float[6], 3, [1f]));
    }

    // Fused and unfused multiply-adds round differently. The pooled value is a weighted sum (weights of norm <= 1) of
    // table values, so the rounding error scales with the largest table value, not with the (possibly cancelled) result.
    private static float Tolerance(PoolCase sample, float expected)
    {
        float largest = sample.Table.Length == 0 ? 0 : sample.Table.Max(Math.Abs);
        return 1e-5f * Math.Max(1f, Math.Max(Math.Abs(expected), largest));
    }

    private static float[] IdfFor(PoolCase sample)
    {
        var random = new Random(sample.Query.Length + (31 * sample.BucketsByRow.Length));
        float[] idf = new float[sample.BucketsByRow.Length];
        for (int i = 0; i < idf.Length; i++)
        {
            idf[i] = 1f + (float)(random.NextDouble() * 8);
        }

        return idf;
    }

    [Fact]
    public void Every_dimension_from_1_to_300_matches_the_scalar_reference()
    {
        var random = new Random(11);
        for (int dimension = 1; dimension <= 300; dimension++)
        {
            int[] buckets = [3, 9, 27, 81];
            float[] table = Enumerable.Range(0, buckets.Length * dimension).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
            var bag = new EmbeddingBag(new FeatureIndex(buckets), table, dimension);
            int[] query = [9, 4, 81, 81, 3, 1000];
            float[] simd = new float[dimension];
            float[] scalar = new float[dimension];

            Assert.Equal(4, bag.PoolMean(query, simd));
            Assert.Equal(4, bag.PoolMeanScalar(query, scalar));
            for (int d = 0; d < dimension; d++)
            {
                Assert.True(Math.Abs(simd[d] - scalar[d]) <= 1e-5f * Math.Max(1f, Math.Abs(scalar[d])), $"dimension {dimension}, d={d}");
            }
        }
    }

    [Fact]
    public void No_known_bucket_gives_zeros_and_returns_zero()
    {
        var bag = new EmbeddingBag(new FeatureIndex([1, 2]), [1f, 2f, 3f, 4f, 5f, 6f], 3);
        float[] simd = [9f, 9f, 9f];
        float[] scalar = [9f, 9f, 9f];

        Assert.Equal(0, bag.PoolMean([7, 8, 100], simd));
        Assert.Equal(0, bag.PoolMeanScalar([7, 8, 100], scalar));
        Assert.Equal([0f, 0f, 0f], simd);
        Assert.Equal([0f, 0f, 0f], scalar);

        Assert.Equal(0, bag.PoolMean([], simd));
        Assert.Equal([0f, 0f, 0f], simd);
    }

    [Fact]
    public void Table_of_the_wrong_size_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => new EmbeddingBag(new FeatureIndex([1, 2]), new float[5], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EmbeddingBag(new FeatureIndex([]), [], 0));
    }
}
