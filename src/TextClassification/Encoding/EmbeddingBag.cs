using System.Numerics.Tensors;

namespace TextClassification.Encoders;

/// <summary>
/// The managed encoder of n-gram models: an embedding table indexed through a <see cref="FeatureIndex"/>,
/// pooled by masked mean (features without a row are masked out). Immutable and thread-safe.
/// </summary>
internal sealed class EmbeddingBag
{
    private readonly float[] _table;

    /// <summary>Wraps a row-major table of <c>index.Count × dimension</c> floats.</summary>
    public EmbeddingBag(FeatureIndex index, float[] table, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (table.Length != (long)index.Count * dimension)
        {
            throw new ArgumentException($"Table has {table.Length} floats; {index.Count} rows × {dimension} need {(long)index.Count * dimension}.", nameof(table));
        }

        Index = index;
        _table = table;
        Dimension = dimension;
    }

    /// <summary>Width of a row (and of the pooled vector).</summary>
    public int Dimension { get; }

    /// <summary>Bucket → row map.</summary>
    public FeatureIndex Index { get; }

    /// <summary>The raw table (row-major), shared with the trainer.</summary>
    public float[] Table => _table;

    /// <summary>One row.</summary>
    public ReadOnlySpan<float> Row(int row) => _table.AsSpan(row * Dimension, Dimension);

    /// <summary>Writes the mean of the rows of the known <paramref name="buckets"/> into <paramref name="pooled"/>
    /// (zeros when none is known) and returns how many rows were averaged. SIMD through TensorPrimitives.</summary>
    public int PoolMean(ReadOnlySpan<int> buckets, Span<float> pooled)
    {
        pooled = pooled[..Dimension];
        pooled.Clear();
        int found = 0;
        foreach (int bucket in buckets)
        {
            int row = Index.Find(bucket);
            if (row >= 0)
            {
                TensorPrimitives.Add(pooled, _table.AsSpan(row * Dimension, Dimension), pooled);
                found++;
            }
        }

        if (found > 1)
        {
            TensorPrimitives.Multiply(pooled, 1f / found, pooled);
        }

        return found;
    }

    /// <summary>The scalar reference of <see cref="PoolMean"/>; kept for tests and benchmarks.</summary>
    public int PoolMeanScalar(ReadOnlySpan<int> buckets, Span<float> pooled)
    {
        for (int d = 0; d < Dimension; d++)
        {
            pooled[d] = 0f;
        }

        int found = 0;
        foreach (int bucket in buckets)
        {
            int row = Index.Find(bucket);
            if (row < 0)
            {
                continue;
            }

            int offset = row * Dimension;
            for (int d = 0; d < Dimension; d++)
            {
                pooled[d] += _table[offset + d];
            }

            found++;
        }

        if (found > 1)
        {
            float scale = 1f / found;
            for (int d = 0; d < Dimension; d++)
            {
                pooled[d] *= scale;
            }
        }

        return found;
    }
}
