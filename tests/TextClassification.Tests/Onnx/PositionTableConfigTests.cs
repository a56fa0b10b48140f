using TextClassification.Bundles;
using TextClassification.Onnx;

namespace TextClassification.Tests.Onnx;

/// <summary>A config.json whose <c>max_position_embeddings</c> leaves no room for a token is named with its field, for
/// a classifier and for an encoder.</summary>
public sealed class PositionTableConfigTests
{
    [Theory]
    [InlineData(-3, true)]
    [InlineData(0, true)]
    [InlineData(2, true)]
    [InlineData(-3, false)]
    [InlineData(2, false)]
    public void A_position_table_with_no_room_for_a_token_names_config_json_and_its_field(int positions, bool classifier)
    {
        using var export = new TinyBertExport(["neg", "pos"], classifier);
        string configPath = Path.Combine(export.Folder, "config.json");
        File.WriteAllText(configPath, classifier
            ? $$"""{ "model_type": "bert", "id2label": {"0": "neg", "1": "pos"}, "max_position_embeddings": {{positions}} }"""
            : $$"""{ "model_type": "bert", "max_position_embeddings": {{positions}} }""");

        var ex = Assert.Throws<BundleFormatException>(() =>
        {
            using IDisposable created = classifier ? OnnxTextClassifier.Create(export.Folder) : OnnxSentenceEncoder.Create(export.Folder);
        });

        // It blamed vocab.txt: "MaxLength must be at least 3 (room for [CLS] a [SEP] b [SEP] framing), not -3. (Parameter 'options')".
        Assert.Equal(configPath, ex.FilePath);
        Assert.Contains($"max_position_embeddings is {positions}", ex.Message, StringComparison.Ordinal);
    }
}
