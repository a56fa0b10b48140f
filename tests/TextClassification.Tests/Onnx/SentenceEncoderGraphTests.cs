using TextClassification.Onnx;
using TextClassification.Pooling;

namespace TextClassification.Tests.Onnx;

/// <summary>The encoder variant of the tiny graph (<c>last_hidden_state</c>) against the reference, and pooling of
/// its padded output.</summary>
public sealed class SentenceEncoderGraphTests
{
    [Fact]
    public void Hidden_states_and_mean_pooling_match_the_reference_in_a_padded_batch()
    {
        using var export = new TinyBertExport(["unused"], classifier: false);
        using OnnxModel model = OnnxModel.Create(Path.Combine(export.Folder, "model.onnx"), new OnnxSessionOptions(), ["last_hidden_state"]);
        using var batch = new TextClassification.Tokenization.TokenBatch();
        string[] texts = ["the cat sat on the mat.", "good", "a very bad , awful film"];
        TinyBertExport.Tokenizer().EncodeBatch(texts, batch);
        const int d = TinyBert.Hidden;
        int s = batch.SequenceLength;
        float[] hidden = new float[texts.Length * s * d];

        model.Run(batch.InputIds, batch.AttentionMask, batch.TokenTypeIds, texts.Length, s, hidden);

        float[] pooled = new float[texts.Length * d];
        SentencePooling.Pool(hidden, batch.AttentionMask.Span, texts.Length, d, SentencePoolingMode.Mean, normalize: true, pooled);
        for (int b = 0; b < texts.Length; b++)
        {
            double[,] reference = export.Model.Forward(TinyBertExport.Ids(texts[b])).Hidden;
            int length = batch.GetLength(b);
            double[] mean = new double[d];
            for (int t = 0; t < length; t++)
            {
                for (int j = 0; j < d; j++)
                {
                    Assert.True(Math.Abs(reference[t, j] - hidden[(((b * s) + t) * d) + j]) <= 1e-4, $"text {b} token {t} dim {j}");
                    mean[j] += reference[t, j] / length;
                }
            }

            double norm = Math.Sqrt(mean.Sum(v => v * v));
            for (int j = 0; j < d; j++)
            {
                Assert.True(Math.Abs((mean[j] / norm) - pooled[(b * d) + j]) <= 1e-4, $"pooled text {b} dim {j}");
            }
        }
    }

    [Theory]
    [InlineData(SentencePoolingMode.Mean, true)]
    [InlineData(SentencePoolingMode.Cls, false)]
    [InlineData(SentencePoolingMode.Mean, true, OnnxProtoWriter.Int32Type)] // a tf2onnx export's inputs, padded batches
    [InlineData(SentencePoolingMode.Mean, false, OnnxProtoWriter.Int64Type, OnnxProtoWriter.Float16Type)] // an fp16 export's hidden states
    public void Sentence_encoder_embeddings_match_the_reference_and_batching(
        SentencePoolingMode mode, bool normalize, int inputType = OnnxProtoWriter.Int64Type, int outputType = OnnxProtoWriter.FloatType)
    {
        using var export = new TinyBertExport(["unused"], classifier: false, inputType: inputType, outputType: outputType);
        // A half's 11 bits of mantissa: hidden states of a few units are off by up to about 0.004.
        double tolerance = outputType == OnnxProtoWriter.FloatType ? 1e-4 : 5e-3;
        using OnnxSentenceEncoder encoder = OnnxSentenceEncoder.Create(export.Folder,
            new OnnxSentenceEncoderOptions { Pooling = mode, Normalize = normalize, MaxBatchSize = 2 });
        string[] texts = ["the cat sat on the mat.", "good", "a very bad , awful film", "dogs and cats"];
        const int d = TinyBert.Hidden;
        Assert.Equal(d, encoder.Dimension);
        float[] batch = new float[texts.Length * d];

        encoder.Embed(texts, batch);

        for (int b = 0; b < texts.Length; b++)
        {
            double[,] reference = export.Model.Forward(TinyBertExport.Ids(texts[b])).Hidden;
            int length = mode == SentencePoolingMode.Cls ? 1 : reference.GetLength(0);
            double[] expected = new double[d];
            for (int t = 0; t < length; t++)
            {
                for (int j = 0; j < d; j++)
                {
                    expected[j] += reference[t, j] / length;
                }
            }

            double norm = normalize ? Math.Sqrt(expected.Sum(v => v * v)) : 1;
            float[] single = encoder.Embed(texts[b]);
            for (int j = 0; j < d; j++)
            {
                Assert.True(Math.Abs((expected[j] / norm) - batch[(b * d) + j]) <= tolerance, $"text {b} dim {j}");
                Assert.True(Math.Abs(single[j] - batch[(b * d) + j]) <= 1e-5, $"single vs batch, text {b} dim {j}");
            }
        }
    }

    [Fact]
    public void Changing_the_options_object_after_creation_leaves_the_vectors_and_fingerprint_alone()
    {
        // Pooling and Normalize were read from the caller's object at every call, so changing it afterwards gave
        // other vectors under the same Fingerprint (a head trained on them would be loaded against the wrong ones).
        using var export = new TinyBertExport(["unused"], classifier: false);
        var options = new OnnxSentenceEncoderOptions { Pooling = SentencePoolingMode.Mean, Normalize = true };
        using OnnxSentenceEncoder encoder = OnnxSentenceEncoder.Create(export.Folder, options);
        float[] before = encoder.Embed("the cat sat on the mat.");

        options.Pooling = SentencePoolingMode.Cls;
        options.Normalize = false;
        options.MaxBatchSize = 0;
        encoder.Options.Pooling = SentencePoolingMode.Cls;

        Assert.Equal(before, encoder.Embed("the cat sat on the mat."));
        Assert.Equal(SentencePoolingMode.Mean, encoder.Options.Pooling);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            OnnxSentenceEncoder.Create(export.Folder, new OnnxSentenceEncoderOptions { Pooling = (SentencePoolingMode)2 }));
    }
}
