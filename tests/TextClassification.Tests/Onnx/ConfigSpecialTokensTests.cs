using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TextClassification.Bundles;
using TextClassification.Onnx;
using TextClassification.Tests.Support;
using TextClassification.Tests.Tokenization;
using TextClassification.Tokenization;

namespace TextClassification.Tests.Onnx;

/// <summary>
/// The special tokens an export's tokenizer_config.json and special_tokens_map.json name, over tokenizer.json and
/// vocab.txt, as transformers applies them (audit 38): the pad token is the config's (a <c>&lt;pad&gt;</c> vocabulary
/// whose tokenizer.json has <c>"padding": null</c> was refused for lacking <c>[PAD]</c>), and every named special token
/// is split out of the raw text with its id (transformers adds them all to the tokenizer; a literal <c>&lt;/s&gt;</c> was
/// read as <c>&lt; / s &gt;</c>).
/// </summary>
public sealed class ConfigSpecialTokensTests
{
    // TinyBert's vocabulary with RoBERTa's names at ids 0-4: <pad> <unk> <s> </s> <mask>.
    private static readonly string[] RobertaNames = ["<pad>", "<unk>", "<s>", "</s>", "<mask>", .. TinyBert.Vocabulary[5..]];

    private const string RobertaConfig =
        """{ "cls_token": "<s>", "sep_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>", "mask_token": "<mask>", "bos_token": "<s>", "eos_token": "</s>" }""";

    [Theory]
    [InlineData("tokenizer_config.json")]
    [InlineData("special_tokens_map.json")]
    public void A_tokenizer_json_without_padding_pads_with_the_configs_pad_token(string file)
    {
        using TempFolder folder = Export(RobertaNames, TokenizerJson(RobertaNames, "<s>", "</s>", "<unk>"));
        File.WriteAllText(folder.Combine(file), RobertaConfig);

        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(folder.Path);

        Assert.Equal(0, classifier.Tokenizer.PaddingTokenId);
        using var batch = new TokenBatch();
        classifier.Tokenizer.EncodeBatch(["good", "good movie"], batch);
        Assert.Equal([2, 12, 3, 0], batch.InputIds.Span[..4].ToArray());
        Assert.Equal(2, classifier.Classify("good movie").Scores.Count);
    }

    [Fact]
    public void The_configs_pad_token_wins_over_tokenizer_json_padding_as_transformers_pads_with_it()
    {
        using TempFolder folder = Export(RobertaNames, TokenizerJson(RobertaNames, "<s>", "</s>", "<unk>", padding: """{ "pad_token": "<unk>", "pad_id": 1 }"""));
        File.WriteAllText(folder.Combine("tokenizer_config.json"), RobertaConfig);

        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(folder.Path);

        Assert.Equal(0, classifier.Tokenizer.PaddingTokenId);
    }

    [Fact]
    public void A_pad_token_named_nowhere_and_missing_is_refused_saying_where_to_name_one()
    {
        using TempFolder folder = Export(RobertaNames, TokenizerJson(RobertaNames, "<s>", "</s>", "<unk>"));

        var error = Assert.Throws<BundleFormatException>(() => OnnxTextClassifier.Create(folder.Path));

        Assert.Contains("tokenizer.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("'[PAD]' is not in the vocabulary", error.Message, StringComparison.Ordinal);
        Assert.Contains("pad_token in tokenizer_config.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("add [PAD] to the vocabulary", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Named_special_tokens_written_in_a_text_get_their_ids_over_tokenizer_json()
    {
        // No added_tokens: transformers adds the config's special tokens to the tokenizer itself.
        using TempFolder folder = Export(RobertaNames, TokenizerJson(RobertaNames, "<s>", "</s>", "<unk>"));
        File.WriteAllText(folder.Combine("tokenizer_config.json"), RobertaConfig);

        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(folder.Path);

        // <s> good </s> movie <mask> </s>; "<" alone is <unk>.
        Assert.Equal([2, 12, 3, 14, 4, 1, 3], classifier.Tokenizer.Encode("good</s> movie <mask><").Ids);
    }

    [Fact]
    public void Named_special_tokens_written_in_a_text_get_their_ids_over_vocab_txt_and_a_renamed_one_is_text()
    {
        // [CLS] stays in the vocabulary (id 4, for [MASK]) but cls_token is <s>: transformers no longer splits "[CLS]" out.
        string[] vocabulary = ["<pad>", "<unk>", "<s>", "</s>", "[CLS]", .. TinyBert.Vocabulary[5..], "[", "]", "cl", "##s"];
        using TempFolder folder = Export(vocabulary, tokenizerJson: null);
        File.WriteAllText(folder.Combine("special_tokens_map.json"), """{ "cls_token": "<s>", "sep_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>" }""");

        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(folder.Path);

        int n = TinyBert.Vocabulary.Length;
        Assert.Equal([2, 12, 3, n, n + 2, n + 3, n + 1, 3], classifier.Tokenizer.Encode("good</s>[CLS]").Ids);
    }

    [Fact]
    public void A_named_token_given_with_normalized_true_is_matched_in_the_lower_cased_text()
    {
        using TempFolder folder = Export(RobertaNames, TokenizerJson(RobertaNames, "<s>", "</s>", "<unk>"));
        File.WriteAllText(folder.Combine("tokenizer_config.json"), """
            { "pad_token": "<pad>", "mask_token": { "content": "<mask>", "normalized": true }, "eos_token": "</s>" }
            """);

        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(folder.Path);

        Assert.Equal([2, 4, 4, 1, 1, 1, 1, 3], classifier.Tokenizer.Encode("<MASK><mask></S>").Ids);
    }

    [Property(MaxTest = 300)]
    public Property Texts_without_a_named_token_get_the_ids_they_got_without_the_configs()
    {
        using TempFolder json = Export(RobertaNames, TokenizerJson(RobertaNames, "<s>", "</s>", "<unk>", padding: """{ "pad_token": "<pad>" }"""));
        using TempFolder vocab = Export(RobertaNames, tokenizerJson: null);
        WordPieceTokenizer jsonBefore = Load(json.Path);
        File.WriteAllText(json.Combine("tokenizer_config.json"), RobertaConfig);
        File.WriteAllText(vocab.Combine("special_tokens_map.json"), RobertaConfig);
        WordPieceTokenizer jsonAfter = Load(json.Path);
        WordPieceTokenizer vocabAfter = Load(vocab.Path);
        // What the vocab.txt export gave before: the names, and only BERT's five (none in this vocabulary) matched.
        WordPieceTokenizer vocabBefore = WordPieceTokenizer.Create(
            vocab.Combine("vocab.txt"),
            new WordPieceOptions { UnknownToken = "<unk>", ClassificationToken = "<s>", SeparatorToken = "</s>", PaddingToken = "<pad>", MaxLength = vocabAfter.Options.MaxLength });
        Assert.NotEqual(jsonBefore.Encode("</s>").Ids, jsonAfter.Encode("</s>").Ids);
        Assert.NotEqual(vocabBefore.Encode("</s>").Ids, vocabAfter.Encode("</s>").Ids);

        Gen<string> nearMisses = Gen.Elements("<", ">", "/", "s", "<s", "s>", "</", "<mask", "mask>", "<pad", "<unk", "good", " ", "<<", "é", "[", "]");
        Gen<string> texts = Gen.Frequency(
                (3, TextArbitraries.MixedText().Generator.Select(text => text.Value)),
                (3, nearMisses))
            .ListOf()
            .Select(string.Concat)
            .Where(text => !RobertaNames[..5].Any(name => text.Contains(name, StringComparison.Ordinal)));
        return Prop.ForAll(texts.ToArbitrary(), text =>
        {
            Assert.Equal(jsonBefore.Encode(text).Ids, jsonAfter.Encode(text).Ids);
            Assert.Equal(vocabBefore.Encode(text).Ids, vocabAfter.Encode(text).Ids);
        });
    }

    private static WordPieceTokenizer Load(string folder)
    {
        using var classifier = OnnxTextClassifier.Create(folder);
        return classifier.Tokenizer;
    }

    private static TempFolder Export(string[] vocabulary, string? tokenizerJson)
    {
        var folder = new TempFolder("tc-named-special");
        TableGraph.Write(folder.Path, 2, ["logits"]);
        TableGraph.WriteConfig(folder.Path, TableGraph.TwoLabels + ", \"max_position_embeddings\": 64");
        File.WriteAllLines(folder.Combine("vocab.txt"), vocabulary);
        if (tokenizerJson is not null)
        {
            File.WriteAllText(folder.Combine("tokenizer.json"), tokenizerJson);
        }

        return folder;
    }

    // A BERT-style tokenizer.json (no added_tokens) over the vocabulary, with RoBERTa-style names in its template.
    private static string TokenizerJson(string[] vocabulary, string cls, string sep, string unk, string padding = "null")
    {
        string vocab = string.Join(", ", vocabulary.Select((token, id) => $"{System.Text.Json.JsonSerializer.Serialize(token)}: {id}"));
        return $$$"""
            { "padding": {{{padding}}},
              "normalizer": { "type": "BertNormalizer", "lowercase": true },
              "pre_tokenizer": { "type": "BertPreTokenizer" },
              "post_processor": { "type": "TemplateProcessing",
                "single": [{"SpecialToken": {"id": "{{{cls}}}", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "{{{sep}}}", "type_id": 0}}],
                "pair": [{"SpecialToken": {"id": "{{{cls}}}", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "{{{sep}}}", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}}, {"SpecialToken": {"id": "{{{sep}}}", "type_id": 1}}] },
              "model": { "type": "WordPiece", "unk_token": "{{{unk}}}", "vocab": { {{{vocab}}} } } }
            """;
    }
}
