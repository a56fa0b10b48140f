using TextClassification.Bundles;
using TextClassification.Onnx;
using TextClassification.Tests.Support;
using TextClassification.Tokenization;

namespace TextClassification.Tests.Onnx;

/// <summary>A vocab.txt export's added tokens (no tokenizer.json): matched as transformers matches them.</summary>
public sealed class ExportAddedTokensTests
{
    private static readonly int Past = TinyBert.Vocabulary.Length;

    [Fact]
    public void Tokens_from_added_tokens_decoder_are_split_out_with_their_own_ids()
    {
        using var folder = new TempFolder("tc-added-tokens");
        File.WriteAllText(Path.Combine(folder.Path, "tokenizer_config.json"), $$"""
            { "do_lower_case": true, "added_tokens_decoder": {
                "0": { "content": "[PAD]", "special": true, "normalized": false },
                "{{Past}}": { "content": "[USER]", "special": true, "normalized": false, "single_word": false },
                "{{Past + 1}}": { "content": "<url>", "special": false, "normalized": true } } }
            """);

        WordPieceTokenizer tokenizer = Load(folder.Path);

        int[] plain = Load(null).Encode("good movie").Ids;
        Assert.Equal([plain[0], Past, plain[1], Past + 1, plain[2], plain[^1]], tokenizer.Encode("[USER]good<URL>movie").Ids);
        // The named special tokens are still matched though the file lists only [PAD] of them.
        Assert.Equal(plain[0], tokenizer.Encode("[CLS]").Ids[1]);
    }

    [Fact]
    public void Tokens_from_the_legacy_added_tokens_file_are_special_when_the_config_names_them()
    {
        // transformers: an added_tokens.json entry is special when it is one of the named or additional special tokens,
        // and then matched in the raw text (case kept); otherwise matched in the normalized text.
        using var folder = new TempFolder("tc-added-tokens");
        File.WriteAllText(Path.Combine(folder.Path, "added_tokens.json"), $$"""{ "[USER]": {{Past}}, "<url>": {{Past + 1}} }""");
        File.WriteAllText(Path.Combine(folder.Path, "special_tokens_map.json"), """{ "additional_special_tokens": ["[USER]"] }""");

        WordPieceTokenizer tokenizer = Load(folder.Path);

        int[] user = Load(null).Encode("[user]").Ids[1..^1];
        Assert.Equal(Past, tokenizer.Encode("[USER]").Ids[1]);
        Assert.Equal(user, tokenizer.Encode("[user]").Ids[1..^1]); // special: exact case only
        Assert.Equal(Past + 1, tokenizer.Encode("<URL>").Ids[1]); // not special: normalized, so case is ignored
    }

    [Theory]
    [InlineData("good", "false", "the added token 'good'")]
    [InlineData("good", "true", "the added token 'good'")]
    [InlineData("[USER]", "true", "single_word")]
    public void Added_tokens_whose_matching_WordPiece_cannot_reproduce_are_refused(string content, string singleWord, string messagePart)
    {
        // Hugging Face splits "good" out of "goodness"; with single_word out of "good😀" (one word to WordPiece); and
        // with single_word it skips "[USER]" in "a[USER]b". A vocabulary word under its own id is no exception.
        using var folder = new TempFolder("tc-added-tokens");
        int id = content == "good" ? Array.IndexOf(TinyBert.Vocabulary, "good") : Past;
        File.WriteAllText(Path.Combine(folder.Path, "tokenizer_config.json"), $$"""
            { "added_tokens_decoder": { "{{id}}": { "content": "{{content}}", "special": false, "single_word": {{singleWord}} } } }
            """);

        var error = Assert.Throws<InvalidDataException>(() => Load(folder.Path));
        Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
        Assert.Contains("added_tokens_decoder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_added_tokens_file_is_named()
    {
        using var folder = new TempFolder("tc-added-tokens");
        File.WriteAllText(Path.Combine(folder.Path, "added_tokens.json"), """{ "[USER]": "30" }""");
        var error = Assert.Throws<BundleFormatException>(() => Load(folder.Path));
        Assert.Contains("added_tokens.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("[USER]", error.Message, StringComparison.Ordinal);
    }

    // The export's tokenizer as OnnxTextClassifier loads it from vocab.txt; null: the vocabulary alone.
    private static WordPieceTokenizer Load(string? folder)
    {
        using var vocabulary = new TempFolder("tc-added-vocab");
        string vocab = Path.Combine(folder ?? vocabulary.Path, "vocab.txt");
        File.WriteAllLines(vocab, TinyBert.Vocabulary);
        using System.Text.Json.JsonDocument? config = TokenizerConfig.Read(folder ?? vocabulary.Path);
        ExportSpecialTokens named = ExportSpecialTokens.Read(folder ?? vocabulary.Path, config?.RootElement);
        return ExportTokenizer.LoadVocabularyWithAddedTokens(folder ?? vocabulary.Path, vocab, named.ApplyNames(new WordPieceOptions()), config?.RootElement, named);
    }
}
