using System.Text;
using TextClassification.Onnx;
using TextClassification.Tokenization;

namespace TextClassification.Tests.Onnx;

/// <summary>
/// A <c>tokenizer.json</c> <c>TemplateProcessing</c> pair template decides how text pairs are laid out (audit 37,
/// finding 1: MPNet's <c>&lt;s&gt; A &lt;/s&gt; &lt;/s&gt; B &lt;/s&gt;</c>, all type 0, was encoded BERT's way). The
/// expected ids are written out by hand from the template, and the scores come from TinyBert's own forward pass.
/// </summary>
public sealed class PairTemplateTests
{
    // MPNet / RoBERTa-style names: TinyBert's [CLS] (2) and [SEP] (3) renamed, so the graph's tables still fit.
    private const string MpnetSingle = """[{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}}]""";

    private const string MpnetPair = """
        [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}},
         {"SpecialToken": {"id": "</s>", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}}]
        """;

    private const string BertSingle = """[{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "[SEP]", "type_id": 0}}]""";

    private const string BertPair = """
        [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "[SEP]", "type_id": 0}},
         {"Sequence": {"id": "B", "type_id": 1}}, {"SpecialToken": {"id": "[SEP]", "type_id": 1}}]
        """;

    [Fact]
    public void An_mpnet_pair_template_gives_its_own_special_tokens_and_type_ids()
    {
        WordPieceTokenizer tokenizer = FromJson(MpnetSingle, MpnetPair, mpnetNames: true);

        WordPieceEncoding pair = tokenizer.Encode("the cat", "good movie");

        // <s> the cat </s> </s> good movie </s>, every type 0 (as transformers' MPNet tokenizer gives).
        Assert.Equal([2, 5, 7, 3, 3, 12, 14, 3], pair.Ids);
        Assert.Equal(new int[8], pair.TypeIds);
        Assert.Equal([2, 5, 7, 3], tokenizer.Encode("the cat").Ids);
    }

    [Fact]
    public void An_mpnet_pair_is_truncated_longest_first_within_the_room_its_four_special_tokens_leave()
    {
        WordPieceTokenizer tokenizer = FromJson(MpnetSingle, MpnetPair, mpnetNames: true, maxLength: 9);
        long[] ids = new long[12];
        long[] mask = new long[12];
        long[] types = Enumerable.Repeat(7L, 12).ToArray();

        int count = tokenizer.EncodePair("the cat sat on the mat", "good movie", ids, mask, types);

        // 9 − 4 special tokens = 5: "good movie" (2) stays whole, the first text keeps 3.
        Assert.Equal(9, count);
        Assert.Equal([2, 5, 7, 9, 3, 3, 12, 14, 3, 0, 0, 0], ids);
        Assert.Equal(new long[12], types);
        Assert.Throws<ArgumentException>(() => tokenizer.EncodePair("a", "b", new long[3], new long[3]));
    }

    [Fact]
    public void A_bert_template_gives_the_same_pairs_as_bert_processing()
    {
        WordPieceTokenizer template = FromJson(BertSingle, BertPair, mpnetNames: false);
        WordPieceTokenizer bert = TinyBertExport.Tokenizer();

        WordPieceEncoding pair = template.Encode("the cat", "good movie");

        Assert.Equal([2, 5, 7, 3, 12, 14, 3], pair.Ids);
        Assert.Equal([0, 0, 0, 0, 1, 1, 1], pair.TypeIds);
        Assert.Equal(bert.Encode("the cat", "good movie"), pair);
    }

    [Theory]
    [InlineData("""[{"Sequence": {"id": "B", "type_id": 0}}, {"SpecialToken": {"id": "[SEP]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}]""", "$A once and then $B once")]
    [InlineData("""[{"SpecialToken": {"id": "[CLS]", "type_id": 1}}, {"Sequence": {"id": "A", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}}]""", "type id 0 follows type id 1")]
    [InlineData("""[{"Sequence": {"id": "A", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 2}}, {"SpecialToken": {"id": "[CLS]", "type_id": 2}}]""", "type id 0 or 1")]
    [InlineData("[]", "it is empty")]
    [InlineData("""[{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "<absent>", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}}]""", "names the special token '<absent>', which is not in the vocabulary")] // it had refused the whole tokenizer (a review)
    public void A_pair_template_it_does_not_build_refuses_pairs_but_not_single_texts(string pairTemplate, string reason)
    {
        WordPieceTokenizer tokenizer = FromJson(BertSingle, pairTemplate, mpnetNames: false);

        Assert.Equal([2, 5, 7, 3], tokenizer.Encode("the cat").Ids);
        var error = Assert.Throws<NotSupportedException>(() => tokenizer.Encode("the cat", "good movie"));
        Assert.Contains("tokenizer.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("pair template", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Throws<NotSupportedException>(() => tokenizer.EncodeBatch(["a"], ["b"], new TokenBatch()));
    }

    [Fact]
    public void An_mpnet_export_classifies_pairs_as_its_template_lays_them_out()
    {
        using var export = new TinyBertExport(["entail", "contradict"]);
        File.WriteAllText(Path.Combine(export.Folder, "tokenizer.json"), TokenizerJson(MpnetSingle, MpnetPair, mpnetNames: true));
        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(export.Folder);

        IReadOnlyList<Prediction> predictions = classifier.ClassifyPairBatch(["the cat", "good movie"], ["sat on the mat", "bad film"]);

        // <s> the cat </s> </s> sat on the mat </s> and <s> good movie </s> </s> bad film </s>, types all 0.
        long[][] expectedIds = [[2, 5, 7, 3, 3, 9, 10, 5, 11, 3], [2, 12, 14, 3, 3, 13, 20, 3]];
        for (int i = 0; i < expectedIds.Length; i++)
        {
            double[] logits = export.Model.Forward(expectedIds[i], new long[expectedIds[i].Length]).Logits;
            double[] expected = TinyBertExport.Softmax(logits);
            for (int j = 0; j < expected.Length; j++)
            {
                Assert.True(Math.Abs(expected[j] - predictions[i].Scores[j]) <= 1e-4, $"pair {i} [{j}]: expected {expected[j]}, got {predictions[i].Scores[j]}");
            }
        }
    }

    [Fact]
    public void An_export_whose_pair_template_is_not_built_refuses_pairs_and_still_classifies_texts()
    {
        using var export = new TinyBertExport(["neg", "pos"]);
        const string reversed = """[{"Sequence": {"id": "B", "type_id": 0}}, {"SpecialToken": {"id": "[SEP]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}]""";
        File.WriteAllText(Path.Combine(export.Folder, "tokenizer.json"), TokenizerJson(BertSingle, reversed, mpnetNames: false));
        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(export.Folder);

        Assert.Equal(2, classifier.Classify("good movie").Scores.Count);
        var error = Assert.Throws<NotSupportedException>(() => classifier.ClassifyPairBatch(["good movie"], ["bad film"]));
        Assert.Contains("tokenizer.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("'$B:0 [SEP]:0 $A:0'", error.Message, StringComparison.Ordinal);
    }

    private static WordPieceTokenizer FromJson(string single, string pair, bool mpnetNames, int maxLength = 64) =>
        WordPieceTokenizer.CreateFromTokenizerJson(new MemoryStream(Encoding.UTF8.GetBytes(TokenizerJson(single, pair, mpnetNames))), new WordPieceOptions { MaxLength = maxLength });

    private static string TokenizerJson(string single, string pair, bool mpnetNames)
    {
        string Name(string token) => !mpnetNames ? token : token switch { "[CLS]" => "<s>", "[SEP]" => "</s>", "[PAD]" => "<pad>", "[UNK]" => "<unk>", _ => token };
        string vocab = string.Join(", ", TinyBert.Vocabulary.Select((t, i) => $"{System.Text.Json.JsonSerializer.Serialize(Name(t))}: {i}"));
        string pad = Name("[PAD]");
        string unk = Name("[UNK]");
        return $$"""
            { "padding": { "pad_token": "{{pad}}" },
              "normalizer": { "type": "BertNormalizer", "lowercase": true },
              "pre_tokenizer": { "type": "BertPreTokenizer" },
              "post_processor": { "type": "TemplateProcessing", "single": {{single}}, "pair": {{pair}}, "special_tokens": {} },
              "model": { "type": "WordPiece", "unk_token": "{{unk}}", "vocab": { {{vocab}} } } }
            """;
    }
}
