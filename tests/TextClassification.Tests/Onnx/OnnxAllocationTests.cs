using TextClassification.Onnx;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Onnx;

/// <summary>What an ONNX classifier's <c>Score</c> allocates per call (README: about 1 KB for a text that fits the
/// model's sequence length, its tensors; the run's buffers are pooled). Measured on the tiny test export.</summary>
public sealed class OnnxAllocationTests
{
    [Fact]
    public void Score_of_a_text_that_fits_allocates_about_a_kilobyte_not_its_buffers()
    {
        using var export = new TinyBertExport(["neg", "pos"]);
        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(export.Folder);
        float[] scores = new float[2];
        classifier.Score("good movie", scores); // warm up

        long bytes = Allocations.Fewest(() => classifier.Score("good movie", scores), attempts: 5);

        Assert.True(bytes > 0, "measured nothing");
        Assert.True(bytes <= 2048, $"{bytes} B per call");
    }
}
