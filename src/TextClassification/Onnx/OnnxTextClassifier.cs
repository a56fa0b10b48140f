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
public sealed partial class OnnxTextClassifier : ITextClassifier, IBatchScorer, IDisposable
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
        string[] labels;
        try
        {
            labels = config.LabelsInIdOrder(configPath);
        }
        catch (BundleFormatException labelsError) when (!labelsError.Message.Contains("--encoder", StringComparison.Ordinal)
            && EncoderOutputs(modelPath, options.Session) is { } vectors)
        {
            // A feature-extraction export keeps its checkpoint's config.json, where one id2label entry (a cross-encoder's,
            // num_labels 1) was called a regression model, and --encoder, which takes the folder, was never named (review 54b).
            // A config that already says it looks like an encoder ('architectures') keeps its own words.
            throw new BundleFormatException(modelPath,
                $"the graph gives vectors (outputs: {string.Join(", ", vectors)}) and no 'logits', so the folder is an encoder (a feature-extraction export), not a classifier, whatever the labels of {configPath} say: train a classifier head on it (textclf train <data> --encoder <folder>, or EncoderHeadTrainer).",
                labelsError);
        }

        CheckMaxLength(options.MaxLength, config.MaxPositionEmbeddings, configPath, nameof(options));
        (int? positions, string? positionsSource) = OnnxPositionTable.Limit(
            config.MaxPositionEmbeddings, config.HasRelativePositions, options.MaxLength, modelPath, configPath, nameof(options));
        OnnxModel model = OpenModel(modelPath, options.Session, ["logits"], (OnnxSentenceEncoder.Outputs,
            " A graph that gives token or sentence vectors (a feature-extraction export) is an encoder: train a classifier head on it (textclf train <data> --encoder <folder>, or EncoderHeadTrainer)."));
        try
        {
            if (model.OutputRank != 2 || model.OutputWidth != labels.Length)
            {
                string shape = model.OutputRank == 2 ? $"[batch, {model.OutputWidth}]" : $"[batch, sequence, {model.OutputWidth}]";
                throw new BundleFormatException(modelPath, config.NamesLabels
                    ? $"'logits' is {shape}; it must be [batch, {labels.Length}] to match the {labels.Length} labels of id2label in {configPath}."
                    : config.LabelCount is { } count
                        ? $"'logits' is {shape}; {configPath} names no labels (neither id2label nor label2id), and transformers reads its num_labels {count} as {labels.Length} labels, LABEL_0 to LABEL_{labels.Length - 1}: correct num_labels or add the model's id2label to it."
                        : $"'logits' is {shape}; {configPath} names no labels (neither id2label nor label2id, nor num_labels), which transformers reads as its default two, LABEL_0 and LABEL_1: add the model's id2label to it.");
            }

            WordPieceTokenizer tokenizer = ExportTokenizer.Load(folder, options.MaxLength, positions, config.VocabSize, model, nameof(options), config.HasRelativePositions, positionsSource);
            int content = tokenizer.Options.MaxLength - 2;
            int stride = 0;
            if (options.LongText == LongTextStrategy.SlidingWindow)
            {
                stride = options.Stride ?? Math.Max(1, content / 2);
                if (stride < 1 || stride > content)
                {
                    // The bound depends on the export: say where it comes from.
                    throw StrideOutsideWindow(nameof(options), stride, tokenizer.Options.MaxLength, requested: options.MaxLength is not null);
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

    // The outputs of a graph that gives an encoder's vectors and no 'logits', or null for any other graph (or one that
    // does not open: the labels' own error stands). Asked only where config.json's labels are refused.
    private static string[]? EncoderOutputs(string modelPath, OnnxSessionOptions session)
    {
        try
        {
            OnnxModel.Create(modelPath, session, ["logits"]).Dispose();
            return null;
        }
        catch (InvalidDataException ex) when (ex.Data[OnnxModel.GraphOutputsKey] is string[] outputs
            && outputs.Intersect(OnnxSentenceEncoder.Outputs, StringComparer.Ordinal).Any())
        {
            return outputs;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            return null;
        }
    }

    /// <summary>Opens the graph; a graph ONNX Runtime cannot load, or whose inputs or outputs do not fit, is reported
    /// as a <see cref="BundleFormatException"/> naming the file.</summary>
    // otherKind's hint is added to the message where the graph has none of the outputs but one of otherKind's (an
    // encoder's vectors given as a classifier, a classifier's logits given as an encoder); not to a graph of other
    // outputs (start_logits, output_0), which it would misname (review 50f).
    internal static OnnxModel OpenModel(string modelPath, OnnxSessionOptions session, string[] outputs, (string[] Outputs, string Hint)? otherKind = null)
    {
        try
        {
            return OnnxModel.Create(modelPath, session, outputs);
        }
        catch (Exception ex) when (ex is InvalidDataException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            string message = ex.Message;
            if (otherKind is { } other && ex.Data[OnnxModel.GraphOutputsKey] is string[] graphOutputs && graphOutputs.Intersect(other.Outputs, StringComparer.Ordinal).Any())
            {
                message += other.Hint;
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
            RequireRoomForOneToken(asked, optionsName);
            HuggingFaceConfig.RequireWithinPositions(asked, positions, configPath, optionsName);
        }
    }

    /// <summary>Refuses a sliding window's Stride where that needs no graph, for a registration (which opens none): under
    /// 1, or past MaxLength − 2 where the caller set MaxLength (a fixed sequence axis must equal it, or <see cref="Create"/>
    /// refuses the export). Without MaxLength the window is the export's own limit, known when it loads.</summary>
    internal static void CheckStride(OnnxTextClassifierOptions options, string optionsName)
    {
        if (options.LongText != LongTextStrategy.SlidingWindow || options.Stride is not { } stride)
        {
            return;
        }

        if (options.MaxLength is { } maxLength)
        {
            if (stride < 1 || stride > maxLength - 2)
            {
                throw StrideOutsideWindow(optionsName, stride, maxLength, requested: true);
            }
        }
        else if (stride < 1)
        {
            throw new ArgumentOutOfRangeException(
                optionsName, stride, $"{nameof(OnnxTextClassifierOptions.Stride)} must be 1 or more (the tokens each window starts after the one before), not {stride}.");
        }
    }

    // A Stride outside the window of maxLength tokens, saying where that length comes from.
    private static ArgumentOutOfRangeException StrideOutsideWindow(string optionsName, int stride, int maxLength, bool requested) =>
        new(optionsName, stride,
            $"{nameof(OnnxTextClassifierOptions.Stride)} must be from 1 to {maxLength - 2}: a window holds {maxLength} tokens " +
            $"({(requested ? nameof(OnnxTextClassifierOptions.MaxLength) : "the export's own limit, as MaxLength was not set")}), less [CLS] and [SEP].");

    /// <summary>Refuses a caller's MaxLength under 3, which needs no model (<see cref="OnnxTextClassifierOptions"/>'s own
    /// checks make it too, so a registration refuses it).</summary>
    internal static void RequireRoomForOneToken(int? requested, string optionsName)
    {
        // Named: ThrowIfLessThan said "options ('2') must be greater than or equal to '3'", naming no setting.
        if (requested is { } asked && asked < 3)
        {
            throw new ArgumentOutOfRangeException(optionsName, asked, $"MaxLength must be 3 or more (room for [CLS], a token and [SEP]), not {asked}.");
        }
    }
}
