using System.Globalization;
using System.Text.Json;
using TextClassification.Bundles;
using TextClassification.Tokenization;

namespace TextClassification.Onnx;

/// <summary>
/// The added tokens of a Hugging Face export that has <c>vocab.txt</c> but no <c>tokenizer.json</c>, read as
/// transformers reads them: <c>tokenizer_config.json</c>'s <c>added_tokens_decoder</c> (id → token with its flags), then
/// the legacy <c>added_tokens.json</c> (token → id) for ids the first does not list, special when the token is one of
/// the special tokens the configs name (<see cref="ExportSpecialTokens"/>, <c>additional_special_tokens</c> included),
/// and then matched in the normalized text exactly when not special.
/// </summary>
internal static class ExportAddedTokens
{
    public const string LegacyFileName = "added_tokens.json";

    /// <summary>The folder's added tokens, in the order transformers would list them; empty when it has none.</summary>
    /// <param name="folder">The export's folder.</param>
    /// <param name="tokenizerConfig">Its parsed <c>tokenizer_config.json</c> (<see cref="TokenizerConfig.Read"/>), or
    /// null when it has none.</param>
    /// <param name="named">The special tokens its configs name.</param>
    /// <exception cref="BundleFormatException">A file is not valid JSON or an entry has the wrong shape.</exception>
    public static List<AddedToken> Read(string folder, JsonElement? tokenizerConfig, ExportSpecialTokens named)
    {
        var tokens = new List<AddedToken>();
        var listedIds = new HashSet<int>();
        string config = Path.Combine(folder, TokenizerConfig.FileName);
        if (tokenizerConfig is { } root)
        {
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("added_tokens_decoder", out JsonElement decoder) && decoder.ValueKind != JsonValueKind.Null)
            {
                if (decoder.ValueKind != JsonValueKind.Object)
                {
                    throw new BundleFormatException(config, "'added_tokens_decoder' must be an object of ids.");
                }

                foreach (JsonProperty entry in decoder.EnumerateObject())
                {
                    if (!int.TryParse(entry.Name, NumberStyles.None, CultureInfo.InvariantCulture, out int id) ||
                        entry.Value.ValueKind != JsonValueKind.Object ||
                        !entry.Value.TryGetProperty("content", out JsonElement content) || content.ValueKind != JsonValueKind.String ||
                        content.GetString() is not { Length: > 0 } text)
                    {
                        throw new BundleFormatException(config, $"'added_tokens_decoder' entry '{entry.Name}' needs a non-negative integer id and an object with a non-empty \"content\".");
                    }

                    bool special = TokenizerJsonReader.Bool(entry.Value, "special") == true;
                    tokens.Add(new AddedToken(text, id, special, TokenizerJsonReader.Bool(entry.Value, "normalized"), TokenizerJsonReader.Bool(entry.Value, "single_word") == true));
                    listedIds.Add(id);
                }
            }
        }

        string legacy = Path.Combine(folder, LegacyFileName);
        if (File.Exists(legacy))
        {
            var specialNames = new HashSet<string>(StringComparer.Ordinal);
            foreach (NamedToken token in named.All)
            {
                specialNames.Add(token.Content);
            }

            using JsonDocument document = TokenizerConfig.Parse(legacy);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new BundleFormatException(legacy, "the file is not a JSON object of tokens and ids.");
            }

            foreach (JsonProperty entry in document.RootElement.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out int id) || id < 0 || entry.Name.Length == 0)
                {
                    throw new BundleFormatException(legacy, $"the token '{entry.Name}' has the id {entry.Value.GetRawText()}; expected a non-empty token and a non-negative integer id.");
                }

                if (listedIds.Add(id))
                {
                    bool special = specialNames.Contains(entry.Name);
                    tokens.Add(new AddedToken(entry.Name, id, special, !special, SingleWord: false));
                }
            }
        }

        return tokens;
    }
}
