using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using TextClassification.Memory;

namespace TextClassification.Encoders;

/// <summary>
/// The managed encoder of n-gram models: an embedding table indexed through a <see cref="FeatureIndex"/>,
/// pooled by masked mean or by sublinear TF-IDF weights (features without a row are masked out). Immutable and
/// thread-safe.
/// </summary>
internal sealed class EmbeddingBag
{
    // Scratch ints of TF-IDF pooling kept on the stack (texts of up to ~340 known features); longer texts rent.
    private const int StackallocInts = 1024;

    // How many rows ahead Accumulate asks for a row's cache lines, and WeighTfIdf for a row's IDF (docs/benchmarks.md,
    // "Session 34", a busy machine: imdb's Classify +12 % over no prefetching with the index slots alone, +17 % with 4
    // rows and 16 IDF values ahead as well, +23 % with 8 rows and 16 IDF values).
    private const int RowPrefetchDistance = 8;
    private const int IdfPrefetchDistance = 16;

    private readonly float[] _table;
    private readonly float[]? _idf;
    private readonly bool _prefetch;

    /// <summary>Wraps a row-major table of <c>index.Count × dimension</c> floats; with <paramref name="idf"/> (one
    /// inverse document frequency per row) the bag pools by <see cref="NGramPooling.TfIdf"/>, otherwise by mean.
    /// <paramref name="prefetch"/> false turns off the software prefetching of TF-IDF pooling (for benchmarks: it changes
    /// no value).</summary>
    public EmbeddingBag(FeatureIndex index, float[] table, int dimension, float[]? idf = null, bool prefetch = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (table.Length != (long)index.Count * dimension)
        {
            throw new ArgumentException($"Table has {table.Length} floats; {index.Count} rows × {dimension} need {(long)index.Count * dimension}.", nameof(table));
        }

        if (idf is not null && idf.Length != index.Count)
        {
            throw new ArgumentException($"IDF has {idf.Length} values for {index.Count} rows.", nameof(idf));
        }

        Index = index;
        _table = table;
        _idf = idf;
        _prefetch = prefetch && Sse.IsSupported;
        Dimension = dimension;
    }

    /// <summary>True when TF-IDF pooling asks the CPU for index slots, IDF values and rows ahead of their use (x86, on
    /// unless the constructor turned it off).</summary>
    public bool Prefetches => _prefetch;

    /// <summary>How <see cref="Pool"/> combines rows.</summary>
    public NGramPooling Pooling => _idf is null ? NGramPooling.Mean : NGramPooling.TfIdf;

    /// <summary>Inverse document frequency of each row (TF-IDF pooling), or null.</summary>
    public float[]? Idf => _idf;

    /// <summary>Width of a row (and of the pooled vector).</summary>
    public int Dimension { get; }

    /// <summary>Bucket → row map.</summary>
    public FeatureIndex Index { get; }

    /// <summary>The raw table (row-major), shared with the trainer.</summary>
    public float[] Table => _table;

    /// <summary>One row.</summary>
    public ReadOnlySpan<float> Row(int row) => _table.AsSpan(row * Dimension, Dimension);

    /// <summary>Pools the rows of <paramref name="buckets"/> by <see cref="Pooling"/>. The span is used as scratch
    /// space and holds row ids afterwards.</summary>
    public int Pool(Span<int> buckets, Span<float> pooled) =>
        _idf is null ? PoolMean(buckets, pooled) : PoolTfIdf(buckets, pooled);

    /// <summary>The weight of a feature that occurs <paramref name="count"/> times: <c>(1 + ln count) · idf</c>. Most
    /// features occur once, where ln 1 = 0 needs no logarithm.</summary>
    public static float SublinearWeight(int count, float idf) => count == 1 ? idf : (1f + MathF.Log(count)) * idf;

    /// <summary>
    /// TF-IDF pooling: <see cref="WeighTfIdf"/> then <see cref="Accumulate"/>, i.e. <c>Σ w·row / ‖w‖</c> with
    /// <c>w = (1 + ln tf) · idf</c> over the known rows of <paramref name="buckets"/>, summed in order of first appearance.
    /// The span holds the distinct rows afterwards. Returns their number.
    /// </summary>
    [SkipLocalsInit]
    public int PoolTfIdf(Span<int> buckets, Span<float> pooled)
    {
        float[]? rented = null;
        Span<float> weights = buckets.Length <= StackallocInts
            ? stackalloc float[StackallocInts]
            : (rented = ArrayPool<float>.Shared.Rent(buckets.Length));
        try
        {
            int distinct = WeighTfIdf(buckets, weights, out float scale);
            Accumulate(buckets[..distinct], weights[..distinct], scale, pooled);
            return distinct;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// The text-dependent half of TF-IDF pooling: maps <paramref name="buckets"/> to rows in place (dropping unknown ones),
    /// merges repeats into counts (<see cref="RowCounts"/>; distinct rows keep the order of their first appearance) and
    /// writes each distinct row's weight <c>w = (1 + ln tf) · idf</c> into <paramref name="weights"/> (as long as
    /// <paramref name="buckets"/>), with <paramref name="scale"/> = <c>1 / ‖w‖</c> (0 when no row is known). Returns the
    /// number of distinct rows, which then head <paramref name="buckets"/>. Models sharing this bag's index and IDF can
    /// all pool from one result.
    /// </summary>
    [SkipLocalsInit]
    public int WeighTfIdf(Span<int> buckets, Span<float> weights, out float scale)
    {
        Span<int> rows = MapKnown(buckets);
        int scratchLength = RowCounts.ScratchLength(rows.Length);
        int[]? rented = null;
        Span<int> space = rows.Length + scratchLength <= StackallocInts
            ? stackalloc int[StackallocInts]
            : (rented = ArrayPool<int>.Shared.Rent(rows.Length + scratchLength));
        try
        {
            Span<int> counts = space[..rows.Length];
            int distinct = RowCounts.Merge(rows, counts, space.Slice(rows.Length, scratchLength));
            float[] idf = _idf!;
            double squares = 0;
            int ahead = _prefetch ? IdfPrefetchDistance : int.MaxValue;
            for (int k = 0; k < distinct; k++)
            {
                if (k < distinct - ahead)
                {
                    PrefetchIdf(idf, rows[k + ahead]);
                }

                float w = SublinearWeight(counts[k], idf[rows[k]]);
                weights[k] = w;
                squares += w * w;
            }

            scale = squares <= 0 ? 0f : (float)(1 / Math.Sqrt(squares));
            return distinct;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<int>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Writes <c>Σ weights[k] · scale · row(rows[k])</c> into <paramref name="pooled"/> (its first
    /// <see cref="Dimension"/> values), row by row in order, vectorised by <see cref="RowArithmetic.AddScaled"/>. The rows
    /// must be rows of this bag (as <see cref="WeighTfIdf"/> leaves them).</summary>
    public void Accumulate(ReadOnlySpan<int> rows, ReadOnlySpan<float> weights, float scale, Span<float> pooled)
    {
        pooled = pooled[..Dimension];
        pooled.Clear();
        int dimension = Dimension;
        int rowCount = Index.Count;
        weights = weights[..rows.Length];
        ref float table = ref MemoryMarshal.GetArrayDataReference(_table);
        ref float target = ref MemoryMarshal.GetReference(pooled);
        // Without prefetching (always so off x86) nothing is asked for: Sse.Prefetch0 throws where SSE is not supported.
        int ahead = _prefetch ? Math.Min(RowPrefetchDistance, rows.Length) : 0;
        for (int k = 0; k < ahead; k++)
        {
            PrefetchRow(rows[k], rowCount);
        }

        for (int k = 0; k < rows.Length; k++)
        {
            if (ahead > 0 && k < rows.Length - ahead)
            {
                PrefetchRow(rows[k + ahead], rowCount);
            }

            int row = rows[k];
            // One unsigned compare keeps the unchecked reads below inside the table (rows × Dimension floats, checked by
            // the constructor), whoever passes the rows.
            if ((uint)row >= (uint)rowCount)
            {
                throw new ArgumentOutOfRangeException(nameof(rows), row, $"Not a row of this table ({rowCount} rows).");
            }

            RowArithmetic.AddScaled(ref Unsafe.Add(ref table, row * dimension), weights[k] * scale, ref target, dimension);
        }
    }

    // Asks the CPU for the IDF of a row about to be weighed (x86 only, as the caller checked). It changes no value.
    private static unsafe void PrefetchIdf(float[] idf, int row)
    {
        if ((uint)row < (uint)idf.Length)
        {
            fixed (float* first = idf)
            {
                Sse.Prefetch0(first + row);
            }
        }
    }

    // Asks the CPU for the cache lines of a row about to be accumulated (x86 only, as the caller checked; a row outside
    // the table is skipped, Accumulate throws for it when it gets there). It changes no value.
    private unsafe void PrefetchRow(int row, int rowCount)
    {
        if ((uint)row >= (uint)rowCount)
        {
            return;
        }

        fixed (float* table = _table)
        {
            CacheLines.Prefetch((byte*)(table + ((long)row * Dimension)), Dimension * sizeof(float));
        }
    }

    /// <summary>The scalar reference of <see cref="PoolTfIdf"/>; kept for tests and benchmarks.</summary>
    public int PoolTfIdfScalar(Span<int> buckets, Span<float> pooled)
    {
        for (int d = 0; d < Dimension; d++)
        {
            pooled[d] = 0f;
        }

        Span<int> rows = MapAndSort(buckets);
        float[] idf = _idf!;
        float scale = InverseNorm(rows, idf, out int distinct);
        if (scale == 0)
        {
            return distinct;
        }

        for (int start = 0; start < rows.Length;)
        {
            int end = RunEnd(rows, start);
            int row = rows[start];
            float w = SublinearWeight(end - start, idf[row]) * scale;
            for (int d = 0; d < Dimension; d++)
            {
                pooled[d] += w * _table[(row * Dimension) + d];
            }

            start = end;
        }

        return distinct;
    }

    // 1 / ‖w‖ over the runs of equal rows (0 when there are none), and the number of runs.
    private static float InverseNorm(ReadOnlySpan<int> sortedRows, float[] idf, out int distinct)
    {
        double squares = 0;
        distinct = 0;
        for (int start = 0; start < sortedRows.Length;)
        {
            int end = RunEnd(sortedRows, start);
            float w = SublinearWeight(end - start, idf[sortedRows[start]]);
            squares += w * w;
            distinct++;
            start = end;
        }

        return squares <= 0 ? 0f : (float)(1 / Math.Sqrt(squares));
    }

    // Replaces the buckets at the front of the span by their rows, dropping buckets without one.
    private Span<int> MapKnown(Span<int> buckets) =>
        buckets[..(_prefetch ? Index.MapKnown(buckets) : Index.MapKnownScalar(buckets))];

    private Span<int> MapAndSort(Span<int> buckets)
    {
        Span<int> rows = MapKnown(buckets);
        rows.Sort();
        return rows;
    }

    private static int RunEnd(ReadOnlySpan<int> sortedRows, int start)
    {
        int end = start + 1;
        while (end < sortedRows.Length && sortedRows[end] == sortedRows[start])
        {
            end++;
        }

        return end;
    }

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
