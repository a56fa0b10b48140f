using System.Buffers;
using TextClassification.Tokenization;

namespace TextClassification.Onnx;

/// <summary>
/// Pooled <c>[rows, sequence]</c> input buffers built window by window: each text is tokenized once, cut into
/// windows of at most <c>maxLength − 2</c> tokens advancing by a stride, and each window becomes a row
/// <c>[CLS] window [SEP]</c>; <see cref="Layout"/> pads every row to the longest. Not thread-safe: one per call.
/// </summary>
internal sealed class WindowRows : IDisposable
{
    private readonly WordPieceTokenizer _tokenizer;
    private readonly int _maxLength;
    private long[] _ids = [];
    private long[] _mask = [];
    private long[] _types = [];
    private int[] _lengths = [];
    private int[] _owners = [];
    private int[] _tokens = [];

    public WindowRows(WordPieceTokenizer tokenizer, int maxLength)
    {
        _tokenizer = tokenizer;
        _maxLength = maxLength;
    }

    public int Count { get; private set; }

    public int SequenceLength { get; private set; }

    public Memory<long> InputIds => _ids.AsMemory(0, Count * SequenceLength);

    public Memory<long> AttentionMask => _mask.AsMemory(0, Count * SequenceLength);

    public Memory<long> TokenTypeIds => _types.AsMemory(0, Count * SequenceLength);

    /// <summary>Index of the text row <paramref name="row"/> came from.</summary>
    public int OwnerOf(int row) => _owners[row];

    public void Clear()
    {
        Count = 0;
        SequenceLength = 0;
    }

    /// <summary>Adds the windows of one text (one window when <paramref name="stride"/> is 0: truncation).</summary>
    public void Add(ReadOnlySpan<char> text, int owner, int stride)
    {
        int content = _maxLength - 2;
        int total = Tokenize(text, content, countAll: stride > 0);
        int start = 0;
        while (true)
        {
            int take = Math.Min(content, total - start);
            AddRow(_tokens.AsSpan(start, take), owner);
            if (stride == 0 || start + take >= total)
            {
                return;
            }

            start += stride;
        }
    }

    /// <summary>Pads every row to the longest (to maxLength where the tokenizer pads to it), in place (rows move from
    /// stride maxLength to stride SequenceLength).</summary>
    public void Layout()
    {
        int longest = _tokenizer.Options.PadToMaxLength ? _maxLength : 0;
        for (int r = 0; r < Count; r++)
        {
            longest = Math.Max(longest, _lengths[r]);
        }

        for (int r = 0; r < Count; r++)
        {
            int n = _lengths[r];
            // Forward copies never overwrite a later row's data: row r's target starts at or before its source.
            _ids.AsSpan(r * _maxLength, n).CopyTo(_ids.AsSpan(r * longest));
            _ids.AsSpan((r * longest) + n, longest - n).Fill(_tokenizer.PaddingTokenId);
            _mask.AsSpan(r * longest, n).Fill(1);
            _mask.AsSpan((r * longest) + n, longest - n).Clear();
        }

        _types.AsSpan(0, Count * longest).Clear();
        SequenceLength = longest;
    }

    public void Dispose()
    {
        Return(ref _ids);
        Return(ref _mask);
        Return(ref _types);
        Return(ref _lengths);
        Return(ref _owners);
        Return(ref _tokens);
    }

    private int Tokenize(ReadOnlySpan<char> text, int content, bool countAll)
    {
        Ensure(ref _tokens, content);
        TokenOffset[] offsets = ArrayPool<TokenOffset>.Shared.Rent(_tokens.Length);
        try
        {
            int total = _tokenizer.Tokenize(text, _tokens.AsSpan(0, countAll ? _tokens.Length : content), offsets, countAll);
            if (countAll && total > _tokens.Length)
            {
                // The first pass counted every token; tokenize again into room for all of them.
                Ensure(ref _tokens, total);
                ArrayPool<TokenOffset>.Shared.Return(offsets);
                offsets = ArrayPool<TokenOffset>.Shared.Rent(total);
                total = _tokenizer.Tokenize(text, _tokens.AsSpan(0, total), offsets.AsSpan(0, total), countAll: true);
            }

            return countAll ? total : Math.Min(total, content);
        }
        finally
        {
            ArrayPool<TokenOffset>.Shared.Return(offsets);
        }
    }

    private void AddRow(ReadOnlySpan<int> window, int owner)
    {
        int row = Count;
        Ensure(ref _ids, (row + 1) * _maxLength);
        Ensure(ref _mask, (row + 1) * _maxLength);
        Ensure(ref _types, (row + 1) * _maxLength);
        Ensure(ref _lengths, row + 1);
        Ensure(ref _owners, row + 1);
        Span<long> ids = _ids.AsSpan(row * _maxLength, _maxLength);
        ids[0] = _tokenizer.ClassificationTokenId;
        for (int i = 0; i < window.Length; i++)
        {
            ids[i + 1] = window[i];
        }

        ids[window.Length + 1] = _tokenizer.SeparatorTokenId;
        _lengths[row] = window.Length + 2;
        _owners[row] = owner;
        Count = row + 1;
    }

    private static void Ensure<T>(ref T[] array, int size)
    {
        if (array.Length < size)
        {
            T[] bigger = ArrayPool<T>.Shared.Rent(Math.Max(size, array.Length * 2));
            array.AsSpan().CopyTo(bigger);
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
