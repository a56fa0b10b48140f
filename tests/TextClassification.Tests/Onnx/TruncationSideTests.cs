using TextClassification.Bundles;
using TextClassification.Onnx;

namespace TextClassification.Tests.Onnx;

/// <summary>tokenizer_config.json's <c>truncation_side</c>: transformers keeps a long text's last tokens for "left";
/// this library truncates from the right, so such an export is refused naming the file and the field rather than
/// classified with other ids.</summary>
public sealed class TruncationSideTests
{
    [Theory]
    [InlineData("\"left\"", true, "'truncation_side' is \"left\": transformers keeps the last tokens")]
    [InlineData("\"left\"", false, "'truncation_side' is \"left\": transformers keeps the last tokens")]
    [InlineData("\"middle\"", true, "'truncation_side' is \"middle\"; transformers accepts only \"right\" or \"left\"")]
    [InlineData("1", false, "'truncation_side' is 1; transformers accepts only")]
    public void A_truncation_side_other_than_right_is_refused_naming_the_file_and_field(string side, bool classifier, string expected)
    {
        using var export = new TinyBertExport(["neg", "pos"], classifier);
        string path = Path.Combine(export.Folder, "tokenizer_config.json");
        File.WriteAllText(path, $$"""{ "do_lower_case": true, "model_max_length": 16, "truncation_side": {{side}} }""");

        var error = Assert.Throws<BundleFormatException>(() =>
        {
            using IDisposable created = classifier ? OnnxTextClassifier.Create(export.Folder) : OnnxSentenceEncoder.Create(export.Folder);
        });

        Assert.Equal(path, error.FilePath);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"right\"")]
    [InlineData("null")]
    public void Right_truncation_loads_and_keeps_the_first_tokens(string side)
    {
        using var export = new TinyBertExport(["neg", "pos"]);
        File.WriteAllText(Path.Combine(export.Folder, "tokenizer_config.json"), $$"""{ "model_max_length": 16, "truncation_side": {{side}} }""");
        string text = string.Join(' ', Enumerable.Repeat("good movie", 20));

        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(export.Folder);

        double[] expected = TinyBertExport.Softmax(export.Model.Forward(TinyBertExport.Ids(text, 16)).Logits);
        IReadOnlyList<float> scores = classifier.Classify(text).Scores;
        Assert.Equal(expected[0], scores[0], 1e-4);
        Assert.Equal(expected[1], scores[1], 1e-4);
    }
}
