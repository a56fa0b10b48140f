using TextClassification.Bundles;
using TextClassification.Onnx;

namespace TextClassification.Tests.Onnx;

/// <summary>An export's tokenizer.json that cannot be read is refused naming the file once: the export wrapped the
/// reader's "tokenizer.json: …" in its own "…/tokenizer.json: ", so the message read "…/tokenizer.json: tokenizer.json: …"
/// (review 52b).</summary>
public sealed class ExportTokenizerMessageTests
{
    [Theory]
    [InlineData("""{"model": {"type": "WordPiece", "vocab": {"[UNK]": 0, "a": -1}}}""", "non-negative")]
    [InlineData("""{"model": {"type": "WordPiece", "vocab": {"[UNK]": 0}}, "normalizer": {"type": "Sequence"}, "pre_tokenizer": {"type": "BertPreTokenizer"}}""", "Sequence")]
    public void A_tokenizer_json_it_cannot_read_is_named_once(string json, string reason)
    {
        using var export = new TinyBertExport(["negative", "positive"]);
        string path = Path.Combine(export.Folder, "tokenizer.json");
        File.WriteAllText(path, json);

        var error = Assert.Throws<BundleFormatException>(() => OnnxTextClassifier.Create(export.Folder));

        Assert.Equal(path, error.FilePath);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(error.Message, "tokenizer\\.json: "));
    }
}
