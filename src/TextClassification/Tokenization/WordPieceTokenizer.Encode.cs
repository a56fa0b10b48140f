using System.Buffers;
using System.Runtime.CompilerServices;

namespace TextClassification.Tokenization;

public sealed partial class WordPieceTokenizer
{
    // Rows up to this many tokens use stack scratch; longer ones rent from the pool.
    private const int StackTokens = 1024;

    /// <summary>
    /// Encodes one text as <c>[CLS] tokens [SEP]</c> into one row of caller-owned buffers, truncated to
    /// min(<see cref="WordPieceOptions.MaxLength"/>, <c>inputIds.Length</c>) tokens, and pads the rest of the row
    /// (padding id, mask 0, type 0, offset (0, 0)). Allocates nothing.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="inputIds">Receives the ids; its length is the row length.</param>
    /// <param name="attentionMask">Receives 1 for tokens and 0 for padding; at least as long as <paramref name="inputIds"/>.</param>
    /// <param name="tokenTypeIds">Receives 0 for every position; empty to skip, else at least as long as <paramref name="inputIds"/>.</param>
    /// <param name="offsets">Receives each token's range in <paramref name="text"/>; empty to skip, else at least as long as <paramref name="inputIds"/>.</param>
    /// <returns>The number of tokens written (the rest of the row is padding).</returns>
    /// <exception cref="ArgumentException">A buffer is too short, or <paramref name="inputIds"/> cannot hold [CLS] and [SEP].</exception>
    public int Encode(ReadOnlySpan<char> text, Span<long> inputIds, Span<long> attentionMask,
        Span<long> tokenTypeIds = default, Span<TokenOffset> offsets = default) =>
        EncodeRow(text, default, isPair: false, inputIds, attentionMask, tokenTypeIds, offsets);

    /// <summary>
    /// Encodes one text as the ids of <c>[CLS] tokens [SEP]</c> only — no padding, mask, types or offsets — truncated
    /// to min(<see cref="WordPieceOptions.MaxLength"/>, <c>ids.Length</c>) tokens: the allocation-free counterpart of
    /// Microsoft.ML.Tokenizers' <c>BertTokenizer.EncodeToIds</c>, for callers that build their own batches.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="ids">Receives the ids.</param>
    /// <returns>The number of ids written.</returns>
    /// <exception cref="ArgumentException"><paramref name="ids"/> cannot hold [CLS] and [SEP].</exception>
    [SkipLocalsInit]
    public int EncodeToIds(ReadOnlySpan<char> text, Span<int> ids)
    {
        int maxLength = Math.Min(Options.MaxLength, ids.Length);
        if (maxLength < 2)
        {
            throw new ArgumentException($"ids has room for {ids.Length} tokens; [CLS] and [SEP] alone need 2.", nameof(ids));
        }

        TokenOffset[]? rented = null;
        Span<TokenOffset> offsets = maxLength <= StackTokens ? stackalloc TokenOffset[maxLength] : (rented = ArrayPool<TokenOffset>.Shared.Rent(maxLength));
        try
        {
            return EncodeCore(text, default, isPair: false, maxLength, ids, offsets, out _);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<TokenOffset>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Encodes a text pair as <c>[CLS] a [SEP] b [SEP]</c> (token type 0 up to the first [SEP], 1 after it), or as a
    /// <c>tokenizer.json</c>'s <c>TemplateProcessing</c> pair template says (MPNet's <c>&lt;s&gt; a &lt;/s&gt;
    /// &lt;/s&gt; b &lt;/s&gt;</c>, all type 0), into one row of caller-owned buffers, truncating longest first to
    /// min(<see cref="WordPieceOptions.MaxLength"/>, <c>inputIds.Length</c>) tokens like Hugging Face, and pads the rest
    /// of the row. Allocates nothing.
    /// </summary>
    /// <param name="text">The first text.</param>
    /// <param name="textPair">The second text.</param>
    /// <param name="inputIds">Receives the ids; its length is the row length.</param>
    /// <param name="attentionMask">Receives 1 for tokens and 0 for padding; at least as long as <paramref name="inputIds"/>.</param>
    /// <param name="tokenTypeIds">Receives the segment of each position; empty to skip, else at least as long as <paramref name="inputIds"/>.</param>
    /// <param name="offsets">Receives each token's range in its own text; empty to skip, else at least as long as <paramref name="inputIds"/>.</param>
    /// <returns>The number of tokens written.</returns>
    /// <exception cref="ArgumentException">A buffer is too short, or <paramref name="inputIds"/> cannot hold the pair's special tokens.</exception>
    /// <exception cref="NotSupportedException">The tokenizer.json's pair template is not one this class builds (the message says which and why).</exception>
    public int EncodePair(ReadOnlySpan<char> text, ReadOnlySpan<char> textPair, Span<long> inputIds, Span<long> attentionMask,
        Span<long> tokenTypeIds = default, Span<TokenOffset> offsets = default) =>
        EncodeRow(text, textPair, isPair: true, inputIds, attentionMask, tokenTypeIds, offsets);

    /// <summary>Encodes a text (or a pair) into new arrays, without padding: the convenient, allocating form of
    /// <see cref="Encode(ReadOnlySpan{char}, Span{long}, Span{long}, Span{long}, Span{TokenOffset})"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="textPair">The second text of a pair, or null.</param>
    /// <returns>Ids, token type ids and offsets, <see cref="WordPieceOptions.MaxLength"/> at most.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="NotSupportedException"><paramref name="textPair"/> is given and the tokenizer.json's pair template is not one this class builds.</exception>
    public WordPieceEncoding Encode(string text, string? textPair = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        int maxLength = Options.MaxLength;
        int[] ids = ArrayPool<int>.Shared.Rent(maxLength);
        TokenOffset[] offsets = ArrayPool<TokenOffset>.Shared.Rent(maxLength);
        try
        {
            int count = EncodeCore(text, textPair, textPair is not null, maxLength, ids, offsets, out int firstSegment);
            var typeIds = new int[count];
            typeIds.AsSpan(firstSegment).Fill(1);
            return new WordPieceEncoding(ids[..count], typeIds, offsets[..count]);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(ids);
            ArrayPool<TokenOffset>.Shared.Return(offsets);
        }
    }

    [SkipLocalsInit]
    private int EncodeRow(ReadOnlySpan<char> text, ReadOnlySpan<char> textPair, bool isPair, Span<long> inputIds,
        Span<long> attentionMask, Span<long> tokenTypeIds, Span<TokenOffset> offsets)
    {
        int row = inputIds.Length;
        if (attentionMask.Length < row)
        {
            throw new ArgumentException("attentionMask is shorter than inputIds.", nameof(attentionMask));
        }

        if (!tokenTypeIds.IsEmpty && tokenTypeIds.Length < row)
        {
            throw new ArgumentException("tokenTypeIds is shorter than inputIds.", nameof(tokenTypeIds));
        }

        if (!offsets.IsEmpty && offsets.Length < row)
        {
            throw new ArgumentException("offsets is shorter than inputIds.", nameof(offsets));
        }

        int maxLength = Math.Min(Options.MaxLength, row);
        int specials = isPair ? PairSpecialCount : 2;
        if (maxLength < specials)
        {
            throw new ArgumentException($"inputIds has room for {row} tokens; the special tokens alone need {specials}.", nameof(inputIds));
        }

        int[]? rentedIds = null;
        TokenOffset[]? rentedOffsets = null;
        Span<int> ids = maxLength <= StackTokens ? stackalloc int[maxLength] : (rentedIds = ArrayPool<int>.Shared.Rent(maxLength));
        Span<TokenOffset> scratchOffsets = maxLength <= StackTokens
            ? stackalloc TokenOffset[maxLength]
            : (rentedOffsets = ArrayPool<TokenOffset>.Shared.Rent(maxLength));
        try
        {
            int count = EncodeCore(text, textPair, isPair, maxLength, ids, scratchOffsets, out int firstSegment);
            WriteRow(ids[..count], scratchOffsets[..count], firstSegment, inputIds, attentionMask, tokenTypeIds, offsets);
            return count;
        }
        finally
        {
            if (rentedIds is not null)
            {
                ArrayPool<int>.Shared.Return(rentedIds);
                ArrayPool<TokenOffset>.Shared.Return(rentedOffsets!);
            }
        }
    }

    // Writes one encoded row (and its padding up to inputIds.Length) in the long layout ONNX models take.
    private void WriteRow(ReadOnlySpan<int> ids, ReadOnlySpan<TokenOffset> tokenOffsets, int firstSegment,
        Span<long> inputIds, Span<long> attentionMask, Span<long> tokenTypeIds, Span<TokenOffset> offsets)
    {
        int count = ids.Length;
        int row = inputIds.Length;
        for (int i = 0; i < count; i++)
        {
            inputIds[i] = ids[i];
        }

        inputIds[count..].Fill(PaddingTokenId);
        attentionMask[..count].Fill(1);
        attentionMask[count..row].Clear();
        if (!tokenTypeIds.IsEmpty)
        {
            tokenTypeIds[..firstSegment].Clear();
            tokenTypeIds[firstSegment..count].Fill(1);
            tokenTypeIds[count..row].Clear();
        }

        if (!offsets.IsEmpty)
        {
            tokenOffsets.CopyTo(offsets);
            offsets[count..row].Clear();
        }
    }

    /// <summary>Encodes with special tokens and truncation into int scratch of at least <paramref name="maxLength"/>;
    /// returns the token count and, in <paramref name="firstSegment"/>, how many positions have token type 0.</summary>
    [SkipLocalsInit]
    internal int EncodeCore(ReadOnlySpan<char> text, ReadOnlySpan<char> textPair, bool isPair, int maxLength,
        Span<int> ids, Span<TokenOffset> offsets, out int firstSegment)
    {
        if (!isPair)
        {
            int n = Math.Min(Tokenize(text, ids[1..(maxLength - 1)], offsets[1..(maxLength - 1)], countAll: false), maxLength - 2);
            ids[0] = ClassificationTokenId;
            offsets[0] = default;
            ids[n + 1] = SeparatorTokenId;
            offsets[n + 1] = default;
            firstSegment = n + 2;
            return n + 2;
        }

        // A template this class cannot build (TextPairTemplate) is refused here, where every pair path passes.
        if (PairUnsupported is { } unsupported)
        {
            throw new NotSupportedException(unsupported);
        }

        // Hugging Face truncates the full encodings, so both lengths must be known exactly: count past the budget.
        int before = _pairBefore.Length;
        int between = _pairBetween.Length;
        int budget = maxLength - PairSpecialCount;
        if (budget < 0)
        {
            throw new ArgumentException($"A sequence of {maxLength} tokens cannot hold a pair's {PairSpecialCount} special tokens.");
        }

        int[]? rentedIds = null;
        TokenOffset[]? rentedOffsets = null;
        Span<int> secondIds = budget <= StackTokens ? stackalloc int[budget] : (rentedIds = ArrayPool<int>.Shared.Rent(budget));
        Span<TokenOffset> secondOffsets = budget <= StackTokens
            ? stackalloc TokenOffset[budget]
            : (rentedOffsets = ArrayPool<TokenOffset>.Shared.Rent(budget));
        try
        {
            int n1 = Tokenize(text, ids.Slice(before, budget), offsets.Slice(before, budget), countAll: true);
            int n2 = Tokenize(textPair, secondIds[..budget], secondOffsets[..budget], countAll: true);
            (int k1, int k2) = TruncateLongestFirst(n1, n2, budget);
            int position = WriteSpecials(_pairBefore, ids, offsets, 0);
            position = WriteSpecials(_pairBetween, ids, offsets, position + k1);
            secondIds[..k2].CopyTo(ids[position..]);
            secondOffsets[..k2].CopyTo(offsets[position..]);
            int count = WriteSpecials(_pairAfter, ids, offsets, position + k2);
            firstSegment = _pairSecondType switch
            {
                TemplatePart.BeforeFirst => _pairSecondTypeIndex,
                TemplatePart.First => before,
                TemplatePart.BetweenTexts => before + k1 + _pairSecondTypeIndex,
                TemplatePart.Second => before + k1 + between,
                TemplatePart.AfterSecond => before + k1 + between + k2 + _pairSecondTypeIndex,
                _ => count,
            };
            return count;
        }
        finally
        {
            if (rentedIds is not null)
            {
                ArrayPool<int>.Shared.Return(rentedIds);
                ArrayPool<TokenOffset>.Shared.Return(rentedOffsets!);
            }
        }
    }

    // Writes special tokens (offset (0, 0)) at position; returns the position after them.
    private static int WriteSpecials(int[] specials, Span<int> ids, Span<TokenOffset> offsets, int position)
    {
        foreach (int id in specials)
        {
            ids[position] = id;
            offsets[position++] = default;
        }

        return position;
    }

    /// <summary>Hugging Face's longest-first pair truncation, ported from tokenizers/src/tokenizer/mod.rs
    /// (<c>truncate_encodings</c> → the legacy algorithm it keeps verbatim): lengths to keep of each sequence.</summary>
    internal static (int First, int Second) TruncateLongestFirst(int n1, int n2, int budget)
    {
        if (n1 + n2 <= budget)
        {
            return (n1, n2);
        }

        bool swap = n1 > n2;
        int shorter = swap ? n2 : n1;
        int longer = swap ? n1 : n2;
        int keepShorter = shorter;
        int keepLonger = shorter > budget ? shorter : Math.Max(shorter, budget - shorter);
        if (keepShorter + keepLonger > budget)
        {
            keepShorter = budget / 2;
            keepLonger = keepShorter + (budget % 2);
        }

        keepShorter = Math.Min(shorter, keepShorter);
        keepLonger = Math.Min(longer, keepLonger);
        return swap ? (keepLonger, keepShorter) : (keepShorter, keepLonger);
    }

    /// <summary>Whether <paramref name="text"/> makes more tokens than <see cref="WordPieceOptions.MaxLength"/> holds with
    /// <c>[CLS]</c> and <c>[SEP]</c>, so an encoding of it is truncated. Stops one token past the budget.</summary>
    internal bool ExceedsMaxLength(ReadOnlySpan<char> text)
    {
        // One slot more than the budget: filling it means the text has more tokens than fit.
        int slots = Options.MaxLength - 1;
        int[] ids = ArrayPool<int>.Shared.Rent(slots);
        TokenOffset[] offsets = ArrayPool<TokenOffset>.Shared.Rent(slots);
        try
        {
            return Tokenize(text, ids.AsSpan(0, slots), offsets.AsSpan(0, slots), countAll: false) > slots - 1;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(ids);
            ArrayPool<TokenOffset>.Shared.Return(offsets);
        }
    }

    /// <summary>Tokenizes one text without special tokens into <paramref name="ids"/>/<paramref name="offsets"/>
    /// (stopping when they are full unless <paramref name="countAll"/>); returns the number of tokens.</summary>
    [SkipLocalsInit]
    internal int Tokenize(ReadOnlySpan<char> text, Span<int> ids, Span<TokenOffset> offsets, bool countAll)
    {
        int capacity = _model.WordCapacity;
        char[]? rentedChars = null;
        int[]? rentedInts = null;
        uint[]? rentedHashes = null;
        Span<char> word = capacity <= 512 ? stackalloc char[capacity] : (rentedChars = ArrayPool<char>.Shared.Rent(capacity));
        Span<int> ints = capacity <= 512 ? stackalloc int[capacity * 4] : (rentedInts = ArrayPool<int>.Shared.Rent(capacity * 4));
        Span<uint> hashes = capacity <= 512 ? stackalloc uint[capacity] : (rentedHashes = ArrayPool<uint>.Shared.Rent(capacity));
        try
        {
            var pieces = new WordPieceBuffers(ints.Slice(0, capacity), ints.Slice(capacity, capacity), hashes);
            var scanner = new WordPieceScanner(_model, text, word, ints.Slice(2 * capacity, capacity),
                ints.Slice(3 * capacity, capacity), pieces, new TokenSink(ids, offsets, countAll));
            return scanner.Run(_vectorized);
        }
        finally
        {
            if (rentedChars is not null)
            {
                ArrayPool<char>.Shared.Return(rentedChars);
                ArrayPool<int>.Shared.Return(rentedInts!);
                ArrayPool<uint>.Shared.Return(rentedHashes!);
            }
        }
    }
}
