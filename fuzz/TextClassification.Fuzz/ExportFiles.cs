using System.Text.Json.Nodes;
using TextClassification.Tests.Onnx;

namespace TextClassification.Fuzz;

/// <summary>Seed Hugging Face export folders for the export target, as transformers' <c>save_pretrained</c> and
/// optimum write them around the tests' tiny BERT graph (<see cref="TinyBert"/>, linked from the test project): one with
/// <c>tokenizer.json</c> (and the configs beside it), one with <c>vocab.txt</c>, <c>added_tokens.json</c> and a
/// <c>label2id</c>-only <c>config.json</c>. The graph is never damaged; every other file is.</summary>
internal static class ExportFiles
{
    /// <summary>The files the mutator damages (model.onnx stays intact).</summary>
    public static readonly string[] Damageable =
        ["tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "config.json", "vocab.txt", "added_tokens.json"];

    private static readonly string[] Labels = ["negative", "neutral", "positive"];

    /// <summary>Whether the folder's config.json declares the graph's tables as they are (vocab_size 30, at most 64
    /// positions): then no id or position can run past them once it loads, and a failed Gather is a finding. Without
    /// them (or with others) the load cannot know the tables, and the graph's refusal naming model.onnx is what the
    /// docs promise.</summary>
    public static bool DeclaresTables(string folder)
    {
        try
        {
            using var config = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "config.json")));
            System.Text.Json.JsonElement root = config.RootElement;
            return root.ValueKind == System.Text.Json.JsonValueKind.Object &&
                root.TryGetProperty("vocab_size", out System.Text.Json.JsonElement rows) && rows.ValueKind == System.Text.Json.JsonValueKind.Number &&
                rows.TryGetInt32(out int count) && count == TinyBert.Vocabulary.Length &&
                root.TryGetProperty("max_position_embeddings", out System.Text.Json.JsonElement positions) && positions.ValueKind == System.Text.Json.JsonValueKind.Number &&
                positions.TryGetInt32(out int table) && table <= TinyBert.MaxPositions;
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or IOException)
        {
            return false;
        }
    }

    /// <summary>Writes the seed folders under <paramref name="root"/> and returns their paths.</summary>
    public static string[] Write(string root)
    {
        string withJson = Path.Combine(root, "pristine-tokenizer-json");
        string withVocab = Path.Combine(root, "pristine-vocab-txt");
        foreach (string folder in new[] { withJson, withVocab })
        {
            Directory.CreateDirectory(folder);
            new TinyBert(Labels.Length).WriteOnnx(Path.Combine(folder, "model.onnx"), classifier: true);
            File.WriteAllText(Path.Combine(folder, "special_tokens_map.json"), SpecialTokensMap().ToJsonString());
        }

        var id2Label = new JsonObject();
        var label2Id = new JsonObject();
        for (int i = 0; i < Labels.Length; i++)
        {
            id2Label[i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = Labels[i];
            label2Id[Labels[i]] = i;
        }

        File.WriteAllText(Path.Combine(withJson, "config.json"), Config(id2Label, label2Id: null).ToJsonString());
        File.WriteAllText(Path.Combine(withJson, "tokenizer.json"), TokenizerJson().ToJsonString());
        File.WriteAllText(Path.Combine(withJson, "tokenizer_config.json"), TokenizerConfig(addedTokensDecoder: true).ToJsonString());

        File.WriteAllText(Path.Combine(withVocab, "config.json"), Config(id2Label: null, label2Id).ToJsonString());
        File.WriteAllLines(Path.Combine(withVocab, "vocab.txt"), TinyBert.Vocabulary);
        File.WriteAllText(Path.Combine(withVocab, "tokenizer_config.json"), TokenizerConfig(addedTokensDecoder: false).ToJsonString());
        // Tokens the vocabulary has, as an export whose added tokens were saved beside vocab.txt lists them; an id
        // mutated past its 30 rows must be refused by vocab_size.
        File.WriteAllText(Path.Combine(withVocab, "added_tokens.json"), """{"[MASK]": 4, "[UNK]": 1}""");
        return [withJson, withVocab];
    }

    private static JsonObject Config(JsonObject? id2Label, JsonObject? label2Id)
    {
        var config = new JsonObject
        {
            ["architectures"] = new JsonArray("BertForSequenceClassification"),
            ["model_type"] = "bert",
            ["max_position_embeddings"] = TinyBert.MaxPositions,
            ["vocab_size"] = TinyBert.Vocabulary.Length,
            ["problem_type"] = "single_label_classification",
            ["position_embedding_type"] = "absolute",
        };
        if (id2Label is not null)
        {
            config["id2label"] = id2Label;
        }

        if (label2Id is not null)
        {
            config["label2id"] = label2Id;
        }

        return config;
    }

    private static JsonObject SpecialTokensMap() => new()
    {
        ["unk_token"] = "[UNK]",
        ["cls_token"] = "[CLS]",
        ["sep_token"] = "[SEP]",
        ["pad_token"] = "[PAD]",
        ["mask_token"] = new JsonObject { ["content"] = "[MASK]", ["lstrip"] = true, ["normalized"] = false, ["rstrip"] = false, ["single_word"] = false },
    };

    private static JsonObject TokenizerConfig(bool addedTokensDecoder)
    {
        var config = new JsonObject
        {
            ["do_lower_case"] = true,
            ["strip_accents"] = null,
            ["tokenize_chinese_chars"] = true,
            ["model_max_length"] = 48,
            ["tokenizer_class"] = "BertTokenizer",
            ["unk_token"] = "[UNK]",
            ["cls_token"] = "[CLS]",
            ["sep_token"] = "[SEP]",
            ["pad_token"] = "[PAD]",
            ["mask_token"] = "[MASK]",
            ["additional_special_tokens"] = new JsonArray("[USER]"),
        };
        if (addedTokensDecoder)
        {
            var decoder = new JsonObject();
            for (int id = 0; id < 5; id++)
            {
                decoder[id.ToString(System.Globalization.CultureInfo.InvariantCulture)] = AddedToken(TinyBert.Vocabulary[id], id);
            }

            config["added_tokens_decoder"] = decoder;
            config.Remove("additional_special_tokens");
        }

        return config;
    }

    private static JsonObject AddedToken(string content, int id, bool special = true) => new()
    {
        ["id"] = id,
        ["content"] = content,
        ["single_word"] = false,
        ["lstrip"] = false,
        ["rstrip"] = false,
        ["normalized"] = !special,
        ["special"] = special,
    };

    private static JsonObject TokenizerJson()
    {
        var vocab = new JsonObject();
        for (int id = 0; id < TinyBert.Vocabulary.Length; id++)
        {
            vocab[TinyBert.Vocabulary[id]] = id;
        }

        var added = new JsonArray();
        for (int id = 0; id < 5; id++)
        {
            added.Add(AddedToken(TinyBert.Vocabulary[id], id));
        }

        return new JsonObject
        {
            ["version"] = "1.0",
            ["truncation"] = new JsonObject { ["direction"] = "Right", ["max_length"] = 40, ["strategy"] = "LongestFirst", ["stride"] = 0 },
            ["padding"] = null,
            ["added_tokens"] = added,
            ["normalizer"] = new JsonObject { ["type"] = "BertNormalizer", ["clean_text"] = true, ["handle_chinese_chars"] = true, ["strip_accents"] = null, ["lowercase"] = true },
            ["pre_tokenizer"] = new JsonObject { ["type"] = "BertPreTokenizer" },
            ["post_processor"] = JsonNode.Parse("""
                {"type":"TemplateProcessing",
                 "single":[{"SpecialToken":{"id":"[CLS]","type_id":0}},{"Sequence":{"id":"A","type_id":0}},{"SpecialToken":{"id":"[SEP]","type_id":0}}],
                 "pair":[{"SpecialToken":{"id":"[CLS]","type_id":0}},{"Sequence":{"id":"A","type_id":0}},{"SpecialToken":{"id":"[SEP]","type_id":0}},{"Sequence":{"id":"B","type_id":1}},{"SpecialToken":{"id":"[SEP]","type_id":1}}],
                 "special_tokens":{"[CLS]":{"id":"[CLS]","ids":[2],"tokens":["[CLS]"]},"[SEP]":{"id":"[SEP]","ids":[3],"tokens":["[SEP]"]}}}
                """),
            ["decoder"] = new JsonObject { ["type"] = "WordPiece", ["prefix"] = "##", ["cleanup"] = true },
            ["model"] = new JsonObject { ["type"] = "WordPiece", ["unk_token"] = "[UNK]", ["continuing_subword_prefix"] = "##", ["max_input_chars_per_word"] = 100, ["vocab"] = vocab },
        };
    }
}
