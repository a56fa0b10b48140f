using TextClassification.Tests.Onnx;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Cli;

public sealed class InspectCommandTests
{
    [Fact]
    public void HuggingFaceExport_ListsItsLabelsTokenizerAndFiles()
    {
        using var export = new TinyBertExport(["neg", "pos", "neutral"]);

        CliResult result = CliResult.Run(null, "inspect", export.Folder);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Hugging Face export", result.Out, StringComparison.Ordinal);
        Assert.Contains("single_label_classification", result.Out, StringComparison.Ordinal);
        Assert.Contains("labels        3", result.Out, StringComparison.Ordinal);
        Assert.Contains("     2  neutral", result.Out, StringComparison.Ordinal);
        Assert.Contains("WordPiece", result.Out, StringComparison.Ordinal);
        Assert.Contains("model.onnx", result.Out, StringComparison.Ordinal);
        Assert.Contains("vocab.txt", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void HuggingFaceExport_WhoseGraphDoesNotMatchItsLabels_Fails()
    {
        using var export = new TinyBertExport(["neg", "pos"], id2LabelJson: """{"0": "a", "1": "b", "2": "c"}""");

        CliResult result = CliResult.Run(null, "inspect", export.Folder);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("model.onnx", result.Error, StringComparison.Ordinal);
        Assert.Contains("id2label", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bundle_WithATruncatedWeightsFile_IsListedAsWrongSizeAndFails()
    {
        using var temp = new TempFolder("tc-inspect");
        string bundle = BundleEditing.SaveBundle(temp, TestModels.Small);
        string weights = BundleEditing.WeightFile(bundle, "embeddings");
        long size = new FileInfo(weights).Length;
        using (var stream = new FileStream(weights, FileMode.Open))
        {
            stream.SetLength(size / 2);
        }

        CliResult result = CliResult.Run(null, "inspect", bundle);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"WRONG SIZE: {size / 2} bytes on disk, {size} recorded", result.Out, StringComparison.Ordinal);
        Assert.Contains("1 of the manifest's", result.Error, StringComparison.Ordinal);
        Assert.Contains("labels", result.Out, StringComparison.Ordinal); // listed before failing
    }

    [Fact]
    public void Bundle_WithAMissingFile_IsListedAsMissingAndFails()
    {
        using var temp = new TempFolder("tc-inspect");
        string bundle = BundleEditing.SaveBundle(temp, TestModels.Small);
        File.Delete(BundleEditing.WeightFile(bundle, "embeddings"));

        CliResult result = CliResult.Run(null, "inspect", bundle);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("MISSING", result.Out, StringComparison.Ordinal);
        Assert.Contains("missing or not the size it records", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void IntactBundle_Succeeds()
    {
        using var temp = new TempFolder("tc-inspect");
        string bundle = BundleEditing.SaveBundle(temp, TestModels.Small);

        CliResult result = CliResult.Run(null, "inspect", bundle);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("MISSING", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("WRONG SIZE", result.Out, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Error);
    }
}
