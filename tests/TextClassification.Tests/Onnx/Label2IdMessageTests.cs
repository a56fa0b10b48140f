using TextClassification.Bundles;
using TextClassification.Onnx;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Onnx;

/// <summary>A config.json with label2id alone is read the other way round; its mistakes are named as label2id's, the
/// field the file has, not id2label's.</summary>
public sealed class Label2IdMessageTests
{
    [Theory]
    [InlineData("\"label2id\": {\"a\": 0, \"b\": 2}", "'label2id' gives the label 'b' the id 2; its ids must be 0 to 1, each once")]
    [InlineData("\"label2id\": {\"a\": 1}", "'label2id' has one label")]
    [InlineData("\"label2id\": {\"\": 0, \"b\": 1}", "'label2id' gives id 0 an empty label")]
    [InlineData("\"id2label\": {\"0\": \"a\", \"2\": \"b\"}", "'id2label' keys must be the ids 0..1, each once; found '2'")]
    [InlineData("\"id2label\": {\"0\": \"a\"}", "'id2label' has one label")]
    public void A_label_mistake_names_the_field_the_config_has(string body, string expected)
    {
        using var folder = new TempFolder("tc-onnx-label2id");
        TableGraph.Write(folder.Path, 2, ["logits"]);
        TableGraph.WriteConfig(folder.Path, body);

        var error = Assert.Throws<BundleFormatException>(() => OnnxTextClassifier.Create(folder.Path));

        Assert.Equal(folder.Combine("config.json"), error.FilePath);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
