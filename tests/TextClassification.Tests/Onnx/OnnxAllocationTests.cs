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

    [Fact]
    public void Sliding_windows_of_a_long_text_allocate_per_run_not_per_character()
    {
        // README: one run for every 32 windows, each run's tensors allocated (about 29 KB for a 100 KB text was an
        // unmeasured figure). The tiny export reads 64 tokens: 20,000 tokens are some 650 windows, 21 runs.
        using var export = new TinyBertExport(["neg", "pos"]);
        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(export.Folder, new OnnxTextClassifierOptions { LongText = LongTextStrategy.SlidingWindow });
        float[] scores = new float[2];
        string text = string.Join(' ', Enumerable.Repeat("good movie", 10_000)); // 110 KB of chars
        string half = text[..(text.Length / 2)];
        classifier.Score(text, scores); // warm up

        // Eight attempts: with the allocation tests of other classes running beside it, garbage collections trimmed the
        // shared array pools during all three attempts of the full text once (25,656 B against 9,256 B for its half).
        long full = Allocations.Fewest(() => classifier.Score(text, scores), attempts: 8);
        long halfBytes = Allocations.Fewest(() => classifier.Score(half, scores), attempts: 8);

        Assert.True(full <= 32 * 1024, $"{full} B for {text.Length} chars");
        Assert.True(full < 2.5 * halfBytes, $"{full} B for the text, {halfBytes} B for its first half"); // runs, not a copy of the text
        Assert.True(full > 1.5 * halfBytes, $"{full} B for the text, {halfBytes} B for its first half"); // each run's tensors
    }

    [Fact]
    public void An_encoder_heads_batch_holds_a_chunk_of_vectors_not_every_texts()
    {
        // ClassifyBatch embedded every text into one array of texts × the encoder's width: 32 MB here, 3 GB for a million
        // texts of a 768-wide encoder, and past 2^31 values an unnamed OverflowException. Now a chunk at a time, with the
        // same answers as one text at a time.
        using var folder = new TempFolder("tc-onnx-wide-batch");
        const int Width = 4096;
        TableGraph.Write(folder.Path, Width, ["last_hidden_state"]);
        float[] weights = new float[2 * Width];
        weights[0] = 1f;
        var head = new TextClassification.Heads.EncoderHead(null, new TextClassification.Heads.LinearHead(weights, new float[2], Width));
        using var classifier = new EncoderHeadClassifier(["a", "b"], OnnxSentenceEncoder.Create(folder.Path), head);
        string[] texts = [.. Enumerable.Range(0, 2048).Select(i => i % 3 == 0 ? "good movie" : i % 3 == 1 ? "a very bad plot" : "film")];
        classifier.ClassifyBatch(texts); // warm up

        long bytes = Allocations.Fewest(() => classifier.ClassifyBatch(texts), attempts: 2);
        IReadOnlyList<Prediction> batch = classifier.ClassifyBatch(texts);

        Assert.True(bytes < 8 << 20, $"{bytes} B for {texts.Length} texts of {Width} values");
        foreach (int i in (int[])[0, 1, 2, 255, 256, 1000, 2047])
        {
            Assert.Equal(classifier.Classify(texts[i]).Scores, batch[i].Scores);
        }
    }
}
