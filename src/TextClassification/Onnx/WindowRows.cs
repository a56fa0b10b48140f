using System.Buffers;
using TextClassification.Tokenization;

namespace TextClassification.Onnx;

/// <summary>
/// The windows of one or more texts and pooled <c>[rows, sequence]</c> input buffers for a batch of them: each text is
/// tokenized once, cut into windows of at most <c>maxLength − 2</c> tokens advancing by a stride, and each window is kept
/// as a range of the text's tokens; <see cref="Layout"/> writes a batch of windows as rows <c>[CLS] window [SEP]</c>,
/// padded to the longest window of all. Memory is the tokens plus one batch of rows, however many windows a long text
/// has (all rows at once took 24 bytes × maxLength a window: 1.3 GB for a text of 900k tokens at stride 16). Not
/// thread-safe: one per call.
/// </summary>
internal sealed class WindowRows : IDisposable
{
    private readonly WordPieceTokenizer _tokenizer;
    private readonly int _maxLength;
    private long[] _ids = [];
    private long[] _mask = [];
    private long[] _types = [];
    private int[] _starts = [];
    private int[] _lengths = [];
    private int[] _owners = [];
    private int[] _tokens = [];
    private int _tokenCount;
    private int _batchRows;

    public WindowRows(WordPieceTokenizer tokenizer, int maxLength)
    {
        _tokenizer = tokenizer;
        _maxLength = maxLength;
    }

    /// <summary>Number of windows (rows) added.</summary>
    public int Count { get; private set; }

    /// <summary>The padded row length: <c>[CLS]</c>, the longest window and <c>[SEP]</c> (maxLength where the tokenizer
    /// pads to it); 0 while no window was added.</summary>
    public int SequenceLength { get; private set; }

    /// <summary>The ids of the batch of the last <see cref="Layout"/>.</summary>
    public Memory<long> InputIds => _ids.AsMemory(0, _batchRows * SequenceLength);

    /// <summary>The attention mask of the batch of the last <see cref="Layout"/>.</summary>
    public Memory<long> AttentionMask => _mask.AsMemory(0, _batchRows * SequenceLength);

    /// <summary>The token types (all 0) of the batch of the last <see cref="Layout"/>.</summary>
    public Memory<long> TokenTypeIds => _types.AsMemory(0, _batchRows * SequenceLength);

    /// <summary>Index of the text each row came from, one per row added.</summary>
    public ReadOnlySpan<int> Owners => _owners.AsSpan(0, Count);

    public void Clear()
    {
        Count = 0;
        SequenceLength = 0;
        _tokenCount = 0;
        _batchRows = 0;
    }

    /// <summary>Adds the windows of one text (one window when <paramref name="stride"/> is 0: truncation).</summary>
    public void Add(ReadOnlySpan<char> text, int owner, int stride)
    {
        int content = _maxLength - 2;
        int first = _tokenCount;
        int total = Tokenize(text, content, countAll: stride > 0);
        _tokenCount += total;
        int longest = _tokenizer.Options.PadToMaxLength ? _maxLength : SequenceLength;
        int start = 0;
        while (true)
        {
            int take = Math.Min(content, total - start);
            AddRow(first + start, take, owner);
            longest = Math.Max(longest, take + 2);
            if (stride == 0 || start + take >= total)
            {
                SequenceLength = longest;
                return;
            }

            start += stride;
        }
    }

    /// <summary>Writes rows <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> − 1 into the
    /// input buffers, each padded to <see cref="SequenceLength"/>.</summary>
    public void Layout(int first, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count - first);
        int sequence = SequenceLength;
        Ensure(ref _ids, count * sequence, keep: false);
        Ensure(ref _mask, count * sequence, keep: false);
        Ensure(ref _types, count * sequence, keep: false);
        for (int r = 0; r < count; r++)
        {
            int n = _lengths[first + r];
            Span<long> ids = _ids.AsSpan(r * sequence, sequence);
            ids[0] = _tokenizer.ClassificationTokenId;
            ReadOnlySpan<int> window = _tokens.AsSpan(_starts[first + r], n - 2);
            for (int i = 0; i < window.Length; i++)
            {
                ids[i + 1] = window[i];
            }

            ids[n - 1] = _tokenizer.SeparatorTokenId;
            ids[n..].Fill(_tokenizer.PaddingTokenId);
            _mask.AsSpan(r * sequence, n).Fill(1);
            _mask.AsSpan((r * sequence) + n, sequence - n).Clear();
        }

        _types.AsSpan(0, count * sequence).Clear();
        _batchRows = count;
    }

    public void Dispose()
    {
        Return(ref _ids);
        Return(ref _mask);
        Return(ref _types);
        Return(ref _starts);
        Return(ref _lengths);
        Return(ref _owners);
        Return(ref _tokens);
    }

    // Tokenizes the text after the tokens already held; returns how many it added (at most content without countAll).
    private int Tokenize(ReadOnlySpan<char> text, int content, bool countAll)
    {
        int at = _tokenCount;
        Ensure(ref _tokens, at + content);
        int room = _tokens.Length - at;
        TokenOffset[] offsets = ArrayPool<TokenOffset>.Shared.Rent(room);
        try
        {
            int total = _tokenizer.Tokenize(text, _tokens.AsSpan(at, countAll ? room : content), offsets, countAll);
            if (countAll && total > room)
            {
                // The first pass counted every token; tokenize again into room for all of them.
                Ensure(ref _tokens, at + total);
                ArrayPool<TokenOffset>.Shared.Return(offsets);
                offsets = ArrayPool<TokenOffset>.Shared.Rent(total);
                total = _tokenizer.Tokenize(text, _tokens.AsSpan(at, total), offsets.AsSpan(0, total), countAll: true);
            }

            return countAll ? total : Math.Min(total, content);
        }
        finally
        {
            ArrayPool<TokenOffset>.Shared.Return(offsets);
        }
    }

    private void AddRow(int start, int take, int owner)
    {
        int row = Count;
        Ensure(ref _starts, row + 1);
        Ensure(ref _lengths, row + 1);
        Ensure(ref _owners, row + 1);
        _starts[row] = start;
        _lengths[row] = take + 2;
        _owners[row] = owner;
        Count = row + 1;
    }

    private static void Ensure<T>(ref T[] array, int size, bool keep = true)
    {
        if (array.Length < size)
        {
            T[] bigger = ArrayPool<T>.Shared.Rent(Math.Max(size, array.Length * 2));
            if (keep)
            {
                array.AsSpan().CopyTo(bigger);
            }

            Return(ref array);
            array = bigger;
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
