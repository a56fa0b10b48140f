using System.Text;
using TextClassification.Tokenization;

namespace TextClassification.Tests.WordPiece;

/// <summary>tokenizer.json's BertNormalizer flags must be booleans (or null, or absent): a string "false" was read as
/// absent, so a cased tokenizer was lower-cased.</summary>
public sealed class TokenizerJsonNormalizerFlagTests
{
    [Theory]
    [InlineData("lowercase", "\"false\"")]
    [InlineData("lowercase", "0")]
    [InlineData("clean_text", "\"no\"")]
    [InlineData("handle_chinese_chars", "[]")]
    [InlineData("strip_accents", "\"true\"")]
    public void A_normalizer_flag_that_is_not_a_boolean_is_refused_by_name(string flag, string value)
    {
        string body = "\"model\": {\"type\": \"WordPiece\", \"vocab\": {\"[UNK]\": 0}}, \"normalizer\": {\"type\": \"BertNormalizer\", \"" + flag + "\": " + value + "}";

        var error = Assert.Throws<InvalidDataException>(() =>
            WordPieceTokenizer.CreateFromTokenizerJson(new MemoryStream(Encoding.UTF8.GetBytes("{" + body + "}"))));

        Assert.Contains($"normalizer.{flag}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("null", true)] // BertNormalizer's default
    public void Boolean_and_null_flags_are_read_as_before(string value, bool lowercase)
    {
        string body = "\"model\": {\"type\": \"WordPiece\", \"vocab\": {\"[UNK]\": 0, \"[CLS]\": 1, \"[SEP]\": 2, \"[PAD]\": 3}}, \"normalizer\": {\"type\": \"BertNormalizer\", \"lowercase\": " + value + ", \"strip_accents\": null}, " +
            "\"pre_tokenizer\": {\"type\": \"BertPreTokenizer\"}, \"post_processor\": {\"type\": \"BertProcessing\", \"cls\": [\"[CLS]\", 1], \"sep\": [\"[SEP]\", 2]}";

        WordPieceTokenizer tokenizer = WordPieceTokenizer.CreateFromTokenizerJson(new MemoryStream(Encoding.UTF8.GetBytes("{" + body + "}")));

        Assert.Equal(lowercase, tokenizer.Options.Lowercase);
        Assert.Null(tokenizer.Options.StripAccents);
    }
}
