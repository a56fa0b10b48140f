using System.Buffers;

namespace TextClassification.Tokenization;

/// <summary>
/// A reusable <c>[batch, sequence]</c> buffer of input ids, attention mask and token type ids (row-major
/// <see cref="long"/>s, the layout ONNX Runtime takes) plus offsets, filled by
/// <see cref="WordPieceTokenizer.EncodeBatch(ReadOnlySpan{string}, TokenBatch)"/>. Its arrays come from
/// <see cref="ArrayPool{T}"/> and are kept between batches, so encoding batches of similar size allocates nothing;
/// <see cref="Dispose"/> returns them. Not thread-safe: one batch per thread (or per request).
/// </summary>
public sealed class TokenBatch : IDisposable
{
    private long[] _inputIds = [];
    private long[] _attentionMask = [];
    private long[] _tokenTypeIds = [];
    private TokenOffset[] _offsets = [];
    private int[] _lengths = [];
    private int[] _scratchIds = [];
    private TokenOffset[] _scratchOffsets = [];
    private int[] _firstSegments = [];

    /// <summary>Rows in the current batch.</summary>
    public int BatchSize { get; private set; }

    /// <summary>Tokens per row (the longest row, or <see cref="WordPieceOptions.MaxLength"/> with
    /// <see cref="WordPieceOptions.PadToMaxLength"/>).</summary>
    public int SequenceLength { get; private set; }

    /// <summary>The tensor shape <c>[BatchSize, SequenceLength]</c>, owned by the batch and updated by each encode
    /// (pass it to <c>OrtValue.CreateTensorValueFromMemory</c>; do not change it).</summary>
    public long[] Shape { get; } = new long[2];

    /// <summary>Input ids, <c>BatchSize × SequenceLength</c>, row-major, padded with the padding id.</summary>
    public Memory<long> InputIds => _inputIds.AsMemory(0, BatchSize * SequenceLength);

    /// <summary>Attention mask: 1 for tokens, 0 for padding.</summary>
    public Memory<long> AttentionMask => _attentionMask.AsMemory(0, BatchSize * SequenceLength);

    /// <summary>Token type ids: 0 for the first text (and padding), 1 for the second text of a pair.</summary>
    public Memory<long> TokenTypeIds => _tokenTypeIds.AsMemory(0, BatchSize * SequenceLength);

    /// <summary>Number of tokens (before padding) of row <paramref name="row"/>.</summary>
    /// <param name="row">Row index.</param>
    /// <returns>The row's length.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is not a row of this batch.</exception>
    public int GetLength(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, BatchSize);
        return _lengths[row];
    }

    /// <summary>Offsets of row <paramref name="row"/> into its text, <see cref="SequenceLength"/> long.</summary>
    /// <param name="row">Row index.</param>
    /// <returns>The offsets; (0, 0) for special and padding tokens.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is not a row of this batch.</exception>
    public ReadOnlySpan<TokenOffset> GetOffsets(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, BatchSize);
        return _offsets.AsSpan(row * SequenceLength, SequenceLength);
    }

    /// <summary>Returns the arrays to the pool; the batch may be used again afterwards (it rents anew).</summary>
    public void Dispose()
    {
        Return(ref _inputIds);
        Return(ref _attentionMask);
        Return(ref _tokenTypeIds);
        Return(ref _offsets);
        Return(ref _lengths);
        Return(ref _scratchIds);
        Return(ref _scratchOffsets);
        Return(ref _firstSegments);
        BatchSize = 0;
        SequenceLength = 0;
    }

    internal int[] ScratchIds => _scratchIds;

    internal TokenOffset[] ScratchOffsets => _scratchOffsets;

    internal int[] Lengths => _lengths;

    internal int[] FirstSegments => _firstSegments;

    internal long[] InputIdsArray => _inputIds;

    internal long[] AttentionMaskArray => _attentionMask;

    internal long[] TokenTypeIdsArray => _tokenTypeIds;

    internal TokenOffset[] OffsetsArray => _offsets;

    /// <summary>Makes room for per-row scratch (stride <paramref name="stride"/>) the tokenizer fills before the final layout.</summary>
    internal void EnsureScratch(int batchSize, int stride)
    {
        Ensure(ref _scratchIds, batchSize * stride);
        Ensure(ref _scratchOffsets, batchSize * stride);
        Ensure(ref _lengths, batchSize);
        Ensure(ref _firstSegments, batchSize);
    }

    /// <summary>Sizes the output for <paramref name="batchSize"/> rows of <paramref name="sequenceLength"/>.</summary>
    internal void Layout(int batchSize, int sequenceLength)
    {
        int size = batchSize * sequenceLength;
        Ensure(ref _inputIds, size);
        Ensure(ref _attentionMask, size);
        Ensure(ref _tokenTypeIds, size);
        Ensure(ref _offsets, size);
        BatchSize = batchSize;
        SequenceLength = sequenceLength;
        Shape[0] = batchSize;
        Shape[1] = sequenceLength;
    }

    private static void Ensure<T>(ref T[] array, int size)
    {
        if (array.Length < size)
        {
            Return(ref array);
            array = ArrayPool<T>.Shared.Rent(size);
        }
    }

    private static void Return<T>(ref T[] array)
    {
        if (array.Length > 0)
        {
            ArrayPool<T>.Shared.Return(array);
        }

        array = [];
    }
}
