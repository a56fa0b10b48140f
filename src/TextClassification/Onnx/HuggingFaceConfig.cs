using System.Text.Json;
using System.Text.Json.Serialization;
using TextClassification.Bundles;

namespace TextClassification.Onnx;

/// <summary>The parts of a Hugging Face <c>config.json</c> a classifier needs.</summary>
internal sealed class HuggingFaceConfig
{
    public const string FileName = "config.json";

    [JsonPropertyName("id2label")]
    public Dictionary<string, string>? Id2Label { get; set; }

    // Read only where id2label is missing, so a label2id whose ids are written as strings does not stop a config
    // that has id2label from loading.
    [JsonPropertyName("label2id")]
    public JsonElement? Label2Id { get; set; }

    // Read only where the config names no labels, to tell an encoder's folder from a binary classifier's: kept as JSON
    // so an odd value does not stop a config that has labels from loading.
    [JsonPropertyName("architectures")]
    public JsonElement? Architectures { get; set; }

    // Read only where the config names no labels (transformers then has LABEL_0..LABEL_{num_labels-1}): kept as JSON so
    // an odd value stops nothing.
    [JsonPropertyName("num_labels")]
    public JsonElement? NumLabels { get; set; }

    /// <summary><c>num_labels</c> where it is a positive integer; null otherwise.</summary>
    /// <summary>Most labels a config may ask for by <c>num_labels</c> alone (transformers' LABEL_0, LABEL_1, …); a config
    /// of more names them in <c>id2label</c>. Exports that <c>save_pretrained</c> writes always do.</summary>
    public const int MaxUnnamedLabels = 100_000;

    public int? LabelCount => NumLabels is { ValueKind: JsonValueKind.Number } n && n.TryGetInt32(out int count) && count > 0 ? count : null;

    [JsonPropertyName("problem_type")]
    public string? ProblemType { get; set; }

    [JsonPropertyName("max_position_embeddings")]
    public int? MaxPositionEmbeddings { get; set; }

    /// <summary>False for models without absolute position embeddings added to the input (DeBERTa-v2/v3).</summary>
    [JsonPropertyName("position_biased_input")]
    public bool? PositionBiasedInput { get; set; }

    /// <summary><c>absolute</c>, or <c>relative_key</c>/<c>relative_key_query</c> for BERT-like models with relative
    /// positions.</summary>
    [JsonPropertyName("position_embedding_type")]
    public string? PositionEmbeddingType { get; set; }

    /// <summary>Whether the model reads positions relatively, so a sequence past <see cref="MaxPositionEmbeddings"/> is
    /// no error of the graph (a fixed sequence axis longer than it is then allowed).</summary>
    public bool HasRelativePositions =>
        PositionBiasedInput == false || (PositionEmbeddingType?.StartsWith("relative", StringComparison.Ordinal) ?? false);

    /// <summary>The rows of the model's token embedding table: a tokenizer with more ids belongs to another model.</summary>
    [JsonPropertyName("vocab_size")]
    public int? VocabSize { get; set; }

    public bool IsMultiLabel => string.Equals(ProblemType, "multi_label_classification", StringComparison.Ordinal);

    /// <summary>False when the config has neither <c>id2label</c> nor <c>label2id</c>: transformers then reads it as
    /// <see cref="TransformersLabels"/> of <c>num_labels</c>, two where that is not given, and leaves them out when it
    /// saves a model that kept its default two, so a binary fine-tune that never named its labels is exported without
    /// either key.</summary>
    public bool NamesLabels => Id2Label is not null || Label2Id is not null;

    /// <summary>transformers' labels for a config that names none: <c>PretrainedConfig</c>'s <c>num_labels</c> setter
    /// makes <c>LABEL_0</c> to <c>LABEL_{count-1}</c>, from <c>num_labels</c> or its default 2.</summary>
    public static string[] TransformersLabels(int count)
    {
        string[] labels = new string[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = "LABEL_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return labels;
    }

    /// <summary>Refuses a sequence length past the model's position table: the graph would fail on the first longer
    /// text with a broadcast error from inside ONNX Runtime. It compares with <c>max_position_embeddings</c> as
    /// written; RoBERTa-family configs declare two more positions than a sequence may use (514 for 512), which this
    /// does not know.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLength"/> exceeds <paramref name="positions"/>
    /// (named <paramref name="optionsName"/>, the caller's options argument).</exception>
    public static void RequireWithinPositions(int maxLength, int? positions, string configPath, string optionsName)
    {
        if (positions is { } limit && maxLength > limit)
        {
            throw new ArgumentOutOfRangeException(
                optionsName, maxLength, $"MaxLength {maxLength} exceeds max_position_embeddings {limit} in {configPath}: the model has no positions past {limit}.");
        }
    }

    public static HuggingFaceConfig Read(string path)
    {
        try
        {
            ReadOnlySpan<byte> bytes = Utf8ByteOrderMark.Skip(File.ReadAllBytes(path));
            HuggingFaceConfig config = JsonSerializer.Deserialize(bytes, HuggingFaceJsonContext.Default.HuggingFaceConfig)
                ?? throw new BundleFormatException(path, "the config is empty (JSON null).");
            // After the members read as text, which name the member whose bytes are broken: the rest (label2id's names,
            // keys never read) threw InvalidOperationException where they were read, naming no file.
            return JsonErrorText.NotUtf8(bytes) is { } notText ? throw new BundleFormatException(path, $"the file {notText}.") : config;
        }
        catch (JsonException ex) when (ex.Path is { Length: > 2 } member && JsonErrorText.NotText(ex) is { } notText)
        {
            // A string whose text is broken: neither invalid JSON nor a value of the wrong type.
            throw new BundleFormatException(path, $"'{member[2..]}' {notText}.", ex);
        }
        catch (JsonException ex) when (ex.Path is { Length: > 2 } member && ex.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            // Valid JSON with a value of the wrong type (id2label {"0": 0}, a string max_position_embeddings): calling it
            // invalid JSON sent readers looking for a syntax error.
            throw new BundleFormatException(path, $"'{member[2..]}' has the wrong type (id2label's labels must be strings; max_position_embeddings and vocab_size, integers): {ex.Message}", ex);
        }
        catch (JsonException ex)
        {
            throw new BundleFormatException(path, $"invalid JSON: {ex.Message}", ex);
        }
    }

    /// <summary>The labels in id order: <c>id2label</c> keys must be 0..n-1 (a config with only <c>label2id</c> is
    /// read the other way round; one with neither has transformers' <see cref="TransformersLabels"/> of
    /// <c>num_labels</c>, two by default). A classifier needs at
    /// least two labels, or one with <c>multi_label_classification</c>; a regression model is refused.</summary>
    public string[] LabelsInIdOrder(string path)
    {
        if (ProblemType is not (null or "single_label_classification" or "multi_label_classification"))
        {
            throw new BundleFormatException(path, ProblemType == "regression"
                ? "'problem_type' is 'regression': the model predicts a number, not a label, and this library only classifies."
                : $"'problem_type' is '{ProblemType}'; expected single_label_classification or multi_label_classification.");
        }

        if (!NamesLabels)
        {
            // A feature-extraction export (an encoder) names no labels either; where 'architectures' says so (BertModel,
            // no ...ForSequenceClassification), it is refused now rather than at its graph's missing 'logits'.
            if (NamedArchitectures() is { Count: > 0 } architectures && !architectures.Exists(IsSequenceClassifier))
            {
                throw new BundleFormatException(
                    path,
                    $"it names no labels (no 'id2label' or 'label2id') and its 'architectures' ({string.Join(", ", architectures)}) holds no sequence classifier: " +
                    "the folder looks like an encoder (a feature-extraction export): train a classifier head on it (textclf train <data> --encoder <folder>, or EncoderHeadTrainer), or add the model's id2label.");
            }

            // As transformers reads it (num_labels 3: LABEL_0..LABEL_2; audit 38, it was refused); a graph without
            // 'logits', or of another width, is reported by the caller's check of the graph.
            int count = LabelCount ?? 2;
            if (count > MaxUnnamedLabels)
            {
                // Each label is a string made here, before the graph's width is known: a config of num_labels 2 billion
                // threw OutOfMemoryException (20 million took 1.2 GB), at dependency-injection registration too.
                throw new BundleFormatException(path, $"'num_labels' is {count} and no labels are named; more than {MaxUnnamedLabels} unnamed labels (LABEL_0, LABEL_1, …) is not read: name them in 'id2label'.");
            }

            if (count == 1 && !IsMultiLabel)
            {
                throw new BundleFormatException(path, "'num_labels' is 1 and no labels are named: a single-label classifier needs two or more (one output without problem_type is a regression model in transformers; a one-label detector needs \"problem_type\": \"multi_label_classification\").");
            }

            return TransformersLabels(count);
        }

        Dictionary<string, string>? id2Label = Id2Label is { Count: > 0 } ? Id2Label : FromLabel2Id(path);
        // The field the labels came from, for its messages: a config with label2id alone was told of "'id2label' keys"
        // it does not have (review 57c).
        bool fromLabel2Id = Id2Label is not { Count: > 0 };
        string field = fromLabel2Id ? "label2id" : "id2label";
        if (id2Label is null || id2Label.Count == 0)
        {
            throw new BundleFormatException(
                path,
                "'id2label' (and 'label2id') is empty. A folder without labels may be an encoder (a feature-extraction export): train a classifier head on it (textclf train <data> --encoder <folder>, or EncoderHeadTrainer).");
        }

        if (id2Label.Count == 1 && !IsMultiLabel)
        {
            // transformers reads one label without a problem_type as regression; a softmax over one logit is always 1.
            throw new BundleFormatException(path, $"'{field}' has one label: a single-label classifier needs two or more (one output without problem_type is a regression model in transformers; a one-label detector needs \"problem_type\": \"multi_label_classification\").");
        }

        string[] labels = new string[id2Label.Count];
        var names = new Dictionary<string, int>(id2Label.Count, StringComparer.Ordinal);
        foreach ((string key, string label) in id2Label)
        {
            if (!int.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int id)
                || id >= labels.Length || labels[id] is not null)
            {
                throw new BundleFormatException(path, fromLabel2Id
                    ? $"'label2id' gives the label '{label}' the id {key}; its ids must be 0 to {labels.Length - 1}, each once."
                    : $"'id2label' keys must be the ids 0..{labels.Length - 1}, each once; found '{key}'.");
            }

            labels[id] = string.IsNullOrEmpty(label)
                ? throw new BundleFormatException(path, $"'{field}' gives id {id} an empty label.")
                : label;
            if (!names.TryAdd(label, id))
            {
                // Scores are reported by label name (predict --json's "scores" object, metrics per label): two ids of
                // one name cannot both be told apart.
                throw new BundleFormatException(path, $"'{field}' gives ids {Math.Min(id, names[label])} and {Math.Max(id, names[label])} the same label '{label}'; each id needs a label of its own.");
            }
        }

        return labels;
    }

    /// <summary>True for an architecture name of a sequence-classification head ("BertForSequenceClassification").</summary>
    public static bool IsSequenceClassifier(string architecture) =>
        architecture.EndsWith("ForSequenceClassification", StringComparison.Ordinal);

    // The string entries of 'architectures'; null when it is absent or not an array.
    private List<string>? NamedArchitectures()
    {
        if (Architectures is not { ValueKind: JsonValueKind.Array } array)
        {
            return null;
        }

        var names = new List<string>();
        foreach (JsonElement entry in array.EnumerateArray())
        {
            if (entry.ValueKind == JsonValueKind.String && entry.GetString() is { Length: > 0 } name)
            {
                names.Add(name);
            }
        }

        return names;
    }

    // A config with label2id alone, read the other way round (ids as numbers or as strings); null without one.
    private Dictionary<string, string>? FromLabel2Id(string path)
    {
        if (Label2Id is not { ValueKind: JsonValueKind.Object } label2Id)
        {
            return null;
        }

        var id2Label = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (JsonProperty entry in label2Id.EnumerateObject())
        {
            // TryGetInt32 throws on anything but a number: a string id ("0") crashed the load.
            int id = -1;
            if (!(entry.Value.ValueKind == JsonValueKind.Number && entry.Value.TryGetInt32(out id) && id >= 0) && !(entry.Value.ValueKind == JsonValueKind.String && int.TryParse(entry.Value.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out id)))
            {
                throw new BundleFormatException(path, $"'label2id' gives the label '{entry.Name}' the id {entry.Value.GetRawText()}, which is not a non-negative integer.");
            }

            string key = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!id2Label.TryAdd(key, entry.Name))
            {
                throw new BundleFormatException(path, $"'label2id' gives the labels '{id2Label[key]}' and '{entry.Name}' the same id {id}.");
            }
        }

        return id2Label;
    }
}

[JsonSerializable(typeof(HuggingFaceConfig))]
internal sealed partial class HuggingFaceJsonContext : JsonSerializerContext;
