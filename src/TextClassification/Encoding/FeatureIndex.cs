using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using TextClassification.Memory;

namespace TextClassification.Encoders;

/// <summary>
/// Maps hash buckets seen during training to rows of the embedding table (open addressing, linear probing).
/// Buckets never seen in training have no row and are skipped by the encoder. Immutable once built.
/// </summary>
internal sealed class FeatureIndex
{
    private const int Empty = -1;

    // How many buckets ahead MapKnown asks for a slot: on a busy machine 32 and 64 gave imdb's Classify +12 % and +15 %
    // over none, 16 +6 % (docs/benchmarks.md, "Session 34"); a slot is one cache line, so asking early costs little.
    private const int PrefetchDistance = 64;

    /// <summary>How many rows are placed between two looks at the build's token: a few milliseconds' work.</summary>
    internal const int RowsBetweenChecks = 1 << 18;

    // Interleaved [bucket, row] pairs: one cache line serves both halves of a probe.
    private readonly int[] _slots;
    private readonly int _mask;

    /// <summary>Builds the index; row <c>i</c> belongs to <c>bucketsByRow[i]</c>, which must be distinct and non-negative.</summary>
    public FeatureIndex(ReadOnlySpan<int> bucketsByRow)
        : this(bucketsByRow, CancellationToken.None)
    {
    }

    /// <summary>Builds the index as <see cref="FeatureIndex(ReadOnlySpan{int})"/>, looking at
    /// <paramref name="cancellationToken"/> every <see cref="RowsBetweenChecks"/> rows: a bundle's index of millions of
    /// rows took a second or more to build (8M rows 0.96 s, 16M 1.8 s), and a canceled load waited for it (review 52d).</summary>
    public FeatureIndex(ReadOnlySpan<int> bucketsByRow, CancellationToken cancellationToken)
    {
        int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(4, bucketsByRow.Length * 2));
        _mask = capacity - 1;
        _slots = LargeArrays.Zeroed<int>(capacity * 2L);
        // In pieces too: filling (and first touching) the slots is most of the time of a large index's build.
        for (int start = 0; start < _slots.Length; start += RowsBetweenChecks * 4)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _slots.AsSpan(start, Math.Min(RowsBetweenChecks * 4, _slots.Length - start)).Fill(Empty);
        }

        for (int row = 0; row < bucketsByRow.Length; row++)
        {
            if (row % RowsBetweenChecks == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            int bucket = bucketsByRow[row];
            if (bucket < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(bucketsByRow), bucket, $"Bucket of row {row} is negative.");
            }

            int slot = SlotOf(bucket);
            while (_slots[slot * 2] != Empty)
            {
                if (_slots[slot * 2] == bucket)
                {
                    throw new ArgumentException($"Bucket {bucket} appears twice (rows {_slots[(slot * 2) + 1]} and {row}).", nameof(bucketsByRow));
                }

                slot = (slot + 1) & _mask;
            }

            _slots[slot * 2] = bucket;
            _slots[(slot * 2) + 1] = row;
        }

        Count = bucketsByRow.Length;
    }

    /// <summary>Number of rows.</summary>
    public int Count { get; }

    /// <summary>The row of <paramref name="bucket"/>, or -1 when it was never seen.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(int bucket)
    {
        int slot = SlotOf(bucket);
        while (true)
        {
            int key = _slots[slot * 2];
            if (key == bucket)
            {
                return _slots[(slot * 2) + 1];
            }

            if (key == Empty)
            {
                return -1;
            }

            slot = (slot + 1) & _mask;
        }
    }

    /// <summary>
    /// Replaces the buckets at the front of <paramref name="buckets"/> by their rows, in order, dropping the buckets
    /// without one, and returns how many are known. On x86 it asks the CPU for the slot of the bucket
    /// 64 places ahead before each lookup: a text's buckets land all over the slot array
    /// (megabytes for a trained model), so without it nearly every lookup waits for memory. It changes no value
    /// (<see cref="MapKnownScalar"/> is the reference).
    /// </summary>
    public unsafe int MapKnown(Span<int> buckets)
    {
        if (!Sse.IsSupported)
        {
            return MapKnownScalar(buckets);
        }

        int known = 0;
        int ahead = Math.Min(PrefetchDistance, buckets.Length);
        fixed (int* slots = _slots)
        {
            for (int k = 0; k < ahead; k++)
            {
                Sse.Prefetch0(slots + ((long)SlotOf(buckets[k]) * 2));
            }

            for (int k = 0; k < buckets.Length; k++)
            {
                // Slots ahead are read before the front is overwritten: known <= k < k + PrefetchDistance.
                if (k + ahead < buckets.Length)
                {
                    Sse.Prefetch0(slots + ((long)SlotOf(buckets[k + ahead]) * 2));
                }

                int row = Find(buckets[k]);
                if (row >= 0)
                {
                    buckets[known++] = row;
                }
            }
        }

        return known;
    }

    /// <summary>The reference of <see cref="MapKnown"/>: the same lookups without prefetching.</summary>
    public int MapKnownScalar(Span<int> buckets)
    {
        int known = 0;
        foreach (int bucket in buckets)
        {
            int row = Find(bucket);
            if (row >= 0)
            {
                buckets[known++] = row;
            }
        }

        return known;
    }

    /// <summary>Writes the bucket of every row into <paramref name="destination"/> (length <see cref="Count"/>).</summary>
    public void CopyBucketsByRow(Span<int> destination)
    {
        for (int slot = 0; slot <= _mask; slot++)
        {
            int bucket = _slots[slot * 2];
            if (bucket != Empty)
            {
                destination[_slots[(slot * 2) + 1]] = bucket;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int SlotOf(int bucket) => (int)(((uint)bucket * 0x9E3779B1u) >> 7) & _mask;
}
