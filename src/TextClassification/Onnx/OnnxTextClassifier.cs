using System.Text.Json;
using TextClassification.Bundles;
using TextClassification.Tokenization;

namespace TextClassification.Onnx;

/// <summary>
/// A Hugging Face sequence-classification model exported to ONNX (a folder with <c>model.onnx</c> giving
/// <c>logits</c>, <c>config.json</c> with <c>id2label</c>/<c>problem_type</c>, and <c>tokenizer.json</c> or
/// <c>vocab.txt</c>): our WordPiece tokenizer → ONNX Runtime → softmax (single-label) or sigmoid
/// (multi-label). Batches are padded to their longest text; long texts are truncated or classified in sliding
/// windows. Immutable once created and thread-safe; <see cref="Dispose"/> releases the native session.
/// </summary>
public sealed partial class OnnxTextClassifier : ITextClassifier, IDisposable
{
    /// <summary>File name of the graph inside an export folder.</summary>
    public const string ModelFileName = "model.onnx";

    private readonly string[] _labels;
    private readonly OnnxModel _model;
    private readonly int _stride;
    private readonly OnnxTextClassifierOptions _options;

    // Multi-label only: every label's threshold (Options.MultiLabelThreshold), so predictions list every label above it.
    private readonly float[]? _thresholds;

    // Read-only views for Labels and every Prediction (the arrays themselves could be cast back and changed).
    private readonly System.Collections.ObjectModel.ReadOnlyCollection<string> _labelView;
    private readonly System.Collections.ObjectModel.ReadOnlyCollection<float>? _thresholdView;

    private OnnxTextClassifier(string[] labels, bool multiLabel, WordPieceTokenizer tokenizer, OnnxModel model, OnnxTextClassifierOptions options, int stride)
    {
        _labels = labels;
        _model = model;
        _stride = stride;
        IsMultiLabel = multiLabel;
        _thresholds = multiLabel ? Enumerable.Repeat(options.MultiLabelThreshold, labels.Length).ToArray() : null;
        _labelView = Array.AsReadOnly(_labels);
        _thresholdView = _thresholds is null ? null : Array.AsReadOnly(_thresholds);
        Tokenizer = tokenizer;
        _options = options;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Labels => _labelView;

    /// <summary>True when <c>problem_type</c> is <c>multi_label_classification</c>: each label's score is an
    /// independent sigmoid probability (they need not sum to 1).</summary>
    public bool IsMultiLabel { get; }

    /// <summary>The tokenizer (its <see cref="WordPieceOptions.MaxLength"/> is the sequence length used).</summary>
    public WordPieceTokenizer Tokenizer { get; }

    /// <summary>A copy of the settings it was created with (changing it changes nothing).</summary>
    public OnnxTextClassifierOptions Options => _options.Snapshot();

    /// <summary>True when <paramref name="folder"/> looks like a Hugging Face export (<c>config.json</c> and
    /// <c>model.onnx</c>).</summary>
    /// <param name="folder">A folder path.</param>
    /// <returns>Whether both files exist.</returns>
    public static bool IsExportFolder(string folder) =>
        File.Exists(Path.Combine(folder, HuggingFaceConfig.FileName)) && File.Exists(Path.Combine(folder, ModelFileName));

    /// <summary>Loads a Hugging Face export folder.</summary>
    /// <param name="folder">The folder holding <c>model.onnx</c>, <c>config.json</c> and <c>tokenizer.json</c> or <c>vocab.txt</c>.</param>
    /// <param name="options">Settings; null for defaults.</param>
    /// <returns>The classifier.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="folder"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="folder"/> is empty or white space.</exception>
    /// <exception cref="BundleFormatException">A file is missing or invalid, or the graph is not a classifier.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range, or <c>MaxLength</c> exceeds the model's <c>max_position_embeddings</c>.</exception>
    public static OnnxTextClassifier Create(string folder, OnnxTextClassifierOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        // A copy: the classifier is immutable, so a caller changing its options object afterwards changes nothing.
        options = options?.Snapshot() ?? new OnnxTextClassifierOptions();
        options.Validate(nameof(options));

        folder = Path.GetFullPath(folder);
        string configPath = Path.Combine(folder, HuggingFaceConfig.FileName);
        string modelPath = Path.Combine(folder, ModelFileName);
        if (!File.Exists(configPath) || !File.Exists(modelPath))
        {
            throw new BundleFormatException(folder, $"a Hugging Face export needs {HuggingFaceConfig.FileName} and {ModelFileName}.");
        }

        HuggingFaceConfig config = HuggingFaceConfig.Read(configPath);
        string[] labels = config.LabelsInIdOrder(configPath);
        CheckMaxLength(options.MaxLength, config.MaxPositionEmbeddings, configPath, nameof(options));
        OnnxModel model = OpenModel(modelPath, options.Session, ["logits"],
            " A graph that gives token or sentence vectors (a feature-extraction export) is an encoder: train a classifier head on it (textclf train <data> --encoder <folder>, or EncoderHeadTrainer).");
        try
        {
            if (model.OutputRank != 2 || model.OutputWidth != labels.Length)
            {
                string shape = model.OutputRank == 2 ? $"[batch, {model.OutputWidth}]" : $"[batch, sequence, {model.OutputWidth}]";
                throw new BundleFormatException(modelPath, config.NamesLabels
                    ? $"'logits' is {shape}; it must be [batch, {labels.Length}] to match the {labels.Length} labels of id2label in {configPath}."
                    : config.LabelCount is { } count and not 2
                        ? $"'logits' is {shape}; {configPath} names no labels (neither id2label nor label2id), only num_labels {count} (LABEL_0 to LABEL_{count - 1} in transformers), which this library does not take as labels: add the model's id2label to it."
                        : $"'logits' is {shape}; {configPath} names no labels (neither id2label nor label2id), which transformers reads as its default two, LABEL_0 and LABEL_1: add the model's id2label to it.");
            }

            WordPieceTokenizer tokenizer = LoadTokenizer(folder, options.MaxLength, config.MaxPositionEmbeddings, config.VocabSize, model, nameof(options), config.HasRelativePositions);
            int content = tokenizer.Options.MaxLength - 2;
            int stride = 0;
            if (options.LongText == LongTextStrategy.SlidingWindow)
            {
                stride = options.Stride ?? Math.Max(1, content / 2);
                if (stride < 1 || stride > content)
                {
                    // The bound depends on the export: say where it comes from.
                    throw new ArgumentOutOfRangeException(
                        nameof(options), stride,
                        $"{nameof(OnnxTextClassifierOptions.Stride)} must be from 1 to {content}: a window holds {tokenizer.Options.MaxLength} tokens " +
                        $"({(options.MaxLength is null ? "the export's own limit, as MaxLength was not set" : nameof(OnnxTextClassifierOptions.MaxLength))}), less [CLS] and [SEP].");
                }
            }

            return new OnnxTextClassifier(labels, config.IsMultiLabel, tokenizer, model, options, stride);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Opens the graph; a graph ONNX Runtime cannot load, or whose inputs or outputs do not fit, is reported
    /// as a <see cref="BundleFormatException"/> naming the file.</summary>
    internal static OnnxModel OpenModel(string modelPath, OnnxSessionOptions session, string[] outputs, string? noOutputHint = null)
    {
        try
        {
            return OnnxModel.Create(modelPath, session, outputs);
        }
        catch (Exception ex) when (ex is InvalidDataException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            string message = ex.Message;
            if (noOutputHint is not null && ex is InvalidDataException && message.StartsWith("the graph has none of the outputs", StringComparison.Ordinal))
            {
                message += noOutputHint;
            }

            if (ex is Microsoft.ML.OnnxRuntime.OnnxRuntimeException && IsGitLfsPointer(modelPath))
            {
                message = "the file is a Git LFS pointer, not the model: fetch it with 'git lfs pull' (or download the file itself).";
            }
            else if (ex is Microsoft.ML.OnnxRuntime.OnnxRuntimeException && LfsPointerDataFile(modelPath) is { } pointer)
            {
                // ONNX Runtime only says the weights are "out of bounds" of a short file.
                throw new BundleFormatException(pointer, $"the file is a Git LFS pointer, not the weights {modelPath} keeps there: fetch it with 'git lfs pull' (or download the file itself).", ex);
            }

            throw new BundleFormatException(modelPath, message, ex);
        }
    }

    // The first external data file of the graph (model.onnx_data) that is a Git LFS pointer, or null; only files
    // inside the graph's folder, as OnnxExternalData reads them.
    private static string? LfsPointerDataFile(string modelPath)
    {
        IReadOnlyList<string> locations;
        try
        {
            locations = OnnxExternalData.Locations(modelPath);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            return null;
        }

        string folder = Path.GetDirectoryName(modelPath)!;
        foreach (string location in locations)
        {
            string path = Path.GetFullPath(Path.Combine(folder, location));
            if (path.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal) && IsGitLfsPointer(path))
            {
                return path;
            }
        }

        return null;
    }

    // A Git LFS pointer is a short text file starting "version https://git-lfs.github.com/spec/v1".
    private static bool IsGitLfsPointer(string path)
    {
        try
        {
            // Measured through a symbolic link (a FileInfo of a link has the link's own length, and a linked
            // multi-gigabyte graph was read whole as text here).
            FileInfo info = FileTarget.Of(path);
            if (!info.Exists || info.Length > 1024)
            {
                return false;
            }

            return File.ReadAllText(path).StartsWith("version https://git-lfs.github.com/spec/", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Releases the ONNX Runtime session.</summary>
    public void Dispose() => _model.Dispose();

    /// <summary>Refuses a caller's MaxLength under 3 or past the model's position table, before the graph is opened.</summary>
    internal static void CheckMaxLength(int? requested, int? positions, string configPath, string optionsName)
    {
        if (requested is { } asked)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(asked, 3, optionsName);
            HuggingFaceConfig.RequireWithinPositions(asked, positions, configPath, optionsName);
        }
    }

    // A vocab.txt export's added tokens (tokenizer_config.json's added_tokens_decoder, added_tokens.json) are matched as
    // tokenizer.json's are; they were ignored, so "[USER]" became "[ user ]".
    internal static WordPieceTokenizer LoadVocabularyWithAddedTokens(string folder, string vocab, WordPieceOptions options, JsonElement? tokenizerConfig)
    {
        List<AddedToken> added = ExportAddedTokens.Read(folder, tokenizerConfig);
        if (added.Count == 0)
        {
            return WordPieceTokenizer.Create(vocab, options);
        }

        List<KeyValuePair<string, int>> entries = WordPieceVocabulary.ReadEntries(vocab);
        int vocabularyEntries = entries.Count;
        WordPieceOptions withAdded = AddedTokens.Apply(
            added, options, entries, reason => new InvalidDataException($"{reason} (listed by {TokenizerConfig.FileName}'s added_tokens_decoder or by {ExportAddedTokens.LegacyFileName})."));

        // The named special tokens stay matched when the files list only the new ones (a legacy added_tokens.json).
        var specials = new List<string>(withAdded.SpecialTokens);
        foreach (string token in options.SpecialTokens)
        {
            if (!specials.Contains(token) && !withAdded.NormalizedTokens.Contains(token))
            {
                specials.Add(token);
            }
        }

        // transformers 4.34+ lists the standard special tokens in added_tokens_decoder of every export. Where the files
        // add nothing to what vocab.txt alone gives, the tokenizer is built exactly as before, so the encoder's
        // fingerprint (which reads the options) stays the same and bundles trained on it still load.
        if (entries.Count == vocabularyEntries && withAdded.NormalizedTokens.Count == 0 && specials.Count == options.SpecialTokens.Count)
        {
            return WordPieceTokenizer.Create(vocab, options);
        }

        return WordPieceTokenizer.Create(WordPieceVocabulary.Create(entries), withAdded with { SpecialTokens = specials });
    }

    /// <summary>Loads the folder's tokenizer (tokenizer.json before vocab.txt) with its sequence length: a graph with a
    /// fixed sequence axis decides it (and every batch is padded to it); else <paramref name="requested"/> (the
    /// caller's MaxLength) wins, then tokenizer.json's own truncation length, then 512 — never past the model's
    /// <c>max_position_embeddings</c> nor, unless requested, past tokenizer_config.json's <c>model_max_length</c> (<paramref name="requested"/> is checked against it by <see cref="CheckMaxLength"/>
    /// before the graph is opened).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="requested"/> differs from the graph's fixed sequence
    /// length (named <paramref name="optionsName"/>, the caller's options argument).</exception>
    /// <exception cref="BundleFormatException">The tokenizer files are invalid, or give more ids than <paramref name="vocabularySize"/>
    /// (config.json's <c>vocab_size</c>, the rows of the model's embedding table).</exception>
    internal static WordPieceTokenizer LoadTokenizer(string folder, int? requested, int? positions, int? vocabularySize, OnnxModel model, string optionsName, bool relativePositions = false)
    {
        if (model.FixedSequenceLength is { } fixedLength && requested is { } other && other != fixedLength)
        {
            throw new ArgumentOutOfRangeException(optionsName, other, $"MaxLength {other} differs from the {fixedLength} tokens the graph in {folder} was exported for (its sequence axis is fixed); leave MaxLength unset or re-export with a dynamic axis.");
        }

        if (model.FixedSequenceLength is { } fixedAxis && positions is { } table && fixedAxis > table && !relativePositions)
        {
            // Every batch is padded to the fixed length, so every text, however short, would fail inside ONNX Runtime
            // with a broadcast error naming neither file. (Not for relative positions, DeBERTa's, which have no table
            // to run past: a review.)
            throw new BundleFormatException(
                Path.Combine(folder, OnnxTextClassifier.ModelFileName),
                $"its sequence axis is fixed at {fixedAxis} tokens, but max_position_embeddings in {Path.Combine(folder, HuggingFaceConfig.FileName)} is {table}: " +
                "the model has no positions for the rest, so every text would fail. Re-export with a dynamic sequence axis (or at most that many tokens), or correct config.json.");
        }

        int limit = Math.Min(512, positions ?? 512);
        using JsonDocument? config = TokenizerConfig.Read(folder);
        if (config is not null && TokenizerConfig.ModelMaxLength(config.RootElement) is { } modelMaxLength)
        {
            // transformers truncates to model_max_length (truncation=True), which may be below the position table.
            limit = Math.Min(limit, modelMaxLength);
        }

        string json = Path.Combine(folder, "tokenizer.json");
        string vocab = Path.Combine(folder, "vocab.txt");
        try
        {
            WordPieceTokenizer loaded;
            if (File.Exists(json))
            {
                loaded = WordPieceTokenizer.CreateFromTokenizerJson(json, new WordPieceOptions { MaxLength = limit });
                // transformers' BertTokenizerFast rebuilds the normalizer where tokenizer_config.json's do_lower_case
                // (and the other two) differ from tokenizer.json's: a cased model saved with a stale tokenizer.json.
                // Only where they tokenize differently, so no other encoder's fingerprint moves.
                if (config is not null && TokenizerConfig.RebuildsBertNormalizer(config.RootElement))
                {
                    WordPieceOptions normalizer = TokenizerConfig.ApplyNormalizer(config.RootElement, Path.Combine(folder, TokenizerConfig.FileName), loaded.Options);
                    if (!TokenizerConfig.NormalizeAlike(normalizer, loaded.Options) && TokenizerConfig.HasBertNormalizer(json))
                    {
                        loaded = WordPieceTokenizer.Create(loaded.Vocabulary, normalizer);
                    }
                }
            }
            else if (File.Exists(vocab))
            {
                // Without tokenizer.json, transformers' BertTokenizer takes do_lower_case and the rest from
                // tokenizer_config.json: a cased model must not be lower-cased.
                var options = new WordPieceOptions { MaxLength = limit };
                options = config is null ? options : TokenizerConfig.Apply(config.RootElement, Path.Combine(folder, TokenizerConfig.FileName), options);
                options = TokenizerConfig.ApplySpecialTokensMap(folder, config?.RootElement, options);
                try
                {
                    loaded = LoadVocabularyWithAddedTokens(folder, vocab, options, config?.RootElement);
                }
                catch (ArgumentException ex) when (ex is not ArgumentOutOfRangeException && ex.Message.Contains("is not in the vocabulary", StringComparison.Ordinal))
                {
                    // Say where the missing name came from: it was bert-base-uncased's default even where a map named others.
                    string message = ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", "", StringComparison.Ordinal);
                    throw new InvalidDataException($"{message} {TokenizerConfig.SpecialTokenNamesSource}", ex);
                }
            }
            else
            {
                throw new BundleFormatException(folder, "a Hugging Face export needs tokenizer.json or vocab.txt.");
            }

            // tokenizer.json may carry its own truncation length (saved tokenizer state); the caller's MaxLength
            // overrides it, as transformers' own max_length argument does, and the position table is the hard limit.
            // The ids the tokenizer can give: a blank last line of vocab.txt is an entry WordPiece never emits.
            int ids = loaded.Vocabulary.Count;
            while (ids > 0 && string.IsNullOrEmpty(loaded.Vocabulary.TryGetToken(ids - 1)))
            {
                ids--;
            }

            if (vocabularySize is { } rows && ids > rows)
            {
                // The graph's embedding table has no row for the higher ids: the first text holding such a token failed
                // inside ONNX Runtime ("Gather … idx=7592 out of bounds"), naming neither the folder nor the text.
                throw new BundleFormatException(
                    File.Exists(json) ? json : vocab,
                    $"the tokenizer has {ids} ids, but vocab_size in {Path.Combine(folder, HuggingFaceConfig.FileName)} is {rows}: the model has no embedding for ids {rows} and up. Is the tokenizer from another model?");
            }

            int maxLength = model.FixedSequenceLength ?? requested ?? Math.Min(loaded.Options.MaxLength, limit);
            bool pad = model.FixedSequenceLength is not null;
            return maxLength == loaded.Options.MaxLength && pad == loaded.Options.PadToMaxLength
                ? loaded
                : WordPieceTokenizer.Create(loaded.Vocabulary, loaded.Options with { MaxLength = maxLength, PadToMaxLength = pad });
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException and not ArgumentOutOfRangeException)
        {
            throw new BundleFormatException(File.Exists(json) ? json : vocab, ex.Message, ex);
        }
    }
}
