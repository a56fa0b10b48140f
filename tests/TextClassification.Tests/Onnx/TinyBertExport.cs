using TextClassification.Tests.Support;
using TextClassification.Onnx;
using TextClassification.Tokenization;

namespace TextClassification.Tests.Onnx;

/// <summary>A Hugging Face-style export folder of <see cref="TinyBert"/> in a temp folder: <c>model.onnx</c>
/// (logits or last_hidden_state), <c>config.json</c> and <c>vocab.txt</c>.</summary>
internal sealed class TinyBertExport : IDisposable
{
    private readonly TempFolder _folder = new("tc-onnx");

    public TinyBertExport(string[] labels, bool classifier = true, string? problemType = null, string? id2LabelJson = null, int inputType = OnnxProtoWriter.Int64Type,
        int outputType = OnnxProtoWriter.FloatType)
    {
        Model = new TinyBert(labels.Length);
        Labels = labels;
        Model.WriteOnnx(Path.Combine(Folder, "model.onnx"), classifier, inputType: inputType, outputType: outputType);
        File.WriteAllLines(Path.Combine(Folder, "vocab.txt"), TinyBert.Vocabulary);
        string id2Label = id2LabelJson ?? "{" + string.Join(", ", labels.Select((l, i) => $"\"{i}\": \"{l}\"")) + "}";
        string problem = problemType is null ? string.Empty : $"\"problem_type\": \"{problemType}\",";
        File.WriteAllText(Path.Combine(Folder, "config.json"),
            $$"""{ "model_type": "bert", {{problem}} "id2label": {{id2Label}}, "max_position_embeddings": {{TinyBert.MaxPositions}} }""");
    }

    public TinyBert Model { get; }

    public string[] Labels { get; }

    public string Folder => _folder.Path;

    /// <summary>The ids of a text as the classifier's tokenizer gives them ([CLS] … [SEP], no padding).</summary>
    public static long[] Ids(string text, int maxLength = TinyBert.MaxPositions)
    {
        WordPieceTokenizer tokenizer = Tokenizer(maxLength);
        return tokenizer.Encode(text).Ids.Select(i => (long)i).ToArray();
    }

    public static WordPieceTokenizer Tokenizer(int maxLength = TinyBert.MaxPositions)
    {
        using var vocab = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', TinyBert.Vocabulary)));
        return WordPieceTokenizer.Create(vocab, new WordPieceOptions { MaxLength = maxLength });
    }

    /// <summary>The reference of a sliding-window classification: the text's tokens cut into windows of
    /// <paramref name="maxLength"/> − 2 starting at 0, <paramref name="stride"/>, 2·stride … until one reaches the end
    /// (one window, [CLS] [SEP], for no tokens), each run through <see cref="TinyBert.Forward"/>, and the windows'
    /// probabilities averaged or maxed (then renormalised to sum to 1).</summary>
    public double[] WindowScores(string text, int maxLength, int stride, ChunkAggregation aggregation)
    {
        long[] all = Ids(text);
        long[] content = all[1..^1];
        var windows = new List<double[]>();
        for (int start = 0; ; start += stride)
        {
            int take = Math.Min(maxLength - 2, content.Length - start);
            long[] ids = [all[0], .. content.AsSpan(start, take), all[^1]];
            windows.Add(Softmax(Model.Forward(ids).Logits));
            if (start + take >= content.Length)
            {
                break;
            }
        }

        double[] expected = new double[Labels.Length];
        for (int c = 0; c < expected.Length; c++)
        {
            expected[c] = aggregation == ChunkAggregation.Mean ? windows.Average(w => w[c]) : windows.Max(w => w[c]);
        }

        double sum = expected.Sum();
        return aggregation == ChunkAggregation.Max ? [.. expected.Select(v => v / sum)] : expected;
    }

    public static double[] Softmax(double[] logits)
    {
        double max = logits.Max();
        double[] e = logits.Select(l => Math.Exp(l - max)).ToArray();
        double sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }

    public void Dispose() => _folder.Dispose();
}
