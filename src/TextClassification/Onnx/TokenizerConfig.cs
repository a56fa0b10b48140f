using System.Text.Json;
using TextClassification.Bundles;
using TextClassification.Tokenization;

namespace TextClassification.Onnx;

/// <summary>
/// The settings of a Hugging Face <c>tokenizer_config.json</c> that change the ids of a BERT WordPiece tokenizer:
/// <c>do_lower_case</c>, <c>strip_accents</c> and <c>tokenize_chinese_chars</c> (over <c>tokenizer.json</c> too), and
/// <c>model_max_length</c>; the special tokens' names are <see cref="ExportSpecialTokens"/>'. Keys that are absent keep
/// the settings as they are (bert-base-uncased's defaults for <c>vocab.txt</c>, as transformers' <c>BertTokenizer</c>
/// does).
/// </summary>
internal static class TokenizerConfig
{
    public const string FileName = "tokenizer_config.json";

    /// <summary>The folder's <c>tokenizer_config.json</c>, parsed once for everything read from it; null when there
    /// is none.</summary>
    /// <exception cref="BundleFormatException">The file is not valid JSON.</exception>
    public static JsonDocument? Read(string folder)
    {
        string path = Path.Combine(folder, FileName);
        return File.Exists(path) ? Parse(path) : null;
    }

    /// <summary>A JSON file of an export, its syntax errors named by the file.</summary>
    /// <exception cref="BundleFormatException">The file is not valid JSON, or not UTF-8.</exception>
    public static JsonDocument Parse(string path)
    {
        try
        {
            ReadOnlyMemory<byte> bytes = Utf8ByteOrderMark.Skip(File.ReadAllBytes(path).AsMemory());
            return JsonErrorText.NotUtf8(bytes.Span) is { } notText
                ? throw new BundleFormatException(path, $"the file {notText}.")
                : JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            throw new BundleFormatException(path, $"invalid JSON: {ex.Message}", ex);
        }
    }

    /// <summary>Where a <c>vocab.txt</c> export's special-token names come from, for a message about one of them.</summary>
    public const string SpecialTokenNamesSource =
        "Its special tokens' names (unk_token, cls_token, sep_token, pad_token) are read from special_tokens_map.json, then " +
        "tokenizer_config.json, as transformers reads them; a name neither file gives is bert-base-uncased's ([UNK], [CLS], [SEP], [PAD]).";

    /// <summary><paramref name="options"/> with the normalizer settings the file (<paramref name="root"/>, read from
    /// <paramref name="path"/>) sets: <c>do_lower_case</c>, <c>strip_accents</c> and <c>tokenize_chinese_chars</c>.
    /// transformers' <c>BertTokenizerFast</c> rebuilds <c>tokenizer.json</c>'s normalizer where these differ from it, so
    /// they apply over <c>tokenizer.json</c> too. Keys the file does not have leave the options as they are (transformers
    /// 4.x would take its defaults for them, lower-casing a cased <c>tokenizer.json</c> whose config lacks
    /// <c>do_lower_case</c>; keeping the file's setting keeps every such encoder's fingerprint).</summary>
    /// <exception cref="BundleFormatException">The file is not a JSON object, or a key has the wrong type.</exception>
    public static WordPieceOptions ApplyNormalizer(JsonElement root, string path, WordPieceOptions options)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new BundleFormatException(path, "the file is not a JSON object.");
        }

        return options with
        {
            Lowercase = Bool(root, "do_lower_case", path) ?? options.Lowercase,
            StripAccents = root.TryGetProperty("strip_accents", out _) ? Bool(root, "strip_accents", path) : options.StripAccents,
            HandleChineseCharacters = Bool(root, "tokenize_chinese_chars", path) ?? options.HandleChineseCharacters,
        };
    }

    /// <summary>Whether transformers rebuilds <c>tokenizer.json</c>'s normalizer from the file's settings: its BERT-family
    /// tokenizer classes do (the file names one, or none); <c>PreTrainedTokenizerFast</c> keeps <c>tokenizer.json</c> as it
    /// is.</summary>
    public static bool RebuildsBertNormalizer(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object &&
        !(root.TryGetProperty("tokenizer_class", out JsonElement name) && name.ValueKind == JsonValueKind.String &&
          name.ValueEquals("PreTrainedTokenizerFast"));

    /// <summary>Whether two settings normalize text alike: letter case, accent stripping (which, unset, follows letter
    /// case) and Chinese characters.</summary>
    public static bool NormalizeAlike(WordPieceOptions a, WordPieceOptions b) =>
        a.Lowercase == b.Lowercase && (a.StripAccents ?? a.Lowercase) == (b.StripAccents ?? b.Lowercase) &&
        a.HandleChineseCharacters == b.HandleChineseCharacters;

    /// <summary>Whether <c>tokenizer.json</c> at <paramref name="path"/> has a <c>BertNormalizer</c> (not none), the one
    /// transformers' BERT tokenizers rebuild.</summary>
    public static bool HasBertNormalizer(string path)
    {
        using JsonDocument document = Parse(path);
        return document.RootElement.ValueKind == JsonValueKind.Object &&
            document.RootElement.TryGetProperty("normalizer", out JsonElement normalizer) && normalizer.ValueKind == JsonValueKind.Object &&
            normalizer.TryGetProperty("type", out JsonElement type) && type.ValueKind == JsonValueKind.String && type.ValueEquals("BertNormalizer");
    }

    /// <summary>The file's <c>model_max_length</c> (what transformers truncates to with <c>truncation=True</c>), or null
    /// when it has none, or gives transformers' "no limit" (a huge number such as 1e30) or anything but a positive
    /// integer.</summary>
    public static int? ModelMaxLength(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("model_max_length", out JsonElement value) &&
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int length) && length > 0
            ? length
            : null;

    /// <summary>Refuses a <c>truncation_side</c> other than <c>"right"</c> (or null, or none): transformers keeps a long
    /// text's last tokens for <c>"left"</c> (its fast and slow tokenizers both read it from this file), where this
    /// library keeps the first, so every text past the length would get other ids and other scores, silently; and
    /// transformers refuses any other value.</summary>
    /// <exception cref="BundleFormatException">The file gives another truncation side.</exception>
    public static void RequireRightTruncation(JsonElement root, string path)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("truncation_side", out JsonElement side) ||
            side.ValueKind == JsonValueKind.Null || (side.ValueKind == JsonValueKind.String && side.ValueEquals("right")))
        {
            return;
        }

        throw new BundleFormatException(path, side.ValueKind == JsonValueKind.String && side.ValueEquals("left")
            ? "'truncation_side' is \"left\": transformers keeps the last tokens of a text longer than the model's length, and this library " +
              "truncates from the right (it keeps the first), so such texts would get other ids and other scores. Remove the setting, or set it " +
              "to \"right\", to classify with right truncation."
            : $"'truncation_side' is {side.GetRawText()}; transformers accepts only \"right\" or \"left\".");
    }

    /// <summary>Refuses <c>do_basic_tokenize: false</c> for an export read from <c>vocab.txt</c>: transformers'
    /// BertTokenizer then skips its basic tokenizer (no split at punctuation, no lower-casing, no accent stripping) and
    /// runs WordPiece on the text split at white space alone, where this library always runs the basic tokenizer, so
    /// texts would get other ids and other scores, silently. (With <c>tokenizer.json</c> the fast tokenizer does not read
    /// the setting.)</summary>
    /// <exception cref="BundleFormatException">The file sets it to false, or to something other than true, false or null.</exception>
    public static void RequireBasicTokenization(JsonElement root, string path)
    {
        if (root.ValueKind == JsonValueKind.Object && Bool(root, "do_basic_tokenize", path) == false)
        {
            throw new BundleFormatException(
                path,
                "'do_basic_tokenize' is false: transformers' BertTokenizer then runs WordPiece on the text split at white space alone (no split at punctuation, " +
                "no lower-casing), and this library always splits and normalizes as its basic tokenizer does, so texts would get other ids and other scores. " +
                "Remove the setting, or set it to true, to classify with basic tokenization (or give the export's tokenizer.json).");
        }
    }

    private static bool? Bool(JsonElement root, string name, string path) =>
        !root.TryGetProperty(name, out JsonElement value) ? null : value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Null => null,
            _ => throw new BundleFormatException(path, $"'{name}' must be true, false or null."),
        };
}
