namespace TextClassification.Tokenization;

public sealed partial class WordPieceTokenizer
{
    /// <summary>
    /// Encodes texts into one <c>[batch, sequence]</c> buffer: each row <c>[CLS] tokens [SEP]</c>, truncated to
    /// <see cref="WordPieceOptions.MaxLength"/> and padded to the longest row (or to
    /// <see cref="WordPieceOptions.PadToMaxLength"/>). Reuses <paramref name="batch"/>'s pooled arrays, so a steady
    /// stream of batches allocates nothing.
    /// </summary>
    /// <param name="texts">The texts, one per row.</param>
    /// <param name="batch">The buffer to fill (its previous contents are replaced).</param>
    /// <exception cref="ArgumentException">A text is null.</exception>
    public void EncodeBatch(ReadOnlySpan<string> texts, TokenBatch batch) => EncodeBatch(texts, default, isPair: false, batch);

    /// <summary>
    /// Encodes text pairs into one <c>[batch, sequence]</c> buffer: each row <c>[CLS] a [SEP] b [SEP]</c> (or as a
    /// <c>tokenizer.json</c> pair template says) with token type ids, truncated longest first to <see cref="WordPieceOptions.MaxLength"/> and padded like
    /// <see cref="EncodeBatch(ReadOnlySpan{string}, TokenBatch)"/>.
    /// </summary>
    /// <param name="texts">The first texts.</param>
    /// <param name="textPairs">The second texts, as many as <paramref name="texts"/>.</param>
    /// <param name="batch">The buffer to fill.</param>
    /// <exception cref="ArgumentException">The two lists differ in length, or a text is null.</exception>
    /// <exception cref="NotSupportedException">The tokenizer.json's pair template is not one this class builds.</exception>
    public void EncodeBatch(ReadOnlySpan<string> texts, ReadOnlySpan<string> textPairs, TokenBatch batch)
    {
        if (texts.Length != textPairs.Length)
        {
            throw new ArgumentException($"{texts.Length} texts but {textPairs.Length} text pairs.", nameof(textPairs));
        }

        EncodeBatch(texts, textPairs, isPair: true, batch);
    }

    private void EncodeBatch(ReadOnlySpan<string> texts, ReadOnlySpan<string> textPairs, bool isPair, TokenBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int maxLength = Options.MaxLength;
        batch.EnsureScratch(texts.Length, maxLength);
        Span<int> ids = batch.ScratchIds;
        Span<TokenOffset> offsets = batch.ScratchOffsets;
        Span<int> lengths = batch.Lengths;
        Span<int> firstSegments = batch.FirstSegments;
        int longest = 0;
        for (int row = 0; row < texts.Length; row++)
        {
            string text = texts[row] ?? throw new ArgumentException($"Text {row} is null.", nameof(texts));
            ReadOnlySpan<char> pair = default;
            if (isPair)
            {
                pair = textPairs[row] ?? throw new ArgumentException($"Text pair {row} is null.", nameof(textPairs));
            }

            int count = EncodeCore(text, pair, isPair, maxLength, ids.Slice(row * maxLength, maxLength),
                offsets.Slice(row * maxLength, maxLength), out firstSegments[row]);
            lengths[row] = count;
            longest = Math.Max(longest, count);
        }

        int sequenceLength = Options.PadToMaxLength ? maxLength : longest;
        batch.Layout(texts.Length, sequenceLength);
        Span<long> inputIds = batch.InputIdsArray;
        Span<long> mask = batch.AttentionMaskArray;
        Span<long> types = batch.TokenTypeIdsArray;
        Span<TokenOffset> rowOffsets = batch.OffsetsArray;
        for (int row = 0; row < texts.Length; row++)
        {
            int count = lengths[row];
            Range target = new(row * sequenceLength, (row + 1) * sequenceLength);
            WriteRow(ids.Slice(row * maxLength, count), offsets.Slice(row * maxLength, count), firstSegments[row],
                inputIds[target], mask[target], types[target], rowOffsets[target]);
        }
    }
}
