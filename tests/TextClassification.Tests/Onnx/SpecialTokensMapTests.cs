using TextClassification.Bundles;
using TextClassification.Onnx;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Onnx;

/// <summary>
/// A vocab.txt export's special-token names from <c>special_tokens_map.json</c>, as transformers' <c>from_pretrained</c>
/// reads them (audit 37, finding 2: only tokenizer_config.json was read, so a <c>&lt;s&gt; &lt;/s&gt; &lt;unk&gt;</c>
/// vocabulary was refused and one holding both <c>[CLS]</c> and a mapped <c>&lt;s&gt;</c> got <c>[CLS]</c>'s id).
/// </summary>
public sealed class SpecialTokensMapTests
{
    [Fact]
    public void A_vocabulary_of_roberta_style_names_loads_from_the_map_and_scores_as_the_reference()
    {
        using var export = new TinyBertExport(["neg", "pos"]);
        // TinyBert's [PAD] [UNK] [CLS] [SEP] renamed, at their ids 0-3.
        File.WriteAllLines(Path.Combine(export.Folder, "vocab.txt"), Renamed(("[PAD]", "<pad>"), ("[UNK]", "<unk>"), ("[CLS]", "<s>"), ("[SEP]", "</s>")));
        File.WriteAllText(Path.Combine(export.Folder, "special_tokens_map.json"), """
            { "cls_token": "<s>", "sep_token": "</s>", "bos_token": "<s>", "eos_token": "</s>",
              "unk_token": { "content": "<unk>", "lstrip": false, "normalized": true, "rstrip": false, "single_word": false },
              "pad_token": "<pad>", "mask_token": "[MASK]" }
            """);

        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(export.Folder);

        // <s> good movie zzz </s>, zzz being <unk>.
        Assert.Equal([2, 12, 14, 1, 3], classifier.Tokenizer.Encode("good movie zzz").Ids);
        Assert.Equal(0, classifier.Tokenizer.PaddingTokenId);
        double[] expected = TinyBertExport.Softmax(export.Model.Forward([2, 12, 14, 1, 3]).Logits);
        IReadOnlyList<float> scores = classifier.Classify("good movie zzz").Scores;
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - scores[i]) <= 1e-4, $"[{i}]: expected {expected[i]}, got {scores[i]}");
        }
    }

    [Fact]
    public void A_mapped_cls_token_wins_over_a_bracketed_one_the_vocabulary_also_holds()
    {
        using var folder = Folder(Renamed(("[MASK]", "<s>")));
        File.WriteAllText(folder.Combine("special_tokens_map.json"), """{ "cls_token": "<s>" }""");

        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(folder.Path);

        Assert.Equal(4, classifier.Tokenizer.Encode("good").Ids[0]);
    }

    [Theory]
    // Before transformers 4.34 (no added_tokens_decoder) the map is applied over tokenizer_config.json's names.
    [InlineData("""{ "cls_token": "[CLS]" }""", 4)]
    // 4.34+ saves added_tokens_decoder, and then tokenizer_config.json's names stand and the map is not read for them.
    [InlineData("""{ "cls_token": "[CLS]", "added_tokens_decoder": { "2": { "content": "[CLS]", "special": true } } }""", 2)]
    public void The_map_wins_over_tokenizer_config_as_in_transformers_unless_the_config_has_added_tokens_decoder(string tokenizerConfig, int clsId)
    {
        using var folder = Folder(Renamed(("[MASK]", "<s>")));
        File.WriteAllText(folder.Combine("special_tokens_map.json"), """{ "cls_token": "<s>" }""");
        File.WriteAllText(folder.Combine("tokenizer_config.json"), tokenizerConfig);

        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(folder.Path);

        Assert.Equal(clsId, classifier.Tokenizer.Encode("good").Ids[0]);
    }

    [Fact]
    public void A_name_missing_from_the_vocabulary_says_which_files_name_the_special_tokens()
    {
        using var folder = Folder(Renamed(("[UNK]", "<unk>")));

        var error = Assert.Throws<BundleFormatException>(() => OnnxTextClassifier.Create(folder.Path));

        Assert.Contains("vocab.txt", error.Message, StringComparison.Ordinal);
        Assert.Contains("'[UNK]' is not in the vocabulary", error.Message, StringComparison.Ordinal);
        Assert.Contains("special_tokens_map.json", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_map_name_of_the_wrong_type_names_the_map()
    {
        using var folder = Folder(TinyBert.Vocabulary);
        File.WriteAllText(folder.Combine("special_tokens_map.json"), """{ "cls_token": 5 }""");

        var error = Assert.Throws<BundleFormatException>(() => OnnxTextClassifier.Create(folder.Path));

        Assert.Contains("special_tokens_map.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("cls_token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_added_tokens_decoder_saved_the_map_is_not_read_at_all()
    {
        // transformers' from_pretrained reads special_tokens_map.json only in its legacy branch, without
        // added_tokens_decoder: neither the map's additional tokens nor a malformed map count then (a review: a broken map
        // failed the load, and its additional_special_tokens were split out of the text).
        using var folder = Folder(Renamed(("[MASK]", "<extra>")));
        File.WriteAllText(folder.Combine("tokenizer_config.json"), """{ "added_tokens_decoder": { "2": { "content": "[CLS]", "special": true } } }""");
        File.WriteAllText(folder.Combine("special_tokens_map.json"), """{ "additional_special_tokens": ["<extra>"] }""");

        using (OnnxTextClassifier classifier = OnnxTextClassifier.Create(folder.Path))
        {
            Assert.DoesNotContain(4, classifier.Tokenizer.Encode("good <extra>").Ids);
        }

        File.WriteAllText(folder.Combine("special_tokens_map.json"), "{ not json");
        using OnnxTextClassifier loaded = OnnxTextClassifier.Create(folder.Path);
        Assert.Equal(2, loaded.Tokenizer.Encode("good").Ids[0]);
    }

    private static string[] Renamed(params (string From, string To)[] renames) =>
        TinyBert.Vocabulary.Select(t => renames.FirstOrDefault(r => r.From == t).To ?? t).ToArray();

    private static TempFolder Folder(string[] vocabulary)
    {
        var folder = new TempFolder("tc-special-map");
        TableGraph.Write(folder.Path, 2, ["logits"]);
        TableGraph.WriteConfig(folder.Path, TableGraph.TwoLabels + ", \"max_position_embeddings\": 64");
        File.WriteAllLines(folder.Combine("vocab.txt"), vocabulary);
        return folder;
    }
}
