using System.Runtime.Intrinsics.X86;
using TextClassification.Memory;

namespace TextClassification.Training.Trainers;

/// <summary>
/// Numbers feature buckets in order of first appearance. Looks rows up in an array indexed by bucket where the bucket
/// space is small enough (the default 2M buckets take 8 MB), which is several times faster than a dictionary on the
/// millions of lookups of a char n-gram matrix; larger bucket spaces use a dictionary. Both number alike.
/// </summary>
internal sealed class BucketRows
{
    /// <summary>The largest bucket space looked up through an array (64 MB of ints).</summary>
    public const int MaxArrayBuckets = 1 << 24;

    private readonly int[]? _rowPlusOne;
    private readonly Dictionary<int, int>? _rows;
    private int[] _bucketsByRow = new int[1024];

    /// <param name="buckets">Buckets lie in [0, buckets).</param>
    /// <param name="maxArrayBuckets">Bucket spaces up to this size use the array.</param>
    public BucketRows(int buckets, int maxArrayBuckets = MaxArrayBuckets)
    {
        if (buckets <= maxArrayBuckets)
        {
            _rowPlusOne = LargeArrays.Zeroed<int>(buckets);
        }
        else
        {
            _rows = [];
        }
    }

    /// <summary>Rows numbered so far.</summary>
    public int Count { get; private set; }

    /// <summary>Asks the CPU to bring the array slot of an upcoming <paramref name="bucket"/> into the cache (x86 and the
    /// array only; elsewhere it does nothing). Lookups land all over the 8 MB array, so most of them miss the caches
    /// without it. It changes no value.</summary>
    public unsafe void Prefetch(int bucket)
    {
        if (Sse.IsSupported && _rowPlusOne is { } rows && (uint)bucket < (uint)rows.Length)
        {
            fixed (int* slot = &rows[bucket])
            {
                Sse.Prefetch0(slot);
            }
        }
    }

    /// <summary>The row of <paramref name="bucket"/>, numbering it next if it is new.</summary>
    public int RowOf(int bucket)
    {
        if (_rowPlusOne is { } rows)
        {
            int known = rows[bucket];
            if (known > 0)
            {
                return known - 1;
            }

            rows[bucket] = Count + 1;
        }
        else if (_rows!.TryGetValue(bucket, out int row))
        {
            return row;
        }
        else
        {
            _rows.Add(bucket, Count);
        }

        if (Count == _bucketsByRow.Length)
        {
            _bucketsByRow = LargeArrays.Resized(_bucketsByRow, Count * 2L);
        }

        _bucketsByRow[Count] = bucket;
        return Count++;
    }

    /// <summary>The bucket of every row, in row order.</summary>
    public int[] BucketsByRow() => _bucketsByRow[..Count];
}
