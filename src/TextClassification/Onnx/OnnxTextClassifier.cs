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

    // Multi-label only: every label's threshold (Options.MultiLabelThreshold), so predictions list every label above it.
    private readonly float[]? _thresholds;

    private OnnxTextClassifier(string[] labels, bool multiLabel, WordPieceTokenizer tokenizer, OnnxModel model, OnnxTextClassifierOptions options, int stride)
    {
        _labels = labels;
        _model = model;
        _stride = stride;
        IsMultiLabel = multiLabel;
        _thresholds = multiLabel ? Enumerable.Repeat(options.MultiLabelThreshold, labels.Length).ToArray() : null;
        Tokenizer = tokenizer;
        Options = options;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Labels => _labels;

    /// <summary>True when <c>problem_type</c> is <c>multi_label_classification</c>: each label's score is an
    /// independent sigmoid probability (they need not sum to 1).</summary>
    public bool IsMultiLabel { get; }

    /// <summary>The tokenizer (its <see cref="WordPieceOptions.MaxLength"/> is the sequence length used).</summary>
    public WordPieceTokenizer Tokenizer { get; }

    /// <summary>The settings it was created with.</summary>
    public OnnxTextClassifierOptions Options { get; }

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
    /// <exception cref="BundleFormatException">A file is missing or invalid, or the graph is not a classifier.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range, or <c>MaxLength</c> exceeds the model's <c>max_position_embeddings</c>.</exception>
    public static OnnxTextClassifier Create(string folder, OnnxTextClassifierOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        options ??= new OnnxTextClassifierOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchSize, 1);
        if (!(options.MultiLabelThreshold > 0 && options.MultiLabelThreshold <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MultiLabelThreshold, "MultiLabelThreshold must be in (0, 1].");
        }

        folder = Path.GetFullPath(folder);
        string configPath = Path.Combine(folder, HuggingFaceConfig.FileName);
        string modelPath = Path.Combine(folder, ModelFileName);
        if (!File.Exists(configPath) || !File.Exists(modelPath))
        {
            throw new BundleFormatException(folder, $"a Hugging Face export needs {HuggingFaceConfig.FileName} and {ModelFileName}.");
        }

        HuggingFaceConfig config = HuggingFaceConfig.Read(configPath);
        string[] labels = config.LabelsInIdOrder(configPath);
        int maxLength = options.MaxLength ?? Math.Min(512, config.MaxPositionEmbeddings ?? 512);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 3);
        HuggingFaceConfig.RequireWithinPositions(maxLength, config.MaxPositionEmbeddings, configPath, nameof(options));
        WordPieceTokenizer tokenizer = LoadTokenizer(folder, maxLength);
        int content = tokenizer.Options.MaxLength - 2;
        int stride = 0;
        if (options.LongText == LongTextStrategy.SlidingWindow)
        {
            stride = options.Stride ?? Math.Max(1, content / 2);
            ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(stride, content);
        }

        OnnxModel model;
        try
        {
            model = OnnxModel.Create(modelPath, options.Session, ["logits"]);
        }
        catch (Exception ex) when (ex is InvalidDataException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            throw new BundleFormatException(modelPath, ex.Message, ex);
        }

        if (model.OutputRank != 2 || model.OutputWidth != labels.Length)
        {
            model.Dispose();
            throw new BundleFormatException(modelPath, $"'logits' must be [batch, {labels.Length}] to match id2label.");
        }

        return new OnnxTextClassifier(labels, config.IsMultiLabel, tokenizer, model, options, stride);
    }

    /// <summary>Releases the ONNX Runtime session.</summary>
    public void Dispose() => _model.Dispose();

    internal static WordPieceTokenizer LoadTokenizer(string folder, int maxLength)
    {
        var options = new WordPieceOptions { MaxLength = maxLength };
        string json = Path.Combine(folder, "tokenizer.json");
        string vocab = Path.Combine(folder, "vocab.txt");
        try
        {
            if (File.Exists(json))
            {
                WordPieceTokenizer fromJson = WordPieceTokenizer.CreateFromTokenizerJson(json, options);
                // tokenizer.json may carry its own truncation length; the model's position table is the hard limit.
                return fromJson.Options.MaxLength <= maxLength
                    ? fromJson
                    : WordPieceTokenizer.Create(fromJson.Vocabulary, fromJson.Options with { MaxLength = maxLength });
            }

            if (File.Exists(vocab))
            {
                return WordPieceTokenizer.Create(vocab, options);
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException)
        {
            throw new BundleFormatException(File.Exists(json) ? json : vocab, ex.Message, ex);
        }

        throw new BundleFormatException(folder, "a Hugging Face export needs tokenizer.json or vocab.txt.");
    }
}
