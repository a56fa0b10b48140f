using System.Text.Json;

namespace TextClassification.Tokenization;

/// <summary>
/// Reads the parts of a Hugging Face <c>tokenizer.json</c> that a BERT WordPiece tokenizer consists of: the
/// <c>WordPiece</c> model (vocab, unk_token, continuing_subword_prefix, max_input_chars_per_word), a
/// <c>BertNormalizer</c> (or none), the <c>BertPreTokenizer</c>, a <c>BertProcessing</c>/<c>TemplateProcessing</c>
/// post-processor ([CLS]/[SEP], and the pair template's special tokens and type ids), the added tokens (those shaped like <c>[USER]</c>; ids past the vocabulary are
/// added to it), the truncation length and the padding token. Anything else would change the ids, so it is refused
/// rather than ignored.
/// </summary>
internal static class TokenizerJsonReader
{
    public static (WordPieceVocabulary Vocabulary, WordPieceOptions Options) Read(Stream stream, WordPieceOptions defaults)
    {
        JsonDocument document;
        try
        {
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            ReadOnlyMemory<byte> bytes = Utf8ByteOrderMark.Skip(memory.GetBuffer().AsMemory(0, (int)memory.Length));
            if (JsonErrorText.NotUtf8(bytes.Span) is { } notText)
            {
                // Names and values are read as text all through the file (a vocabulary entry threw InvalidOperationException).
                throw new InvalidDataException($"tokenizer.json {notText}.");
            }

            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"tokenizer.json is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("the root is not an object");
            }

            WordPieceOptions options = defaults;
            JsonElement model = Property(root, "model") ?? throw Invalid("there is no 'model'");
            string modelType = String(model, "type") ?? "WordPiece";
            if (modelType != "WordPiece")
            {
                throw Invalid($"the model is '{modelType}', not 'WordPiece'");
            }

            JsonElement vocab = Property(model, "vocab") is { ValueKind: JsonValueKind.Object } v ? v : throw Invalid("model.vocab is not an object");
            var entries = new List<KeyValuePair<string, int>>();
            foreach (JsonProperty entry in vocab.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out int id) || id < 0)
                {
                    throw Invalid($"model.vocab['{entry.Name}'] is not a non-negative integer id");
                }

                entries.Add(new KeyValuePair<string, int>(entry.Name, id));
            }

            options = options with
            {
                UnknownToken = String(model, "unk_token") ?? options.UnknownToken,
                ContinuingSubwordPrefix = String(model, "continuing_subword_prefix") ?? options.ContinuingSubwordPrefix,
                MaxInputCharsPerWord = Int(model, "max_input_chars_per_word") ?? options.MaxInputCharsPerWord,
            };

            options = ReadNormalizer(root, options);
            ReadPreTokenizer(root);
            options = ReadPostProcessor(root, options);
            options = ReadAddedTokens(root, options, entries);
            if (Property(root, "truncation") is { ValueKind: JsonValueKind.Object } truncation)
            {
                string strategy = String(truncation, "strategy") ?? "LongestFirst";
                string direction = String(truncation, "direction") ?? "Right";
                if (strategy != "LongestFirst" || direction != "Right")
                {
                    throw Invalid($"truncation '{strategy}' from the '{direction}' is not supported (only LongestFirst from the Right)");
                }

                options = options with { MaxLength = Int(truncation, "max_length") ?? options.MaxLength };
            }

            if (Property(root, "padding") is { ValueKind: JsonValueKind.Object } padding)
            {
                options = options with { PaddingToken = String(padding, "pad_token") ?? options.PaddingToken };
            }

            return (WordPieceVocabulary.Create(entries), options);
        }
    }

    private static WordPieceOptions ReadNormalizer(JsonElement root, WordPieceOptions options)
    {
        JsonElement? normalizer = Property(root, "normalizer");
        if (normalizer is null || normalizer.Value.ValueKind == JsonValueKind.Null)
        {
            return options with { CleanText = false, HandleChineseCharacters = false, Lowercase = false, StripAccents = false };
        }

        string type = String(normalizer.Value, "type") ?? "";
        if (type != "BertNormalizer")
        {
            throw Invalid($"the normalizer is '{type}'; only BertNormalizer (or none) is supported");
        }

        return options with
        {
            CleanText = Flag(normalizer.Value, "clean_text") ?? true,
            HandleChineseCharacters = Flag(normalizer.Value, "handle_chinese_chars") ?? true,
            Lowercase = Flag(normalizer.Value, "lowercase") ?? true,
            StripAccents = Flag(normalizer.Value, "strip_accents"),
        };
    }

    // A BertNormalizer flag: true, false, or null or absent (its default). Another value was read as absent, so
    // "lowercase": "false" lower-cased a cased tokenizer (review 52b); the tokenizers library refuses such a file.
    private static bool? Flag(JsonElement normalizer, string name) => Property(normalizer, name) switch
    {
        null or { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        { } other => throw Invalid($"normalizer.{name} is {other.GetRawText()}; it must be true, false or null"),
    };

    private static void ReadPreTokenizer(JsonElement root)
    {
        string type = Property(root, "pre_tokenizer") is { ValueKind: JsonValueKind.Object } preTokenizer
            ? String(preTokenizer, "type") ?? ""
            : "none";
        if (type != "BertPreTokenizer")
        {
            throw Invalid($"the pre-tokenizer is '{type}'; only BertPreTokenizer is supported");
        }
    }

    private static WordPieceOptions ReadPostProcessor(JsonElement root, WordPieceOptions options)
    {
        if (Property(root, "post_processor") is not { ValueKind: JsonValueKind.Object } processor)
        {
            throw Invalid("there is no post-processor; [CLS] and [SEP] would be unknown");
        }

        switch (String(processor, "type"))
        {
            case "BertProcessing":
                return options with
                {
                    ClassificationToken = PairToken(processor, "cls") ?? options.ClassificationToken,
                    SeparatorToken = PairToken(processor, "sep") ?? options.SeparatorToken,
                };
            case "TemplateProcessing":
                // single: [{SpecialToken:[CLS]}, {Sequence:A}, {SpecialToken:[SEP]}]
                if (Property(processor, "single") is not { ValueKind: JsonValueKind.Array } single || single.GetArrayLength() != 3 ||
                    SpecialTokenId(single[0]) is not { } cls || SpecialTokenId(single[2]) is not { } sep)
                {
                    throw Invalid("the TemplateProcessing 'single' template is not [CLS] $A [SEP]");
                }

                return options with { ClassificationToken = cls, SeparatorToken = sep, PairTemplate = ReadPairTemplate(processor) };
            default:
                throw Invalid($"the post-processor '{String(processor, "type")}' is not supported");
        }
    }

    /// <summary>
    /// The <c>TemplateProcessing</c> pair template: special tokens around and between <c>$A</c> and <c>$B</c>, and where
    /// token type 1 starts. A template of another shape is kept with the reason it is not built, so single texts still
    /// encode and only pairs are refused (they had been encoded BERT's way, whatever the template said: MPNet's
    /// <c>&lt;s&gt; A &lt;/s&gt; &lt;/s&gt; B &lt;/s&gt;</c>, all type 0, got <c>&lt;s&gt; A &lt;/s&gt; B &lt;/s&gt;</c>
    /// with types 0 0 0 1 1, and so wrong scores, silently).
    /// </summary>
    private static TextPairTemplate ReadPairTemplate(JsonElement processor)
    {
        var parts = new List<string>[] { [], [], [] };
        var text = new List<string>();
        string? problem = null;
        int sequences = 0;
        (TemplatePart Part, int Index)? secondType = null;
        if (Property(processor, "pair") is not { ValueKind: JsonValueKind.Array } pair || pair.GetArrayLength() == 0)
        {
            problem = "it is empty";
        }
        else
        {
            foreach (JsonElement piece in pair.EnumerateArray())
            {
                JsonElement? special = Property(piece, "SpecialToken");
                JsonElement? seq = Property(piece, "Sequence");
                JsonElement body = special ?? seq ?? default;
                string? token = special is { } s ? String(s, "id") : null;
                string? sequence = special is null && seq is { } q ? String(q, "id") : null;
                int? typeId = body.ValueKind == JsonValueKind.Object ? Int(body, "type_id") : null;
                text.Add((token ?? (sequence is null ? "?" : "$" + sequence)) + ":" + (typeId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"));
                if (problem is not null)
                {
                    continue;
                }

                if (typeId is not (0 or 1) || (token is null && sequence is null))
                {
                    problem = "a piece is neither a special token nor a sequence with type id 0 or 1";
                }
                else if (sequence is not null && sequence != (sequences == 0 ? "A" : sequences == 1 ? "B" : null))
                {
                    problem = "it does not hold $A once and then $B once";
                }
                else if (typeId == 0 && secondType is not null)
                {
                    problem = "type id 0 follows type id 1";
                }
                else
                {
                    // Parts: 0 before $A, 1 between, 2 after $B; the texts are the parts First and Second.
                    TemplatePart part = sequence is not null
                        ? (sequences == 0 ? TemplatePart.First : TemplatePart.Second)
                        : (TemplatePart)(2 * sequences);
                    if (typeId == 1 && secondType is null)
                    {
                        secondType = (part, sequence is null ? parts[sequences].Count : 0);
                    }

                    if (sequence is null)
                    {
                        parts[sequences].Add(token!);
                    }
                    else
                    {
                        sequences++;
                    }
                }
            }

            if (problem is null && sequences != 2)
            {
                problem = "it does not hold $A once and then $B once";
            }
        }

        string printed = string.Join(' ', text);
        string? unsupported = problem is null
            ? null
            : $"tokenizer.json: the TemplateProcessing pair template '{printed}' is not one this library builds ({problem}); text pairs cannot be encoded with it (single texts can).";
        (TemplatePart type, int index) = secondType ?? (TemplatePart.None, 0);
        return new TextPairTemplate([.. parts[0]], [.. parts[1]], [.. parts[2]], type, index, printed, unsupported);
    }

    // The added tokens, matched as AddedTokens describes (ids past model.vocab are added to it).
    private static WordPieceOptions ReadAddedTokens(JsonElement root, WordPieceOptions options, List<KeyValuePair<string, int>> entries)
    {
        if (Property(root, "added_tokens") is not { ValueKind: JsonValueKind.Array } added)
        {
            return options;
        }

        var tokens = new List<AddedToken>();
        foreach (JsonElement token in added.EnumerateArray())
        {
            if (String(token, "content") is not { Length: > 0 } content || Int(token, "id") is not { } id || id < 0)
            {
                throw Invalid("an added token has no content or no non-negative id");
            }

            tokens.Add(new AddedToken(content, id, Bool(token, "special") == true, Bool(token, "normalized"), Bool(token, "single_word") == true));
        }

        return AddedTokens.Apply(tokens, options, entries, Invalid);
    }

    private static string? PairToken(JsonElement processor, string name) =>
        Property(processor, name) is { ValueKind: JsonValueKind.Array } pair && pair.GetArrayLength() > 0 &&
        pair[0].ValueKind == JsonValueKind.String
            ? pair[0].GetString()
            : null;

    private static string? SpecialTokenId(JsonElement item) =>
        Property(item, "SpecialToken") is { ValueKind: JsonValueKind.Object } special ? String(special, "id") : null;

    private static JsonElement? Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) ? value : null;

    private static string? String(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    /// <summary>A JSON object's boolean member; null when absent or not a boolean.</summary>
    internal static bool? Bool(JsonElement element, string name) => Property(element, name) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => null,
    };

    private static int? Int(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt32(out int number) ? number : null;

    private static InvalidDataException Invalid(string reason) => new($"tokenizer.json: {reason}.");
}
