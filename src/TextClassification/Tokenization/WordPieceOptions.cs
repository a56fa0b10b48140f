namespace TextClassification.Tokenization;

/// <summary>
/// Settings of a <see cref="WordPieceTokenizer"/>: Hugging Face's BertNormalizer switches, the WordPiece model's
/// parameters, the special tokens and the sequence length. The defaults are <c>bert-base-uncased</c>'s.
/// </summary>
public sealed record WordPieceOptions
{
    // A collection expression, as the property's initializer was: OnnxSentenceEncoder's fingerprint prints the list's
    // type name, so a string[] here would move every default-options encoder's fingerprint.
    private static readonly IReadOnlyList<string> BertSpecialTokens = ["[UNK]", "[CLS]", "[SEP]", "[PAD]", "[MASK]"];

    private readonly IReadOnlyList<string>? _specialTokens;

    /// <summary>Lower-case the text (uncased models). Default true.</summary>
    public bool Lowercase { get; init; } = true;

    /// <summary>Strip accents (NFD, then drop non-spacing marks); null follows <see cref="Lowercase"/>, as in
    /// Hugging Face's BertNormalizer.</summary>
    public bool? StripAccents { get; init; }

    /// <summary>Remove NUL, U+FFFD and control/format/private-use/unassigned code points and treat white space as a
    /// space (clean_text). Default true.</summary>
    public bool CleanText { get; init; } = true;

    /// <summary>Make every CJK ideograph a word of its own (handle_chinese_chars). Default true.</summary>
    public bool HandleChineseCharacters { get; init; } = true;

    /// <summary>A word of more normalized code points than this becomes [UNK]. Default 100.</summary>
    public int MaxInputCharsPerWord { get; init; } = 100;

    /// <summary>Prefix of continuation pieces in the vocabulary. Default <c>##</c>.</summary>
    public string ContinuingSubwordPrefix { get; init; } = "##";

    /// <summary>Token for words that cannot be split into vocabulary pieces. Default <c>[UNK]</c>.</summary>
    public string UnknownToken { get; init; } = "[UNK]";

    /// <summary>First token of every sequence. Default <c>[CLS]</c>.</summary>
    public string ClassificationToken { get; init; } = "[CLS]";

    /// <summary>Token after each text. Default <c>[SEP]</c>.</summary>
    public string SeparatorToken { get; init; } = "[SEP]";

    /// <summary>Token that pads a batch row. Default <c>[PAD]</c>.</summary>
    public string PaddingToken { get; init; } = "[PAD]";

    /// <summary>The layout of a text pair read from a <c>tokenizer.json</c> <c>TemplateProcessing</c> post-processor;
    /// null for BERT's <c>[CLS] a [SEP] b [SEP]</c>. Internal: only the reader sets it, and it is not part of the
    /// printed settings that sentence-encoder fingerprints hash.</summary>
    internal TextPairTemplate? PairTemplate { get; init; }

    /// <summary>Tokens matched literally (case-sensitive, before normalization) in the input text and encoded as
    /// their own id, like Hugging Face's added special tokens. Only tokens in the vocabulary that start and end
    /// with ASCII punctuation take part. Default the five BERT special tokens.</summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    public IReadOnlyList<string> SpecialTokens
    {
        get => _specialTokens ?? BertSpecialTokens;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            _specialTokens = value;
        }
    }

    /// <summary>Whether the caller (or a reader) set <see cref="SpecialTokens"/>, rather than leaving BERT's five:
    /// <see cref="WordPieceTokenizer.CreateFromTokenizerJson(Stream, WordPieceOptions?)"/> matches a caller's list where
    /// the file lists no added tokens, and none where the caller left the default (as with no options at all).</summary>
    internal bool SpecialTokensSet => _specialTokens is not null;

    /// <summary>Tokens matched in the text as it reads after normalization and encoded as their own id, like Hugging
    /// Face's added tokens with <c>normalized: true</c> (what <c>tokenizer.add_tokens</c> makes): the token and the text
    /// are both normalized (clean-up's removals, accent stripping, lower-casing), so with <c>bert-base-uncased</c>'s
    /// settings <c>&lt;café&gt;</c> matches <c>&lt;CAFE&gt;</c>. The same shape rule as <see cref="SpecialTokens"/>.
    /// Default none.</summary>
    public IReadOnlyList<string> NormalizedTokens { get; init; } = [];

    /// <summary>Most tokens per encoded sequence, special tokens included; longer input is truncated (longest first
    /// for pairs). Default 512.</summary>
    public int MaxLength { get; init; } = 512;

    /// <summary>Pad every batch to <see cref="MaxLength"/> instead of to its longest row. Default false.</summary>
    public bool PadToMaxLength { get; init; }
}
