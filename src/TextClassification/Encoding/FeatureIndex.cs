using System.Numerics;
using System.Runtime.CompilerServices;
using TextClassification.Memory;

namespace TextClassification.Encoders;

/// <summary>
/// Maps hash buckets seen during training to rows of the embedding table (open addressing, linear probing).
/// Buckets never seen in training have no row and are skipped by the encoder. Immutable once built.
/// </summary>
internal sealed class FeatureIndex
{
    private const int Empty = -1;

    // Interleaved [bucket, row] pairs: one cache line serves both halves of a probe.
    private readonly int[] _slots;
    private readonly int _mask;

    /// <summary>Builds the index; row <c>i</c> belongs to <c>bucketsByRow[i]</c>, which must be distinct and non-negative.</summary>
    public FeatureIndex(ReadOnlySpan<int> bucketsByRow)
    {
        int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(4, bucketsByRow.Length * 2));
        _mask = capacity - 1;
        _slots = LargeArrays.Zeroed<int>(capacity * 2L);
        Array.Fill(_slots, Empty);
        for (int row = 0; row < bucketsByRow.Length; row++)
        {
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
