namespace TextClassification.Tokenization;

/// <summary>
/// BERT tokenization with Hugging Face's semantics (BertNormalizer → BertPreTokenizer → WordPiece → <c>[CLS] a [SEP]
/// b [SEP]</c>): text in, input ids, attention mask, token type ids and offsets out, into caller-owned spans or a
/// pooled <see cref="TokenBatch"/>. Immutable after creation and safe to share between threads; the encode methods
/// allocate nothing.
/// </summary>
/// <remarks>
/// Effectively computes what Hugging Face <c>tokenizers</c> does for a WordPiece <c>tokenizer.json</c> with
/// truncation to <see cref="WordPieceOptions.MaxLength"/> (longest first), on the text as UTF-16, with offsets in
/// chars of the original string. Lone surrogates read as U+FFFD (removed by clean-up). See docs/design.md for where
/// Microsoft.ML.Tokenizers' <c>BertTokenizer</c> differs.
/// </remarks>
public sealed partial class WordPieceTokenizer
{
    private readonly WordPieceModel _model;
    private readonly bool _vectorized;

    private WordPieceTokenizer(WordPieceVocabulary vocabulary, WordPieceOptions options, WordPieceModel model, bool vectorized)
    {
        Vocabulary = vocabulary;
        Options = options;
        _model = model;
        _vectorized = vectorized;
        ClassificationTokenId = RequireId(vocabulary, options.ClassificationToken, nameof(options.ClassificationToken));
        SeparatorTokenId = RequireId(vocabulary, options.SeparatorToken, nameof(options.SeparatorToken));
        PaddingTokenId = RequireId(vocabulary, options.PaddingToken, nameof(options.PaddingToken));
        TextPairTemplate? template = options.PairTemplate;
        if (template is null)
        {
            _pairBefore = [ClassificationTokenId];
            _pairBetween = [SeparatorTokenId];
            _pairAfter = [SeparatorTokenId];
            _pairSecondType = TemplatePart.Second;
        }
        else if ((PairUnsupported = template.Unsupported ?? MissingPairToken(vocabulary, template)) is not null)
        {
            // Pairs are refused (EncodeCore); single texts must not fail on the template's tokens, a special token of
            // the pair template missing from the vocabulary included (a review: it had refused the whole tokenizer).
            _pairBefore = _pairBetween = _pairAfter = [];
            _pairSecondType = TemplatePart.None;
        }
        else
        {
            _pairBefore = PairIds(vocabulary, template.BeforeFirst);
            _pairBetween = PairIds(vocabulary, template.BetweenTexts);
            _pairAfter = PairIds(vocabulary, template.AfterSecond);
            _pairSecondType = template.SecondType;
            _pairSecondTypeIndex = template.SecondTypeIndex;
        }
    }

    // The pair layout (TextPairTemplate; BERT's when the options have none), resolved to ids once.
    private readonly int[] _pairBefore;
    private readonly int[] _pairBetween;
    private readonly int[] _pairAfter;
    private readonly TemplatePart _pairSecondType;
    private readonly int _pairSecondTypeIndex;

    private int PairSpecialCount => _pairBefore.Length + _pairBetween.Length + _pairAfter.Length;

    /// <summary>Why text pairs cannot be encoded (a pair template of a form not built, or one whose special token is not
    /// in the vocabulary), or null when they can; single texts encode either way.</summary>
    internal string? PairUnsupported { get; }

    // The reason a pair template's special token is missing from the vocabulary, or null.
    private static string? MissingPairToken(WordPieceVocabulary vocabulary, TextPairTemplate template)
    {
        foreach (string[] tokens in (ReadOnlySpan<string[]>)[template.BeforeFirst, template.BetweenTexts, template.AfterSecond])
        {
            foreach (string token in tokens)
            {
                if (!vocabulary.TryGetId(token, out _))
                {
                    return $"The tokenizer.json pair template '{template.Text}' names the special token '{token}', which is not in the vocabulary: text pairs cannot be encoded (single texts can).";
                }
            }
        }

        return null;
    }

    private static int[] PairIds(WordPieceVocabulary vocabulary, string[] tokens) =>
        Array.ConvertAll(tokens, token => RequireId(vocabulary, token, "pair template's special token"));

    /// <summary>The vocabulary.</summary>
    public WordPieceVocabulary Vocabulary { get; }

    /// <summary>The settings.</summary>
    public WordPieceOptions Options { get; }

    /// <summary>Id of <see cref="WordPieceOptions.ClassificationToken"/>.</summary>
    public int ClassificationTokenId { get; }

    /// <summary>Id of <see cref="WordPieceOptions.SeparatorToken"/>.</summary>
    public int SeparatorTokenId { get; }

    /// <summary>Id of <see cref="WordPieceOptions.PaddingToken"/>.</summary>
    public int PaddingTokenId { get; }

    /// <summary>Id of <see cref="WordPieceOptions.UnknownToken"/>.</summary>
    public int UnknownTokenId => _model.UnknownId;

    /// <summary>Creates a tokenizer from a BERT <c>vocab.txt</c>.</summary>
    /// <param name="vocabPath">Path of the vocabulary file.</param>
    /// <param name="options">Settings; null for <c>bert-base-uncased</c>'s.</param>
    /// <returns>The tokenizer.</returns>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="InvalidDataException">The file holds no token.</exception>
    /// <exception cref="ArgumentException">A special token is missing from the vocabulary, or an option is out of range.</exception>
    public static WordPieceTokenizer Create(string vocabPath, WordPieceOptions? options = null) =>
        Create(WordPieceVocabulary.Create(vocabPath), options);

    /// <summary>Creates a tokenizer from a BERT <c>vocab.txt</c> stream.</summary>
    /// <param name="vocab">The vocabulary stream (UTF-8), read to its end and left open.</param>
    /// <param name="options">Settings; null for <c>bert-base-uncased</c>'s.</param>
    /// <returns>The tokenizer.</returns>
    /// <exception cref="InvalidDataException">The stream holds no token.</exception>
    /// <exception cref="ArgumentException">A special token is missing from the vocabulary, or an option is out of range.</exception>
    public static WordPieceTokenizer Create(Stream vocab, WordPieceOptions? options = null) =>
        Create(WordPieceVocabulary.Create(vocab), options);

    /// <summary>Creates a tokenizer over a vocabulary.</summary>
    /// <param name="vocabulary">The vocabulary.</param>
    /// <param name="options">Settings; null for <c>bert-base-uncased</c>'s.</param>
    /// <returns>The tokenizer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="vocabulary"/> is null.</exception>
    /// <exception cref="ArgumentException">A special token is missing from the vocabulary, or an option is out of range.</exception>
    public static WordPieceTokenizer Create(WordPieceVocabulary vocabulary, WordPieceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        options ??= new WordPieceOptions();
        Validate(options);
        return new WordPieceTokenizer(vocabulary, options, new WordPieceModel(vocabulary, options), vectorized: true);
    }

    /// <summary>Creates a tokenizer from a Hugging Face <c>tokenizer.json</c> with a WordPiece model: the vocabulary,
    /// the BertNormalizer switches, the unknown token, continuation prefix, max input chars per word, the special
    /// tokens of the post-processor and the truncation length.</summary>
    /// <param name="path">Path of the <c>tokenizer.json</c>.</param>
    /// <param name="options">Overrides for what the file does not say (the file wins where it does); null for defaults.
    /// No special tokens are matched in the text beyond the file's <c>added_tokens</c> unless
    /// <see cref="WordPieceOptions.SpecialTokens"/> is set here.</param>
    /// <returns>The tokenizer.</returns>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="InvalidDataException">The file is not a WordPiece tokenizer this class can reproduce.</exception>
    public static WordPieceTokenizer CreateFromTokenizerJson(string path, WordPieceOptions? options = null)
    {
        using FileStream stream = File.OpenRead(path);
        return CreateFromTokenizerJson(stream, options);
    }

    /// <summary>Creates a tokenizer from a Hugging Face <c>tokenizer.json</c> stream (see
    /// <see cref="CreateFromTokenizerJson(string, WordPieceOptions?)"/>).</summary>
    /// <param name="stream">The JSON stream, read to its end and left open.</param>
    /// <param name="options">Overrides for what the file does not say; null for defaults.</param>
    /// <returns>The tokenizer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="InvalidDataException">The file is not a WordPiece tokenizer this class can reproduce.</exception>
    public static WordPieceTokenizer CreateFromTokenizerJson(Stream stream, WordPieceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        // The tokens matched in the text are the file's added tokens: none where it lists none, as in Hugging Face (BERT's
        // five had been matched then); SpecialTokens a caller set stand for what the file does not say, but options given
        // for something else (MaxLength) leave none matched, as no options do (BERT's five had been, review 50d).
        WordPieceOptions defaults = options is { SpecialTokensSet: true } ? options : (options ?? new WordPieceOptions()) with { SpecialTokens = [] };
        (WordPieceVocabulary vocabulary, WordPieceOptions read) = TokenizerJsonReader.Read(stream, defaults);
        try
        {
            return Create(vocabulary, read);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"tokenizer.json: {e.Message}", e);
        }
    }

    /// <summary>The same tokenizer on the scalar reference path only (tests and benchmarks compare the two).</summary>
    internal WordPieceTokenizer AsScalarReference() => new(Vocabulary, Options, _model, vectorized: false);

    private static void Validate(WordPieceOptions options)
    {
        if (options.MaxLength < 3)
        {
            throw new ArgumentException($"MaxLength must be at least 3 (room for [CLS] a [SEP] b [SEP] framing), not {options.MaxLength}.", nameof(options));
        }

        if (options.MaxInputCharsPerWord < 1 || options.MaxInputCharsPerWord > 10_000)
        {
            throw new ArgumentException($"MaxInputCharsPerWord must be between 1 and 10000, not {options.MaxInputCharsPerWord}.", nameof(options));
        }

        if (string.IsNullOrEmpty(options.ContinuingSubwordPrefix))
        {
            throw new ArgumentException("ContinuingSubwordPrefix must not be empty.", nameof(options));
        }
    }

    private static int RequireId(WordPieceVocabulary vocabulary, string token, string option) =>
        vocabulary.TryGetId(token, out int id)
            ? id
            : throw new ArgumentException($"The {option} '{token}' is not in the vocabulary.", nameof(vocabulary));
}
