using System.Text.Json;
using TextClassification.Bundles;
using TextClassification.Tokenization;

namespace TextClassification.Onnx;

/// <summary>A special token an export's configs name: its text and, where the config gives it as an object, its
/// <c>normalized</c> flag (null for a plain string: transformers then matches it in the raw text).</summary>
/// <param name="Content">The token's text.</param>
/// <param name="Normalized">The object's <c>normalized</c> flag, or null.</param>
internal readonly record struct NamedToken(string Content, bool? Normalized);

/// <summary>
/// The special tokens a Hugging Face export's <c>tokenizer_config.json</c> and <c>special_tokens_map.json</c> name
/// (<c>unk_token</c>, <c>cls_token</c>, <c>sep_token</c>, <c>pad_token</c>, <c>mask_token</c>, <c>bos_token</c>,
/// <c>eos_token</c>, strings or objects with <c>"content"</c>, and <c>additional_special_tokens</c>), resolved as
/// transformers' <c>from_pretrained</c> resolves them: the map's names over the config's (older versions call
/// <c>setattr</c> after building the tokenizer; 4.34+ writes them into the init arguments), except that for a config
/// with <c>added_tokens_decoder</c> (what 4.34+ saves) the map is not read at all. transformers
/// adds every named special token to the tokenizer as a special added token (fast tokenizers in their
/// <c>__init__</c>, older ones in <c>sanitize_special_tokens</c>), so each is split out of the raw text and given its id,
/// whichever file — <c>tokenizer.json</c> or <c>vocab.txt</c> — holds the vocabulary.
/// </summary>
internal sealed class ExportSpecialTokens
{
    /// <summary>File name of the special tokens' map transformers saves beside <c>tokenizer_config.json</c>.</summary>
    public const string MapFileName = "special_tokens_map.json";

    // The first five in the order of BertDefaults.
    private static readonly string[] NamedKeys = ["unk_token", "cls_token", "sep_token", "pad_token", "mask_token", "bos_token", "eos_token"];

    private static readonly string[] BertDefaults = ["[UNK]", "[CLS]", "[SEP]", "[PAD]", "[MASK]"];

    private readonly Dictionary<string, NamedToken> _named = new(StringComparer.Ordinal);
    private readonly List<NamedToken> _additional = [];

    private ExportSpecialTokens()
    {
    }

    /// <summary>An export that names no special token (no config files).</summary>
    public static ExportSpecialTokens None { get; } = new();

    /// <summary>The unknown token's name, or null where no file names one.</summary>
    public string? Unknown => Name("unk_token");

    /// <summary>The classification token's name, or null.</summary>
    public string? Classification => Name("cls_token");

    /// <summary>The separator token's name, or null.</summary>
    public string? Separator => Name("sep_token");

    /// <summary>The padding token's name, or null.</summary>
    public string? Padding => Name("pad_token");

    /// <summary>The mask token's name, or null.</summary>
    public string? Mask => Name("mask_token");

    /// <summary>Every named special token, the named ones first, then <c>additional_special_tokens</c>, each text once.</summary>
    public IReadOnlyList<NamedToken> All
    {
        get
        {
            var all = new List<NamedToken>(_named.Count + _additional.Count);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (string key in NamedKeys)
            {
                if (_named.TryGetValue(key, out NamedToken token) && seen.Add(token.Content))
                {
                    all.Add(token);
                }
            }

            foreach (NamedToken token in _additional)
            {
                if (seen.Add(token.Content))
                {
                    all.Add(token);
                }
            }

            return all;
        }
    }

    /// <summary>Reads the names of the folder's <c>special_tokens_map.json</c> over those of its parsed
    /// <c>tokenizer_config.json</c> (<paramref name="tokenizerConfig"/>, null where it has none).</summary>
    /// <exception cref="BundleFormatException">A file is not valid JSON or not an object, or a name has the wrong type.</exception>
    public static ExportSpecialTokens Read(string folder, JsonElement? tokenizerConfig)
    {
        var tokens = new ExportSpecialTokens();
        bool hasDecoder = false;
        if (tokenizerConfig is { } config)
        {
            string path = Path.Combine(folder, TokenizerConfig.FileName);
            tokens.Add(config, path);
            hasDecoder = config.ValueKind == JsonValueKind.Object && config.TryGetProperty("added_tokens_decoder", out JsonElement decoder) &&
                decoder.ValueKind == JsonValueKind.Object;
        }

        // transformers (4.34 and later) reads special_tokens_map.json only for a tokenizer_config.json without
        // added_tokens_decoder (the legacy branch of from_pretrained): where the decoder is saved, the map is not read at
        // all, so neither its names nor its additional tokens count, and a malformed map does not fail the load.
        string map = Path.Combine(folder, MapFileName);
        if (!hasDecoder && File.Exists(map))
        {
            using JsonDocument document = TokenizerConfig.Parse(map);
            tokens.Add(document.RootElement, map);
        }

        return tokens;
    }

    /// <summary><paramref name="options"/> with the named unknown, classification, separator and padding tokens: what
    /// transformers' slow <c>BertTokenizer</c> (a <c>vocab.txt</c> export) builds with. Unnamed ones stay as they are.</summary>
    public WordPieceOptions ApplyNames(WordPieceOptions options) => options with
    {
        UnknownToken = Unknown ?? options.UnknownToken,
        ClassificationToken = Classification ?? options.ClassificationToken,
        SeparatorToken = Separator ?? options.SeparatorToken,
        PaddingToken = Padding ?? options.PaddingToken,
    };

    /// <summary>What transformers' <c>BertTokenizer</c> (a <c>vocab.txt</c> export) has as special tokens: the five it
    /// always has, named or else its defaults (<c>[UNK]</c>, <c>[CLS]</c>, <c>[SEP]</c>, <c>[PAD]</c>, <c>[MASK]</c>), then
    /// the other named ones. A renamed one replaces its default: with <c>cls_token</c> <c>&lt;s&gt;</c>, a literal
    /// <c>[CLS]</c> is text.</summary>
    public List<NamedToken> WithBertDefaults()
    {
        var tokens = new List<NamedToken>(NamedKeys.Length + _additional.Count);
        for (int i = 0; i < BertDefaults.Length; i++)
        {
            tokens.Add(_named.TryGetValue(NamedKeys[i], out NamedToken token) ? token : new NamedToken(BertDefaults[i], null));
        }

        tokens.AddRange(All);
        return tokens;
    }

    /// <summary>The tokens to match: <paramref name="specials"/> and <paramref name="normalized"/> (what the tokenizer
    /// files list) with each of <paramref name="named"/> added that neither lists, that <paramref name="holds"/> (the
    /// vocabulary has it) and that <see cref="WordPieceModel.IsMatchable"/> accepts — in the raw text, or in the normalized
    /// text where a config gives it as an object with <c>normalized: true</c>. The lists given come back as they are
    /// (the same instances, which encoder fingerprints print) where nothing is added.</summary>
    public static (IReadOnlyList<string> Specials, IReadOnlyList<string> Normalized) Merge(
        IReadOnlyList<string> specials, IReadOnlyList<string> normalized, IEnumerable<NamedToken> named, Func<string, bool> holds)
    {
        List<string>? addedSpecials = null;
        List<string>? addedNormalized = null;
        foreach (NamedToken token in named)
        {
            string content = token.Content;
            if (Lists(specials, addedSpecials, content) || Lists(normalized, addedNormalized, content) ||
                !WordPieceModel.IsMatchable(content) || !holds(content))
            {
                continue;
            }

            if (token.Normalized == true)
            {
                (addedNormalized ??= [.. normalized]).Add(content);
            }
            else
            {
                (addedSpecials ??= [.. specials]).Add(content);
            }
        }

        return ((IReadOnlyList<string>?)addedSpecials ?? specials, (IReadOnlyList<string>?)addedNormalized ?? normalized);

        static bool Lists(IReadOnlyList<string> given, List<string>? grown, string content)
        {
            IReadOnlyList<string> list = (IReadOnlyList<string>?)grown ?? given;
            for (int i = 0; i < list.Count; i++)
            {
                if (string.Equals(list[i], content, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }

    private string? Name(string key) => _named.TryGetValue(key, out NamedToken token) ? token.Content : null;

    // The file's names (set over earlier ones) and its additional special tokens (kept besides the earlier file's:
    // either file marks a token special).
    private void Add(JsonElement root, string path)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new BundleFormatException(path, "the file is not a JSON object.");
        }

        foreach (string key in NamedKeys)
        {
            if (Token(root, key, path) is { } token)
            {
                _named[key] = token;
            }
        }

        if (root.TryGetProperty("additional_special_tokens", out JsonElement additional) && additional.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement value in additional.EnumerateArray())
            {
                if (Token(value) is { } token)
                {
                    _additional.Add(token);
                }
            }
        }
    }

    private static NamedToken? Token(JsonElement root, string name, string path) =>
        !root.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null
            ? null
            : Token(value) ?? throw new BundleFormatException(path, $"'{name}' must be a string or an object with \"content\".");

    // A special token is a string, or an AddedToken object with "content" (newer transformers versions).
    private static NamedToken? Token(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String when value.GetString() is { Length: > 0 } text => new NamedToken(text, null),
        JsonValueKind.Object when value.TryGetProperty("content", out JsonElement content) && content.ValueKind == JsonValueKind.String &&
            content.GetString() is { Length: > 0 } text => new NamedToken(text, TokenizerJsonReader.Bool(value, "normalized")),
        _ => null,
    };
}
