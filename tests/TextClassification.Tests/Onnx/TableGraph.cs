using static TextClassification.Tests.Onnx.OnnxProtoWriter;

namespace TextClassification.Tests.Onnx;

/// <summary>
/// The smallest export-shaped graph: <c>hidden = table[input_ids]</c> ([B, S, D]), with any of the outputs
/// <c>last_hidden_state</c> (hidden), <c>pooler_output</c> (max over the sequence) and <c>logits</c> (mean over the
/// sequence, padding included), plus <see cref="TinyBert.Vocabulary"/> as vocab.txt. Lets a test give the inputs a
/// fixed axis, another element type, or keep the table in an external data file.
/// </summary>
internal static class TableGraph
{
    public static int VocabularySize => TinyBert.Vocabulary.Length;

    /// <summary>A table whose row i is i·0.01 + column·0.1 (rows differ; columns differ).</summary>
    public static float[] Table(int width, float shift = 0f)
    {
        float[] table = new float[VocabularySize * width];
        for (int i = 0; i < VocabularySize; i++)
        {
            for (int j = 0; j < width; j++)
            {
                table[(i * width) + j] = (i * 0.01f) + (j * 0.1f) + shift;
            }
        }

        return table;
    }

    /// <summary>Writes <c>model.onnx</c> (and <c>model.onnx_data</c> when <paramref name="external"/>) and vocab.txt
    /// into <paramref name="folder"/>. With <paramref name="positionRows"/>, the graph also holds an (unused) position
    /// table of that many rows under BERT's initializer name, in <c>positions.bin</c> when <paramref name="external"/>.</summary>
    public static void Write(string folder, int width, string[] outputs, float[]? table = null, object? batch = null, object? sequence = null,
        int idsType = Int64Type, bool external = false, int positionRows = 0, int maskType = Int64Type)
    {
        table ??= Table(width);
        byte[] init;
        if (external)
        {
            byte[] raw = System.Runtime.InteropServices.MemoryMarshal.AsBytes(table.AsSpan()).ToArray();
            File.WriteAllBytes(Path.Combine(folder, "model.onnx_data"), raw);
            init = ExternalFloatTensor("table", "model.onnx_data", 0, raw.Length, VocabularySize, width);
        }
        else
        {
            init = FloatTensor("table", table, VocabularySize, width);
        }

        var nodes = new List<byte[]> { Node("Gather", ["table", "input_ids"], ["hidden"], IntAttribute("axis", 0)) };
        var outputInfos = new List<byte[]>();
        foreach (string output in outputs)
        {
            switch (output)
            {
                case "last_hidden_state":
                    nodes.Add(Node("Identity", ["hidden"], ["last_hidden_state"]));
                    outputInfos.Add(ValueInfo(output, FloatType, "batch", "sequence", width));
                    break;
                case "pooler_output":
                    nodes.Add(Node("ReduceMax", ["hidden"], ["pooler_output"], IntsAttribute("axes", 1), IntAttribute("keepdims", 0)));
                    outputInfos.Add(ValueInfo(output, FloatType, "batch", width));
                    break;
                default:
                    nodes.Add(Node("ReduceMean", ["hidden"], [output], IntsAttribute("axes", 1), IntAttribute("keepdims", 0)));
                    outputInfos.Add(ValueInfo(output, FloatType, "batch", width));
                    break;
            }
        }

        byte[][] inputs =
        [
            ValueInfo("input_ids", idsType, batch ?? "batch", sequence ?? "sequence"),
            ValueInfo("attention_mask", maskType, batch ?? "batch", sequence ?? "sequence"),
        ];
        var initializers = new List<byte[]> { init };
        if (positionRows > 0)
        {
            const string Name = "bert.embeddings.position_embeddings.weight";
            float[] positions = new float[positionRows * width];
            if (external)
            {
                File.WriteAllBytes(Path.Combine(folder, "positions.bin"), new byte[positions.Length * sizeof(float)]);
                initializers.Add(ExternalFloatTensor(Name, "positions.bin", 0, positions.Length * sizeof(float), positionRows, width));
            }
            else
            {
                initializers.Add(FloatTensor(Name, positions, positionRows, width));
            }
        }

        byte[] graph = Graph("table", nodes, initializers, inputs, outputInfos);
        File.WriteAllBytes(Path.Combine(folder, "model.onnx"), Model(graph, opset: 17));
        File.WriteAllLines(Path.Combine(folder, "vocab.txt"), TinyBert.Vocabulary);
    }

    /// <summary>The label part of a config.json for two labels, a and b.</summary>
    public const string TwoLabels = "\"id2label\": {\"0\": \"a\", \"1\": \"b\"}";

    /// <summary>A config.json with <paramref name="body"/> as its members (e.g. an id2label object).</summary>
    public static void WriteConfig(string folder, string body) =>
        File.WriteAllText(Path.Combine(folder, "config.json"), "{ \"model_type\": \"bert\", " + body + " }");
}
