using TextClassification.Bundles;
using TextClassification.Onnx;

namespace TextClassification.Tests.Onnx;

/// <summary>tokenizer_config.json's <c>do_basic_tokenize</c> for an export read from vocab.txt: false makes transformers'
/// BertTokenizer skip its basic tokenizer (no split at punctuation, no lower-casing), where this library always runs it, so
/// such an export is refused naming the file and the field rather than classified with other ids (review 57c's open
/// item). With tokenizer.json, transformers' fast tokenizer does not read the setting, and neither does this library.</summary>
public sealed class BasicTokenizationTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Do_basic_tokenize_false_is_refused_naming_the_file_and_field(bool classifier)
    {
        using var export = new TinyBertExport(["neg", "pos"], classifier);
        string path = Path.Combine(export.Folder, "tokenizer_config.json");
        File.WriteAllText(path, """{ "do_lower_case": true, "do_basic_tokenize": false }""");

        var error = Assert.Throws<BundleFormatException>(() =>
        {
            using IDisposable created = classifier ? OnnxTextClassifier.Create(export.Folder) : OnnxSentenceEncoder.Create(export.Folder);
        });

        Assert.Equal(path, error.FilePath);
        Assert.Contains("'do_basic_tokenize' is false", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_do_basic_tokenize_that_is_not_a_boolean_is_refused()
    {
        using var export = new TinyBertExport(["neg", "pos"]);
        string path = Path.Combine(export.Folder, "tokenizer_config.json");
        File.WriteAllText(path, """{ "do_basic_tokenize": "no" }""");

        var error = Assert.Throws<BundleFormatException>(() => OnnxTextClassifier.Create(export.Folder));

        Assert.Equal(path, error.FilePath);
        Assert.Contains("'do_basic_tokenize' must be true, false or null", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("true", false)]
    [InlineData("null", false)]
    [InlineData("false", true)]
    public void Basic_tokenization_on_or_a_tokenizer_json_loads(string value, bool tokenizerJson)
    {
        using var export = new TinyBertExport(["neg", "pos"]);
        File.WriteAllText(Path.Combine(export.Folder, "tokenizer_config.json"), $$"""{ "do_lower_case": true, "do_basic_tokenize": {{value}} }""");
        if (tokenizerJson)
        {
            File.WriteAllText(Path.Combine(export.Folder, "tokenizer.json"), ExportJsonUtf8Tests.TokenizerJson(TinyBert.Vocabulary[0]));
        }

        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(export.Folder);

        double[] expected = TinyBertExport.Softmax(export.Model.Forward(TinyBertExport.Ids("Good movie!")).Logits);
        Assert.Equal(expected[1], classifier.Classify("Good movie!").Scores[1], 1e-4);
    }
}
