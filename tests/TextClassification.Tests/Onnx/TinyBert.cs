using static TextClassification.Tests.Onnx.OnnxProtoWriter;

namespace TextClassification.Tests.Onnx;

/// <summary>
/// A tiny BERT-shaped transformer with fixed random weights: word + position + token-type embeddings → layer norm →
/// one single-head self-attention layer (additive mask from <c>attention_mask</c>) → residual + layer norm →
/// ReLU feed-forward → residual + layer norm (<c>last_hidden_state</c>); the classification variant adds BERT's
/// pooler (tanh dense on [CLS]) and a linear classifier (<c>logits</c>). <see cref="WriteOnnx"/> emits it as an ONNX
/// graph (opset 17); <see cref="Forward"/> is the independent reference forward pass in plain C# (doubles, loops).
/// </summary>
internal sealed class TinyBert
{
    public const int Hidden = 8;
    public const int FeedForward = 16;
    public const int MaxPositions = 64;
    public const float Epsilon = 1e-5f;

    public static readonly string[] Vocabulary =
    [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "a", "cat", "dog", "sat", "on", "mat", "good", "bad",
        "movie", "is", "very", "not", "great", "awful", "film", "plot", "and", "but", "##s", "##ly", ".", ",", "!", "?",
    ];

    private readonly Dictionary<string, float[]> _w = new(StringComparer.Ordinal);

    public TinyBert(int labels, int seed = 1234)
    {
        Labels = labels;
        var random = new Random(seed);
        float[] Make(string name, int count, float scale, float offset = 0f)
        {
            float[] values = new float[count];
            for (int i = 0; i < count; i++)
            {
                values[i] = offset + (((float)random.NextDouble() * 2f) - 1f) * scale;
            }

            _w[name] = values;
            return values;
        }

        int v = Vocabulary.Length;
        const int d = Hidden;
        Make("word", v * d, 1f);
        Make("pos", MaxPositions * d, 0.5f);
        Make("type", 2 * d, 0.5f);
        Make("ln0_g", d, 0.2f, 1f);
        Make("ln0_b", d, 0.1f);
        foreach (string m in new[] { "q", "k", "v", "o" })
        {
            Make("w" + m, d * d, 0.6f);
            Make("b" + m, d, 0.1f);
        }

        Make("ln1_g", d, 0.2f, 1f);
        Make("ln1_b", d, 0.1f);
        Make("w1", d * FeedForward, 0.5f);
        Make("b1", FeedForward, 0.1f);
        Make("w2", FeedForward * d, 0.5f);
        Make("b2", d, 0.1f);
        Make("ln2_g", d, 0.2f, 1f);
        Make("ln2_b", d, 0.1f);
        Make("wp", d * d, 0.6f);
        Make("bp", d, 0.1f);
        Make("wc", d * Math.Max(labels, 1), 1.5f);
        Make("bc", Math.Max(labels, 1), 0.2f);
    }

    public int Labels { get; }

    /// <summary>Writes the graph: with <paramref name="classifier"/> its output is <c>logits</c> [B, labels], else
    /// <c>last_hidden_state</c> [B, S, D]. <paramref name="positionTable"/> names the position embeddings' initializer
    /// (torch.onnx keeps BERT's <c>bert.embeddings.position_embeddings.weight</c>). <paramref name="inputType"/> is the
    /// inputs' element type (tf2onnx exports take int32), <paramref name="outputType"/> the output's (float16: the
    /// float32 output cast at the end).</summary>
    public void WriteOnnx(string path, bool classifier, string positionTable = "pos", int inputType = Int64Type, int outputType = FloatType)
    {
        // An fp16 output (Optimum's --fp16, onnxconverter's float16 conversion) is the float32 one cast at the end.
        bool cast = outputType != FloatType;
        string lastHidden = cast && !classifier ? "hidden_f32" : "last_hidden_state";
        string logits = cast ? "logits_f32" : "logits";
        const int d = Hidden;
        int v = Vocabulary.Length;
        var init = new List<byte[]>
        {
            FloatTensor("word", _w["word"], v, d),
            FloatTensor(positionTable, _w["pos"], MaxPositions, d),
            FloatTensor("type", _w["type"], 2, d),
            Int64Tensor("zero", [0]),
            Int64Tensor("one", [1]),
            Int64Tensor("axes1", [1], 1),
            FloatTensor("onef", [1f]),
            FloatTensor("neg", [-10000f]),
            FloatTensor("scale", [1f / MathF.Sqrt(d)]),
        };
        foreach (string name in new[] { "ln0_g", "ln0_b", "ln1_g", "ln1_b", "ln2_g", "ln2_b", "bq", "bk", "bv", "bo", "b1", "b2", "bp" })
        {
            init.Add(FloatTensor(name, _w[name], _w[name].Length));
        }

        foreach (string name in new[] { "wq", "wk", "wv", "wo", "wp" })
        {
            init.Add(FloatTensor(name, _w[name], d, d));
        }

        init.Add(FloatTensor("w1", _w["w1"], d, FeedForward));
        init.Add(FloatTensor("w2", _w["w2"], FeedForward, d));
        init.Add(FloatTensor("wc", _w["wc"], d, Labels));
        init.Add(FloatTensor("bc", _w["bc"], Labels));

        byte[] LayerNorm(string x, string g, string b, string y) =>
            Node("LayerNormalization", [x, g, b], [y], IntAttribute("axis", -1), FloatAttribute("epsilon", Epsilon));

        var nodes = new List<byte[]>
        {
            Node("Gather", ["word", "input_ids"], ["e_word"]),
            Node("Shape", ["input_ids"], ["ids_shape"]),
            Node("Gather", ["ids_shape", "one"], ["seq_len"], IntAttribute("axis", 0)),
            Node("Range", ["zero", "seq_len", "one"], ["positions"]),
            Node("Gather", [positionTable, "positions"], ["e_pos"]),
            Node("Gather", ["type", "token_type_ids"], ["e_type"]),
            Node("Add", ["e_word", "e_pos"], ["e_wp"]),
            Node("Add", ["e_wp", "e_type"], ["e_sum"]),
            LayerNorm("e_sum", "ln0_g", "ln0_b", "h0"),
        };
        foreach (string m in new[] { "q", "k", "v" })
        {
            nodes.Add(Node("MatMul", ["h0", "w" + m], [m + "_mm"]));
            nodes.Add(Node("Add", [m + "_mm", "b" + m], [m.ToUpperInvariant()]));
        }

        nodes.AddRange(
        [
            Node("Transpose", ["K"], ["Kt"], IntsAttribute("perm", 0, 2, 1)),
            Node("MatMul", ["Q", "Kt"], ["scores"]),
            Node("Mul", ["scores", "scale"], ["scaled"]),
            Node("Cast", ["attention_mask"], ["mask_f"], IntAttribute("to", FloatType)),
            Node("Unsqueeze", ["mask_f", "axes1"], ["mask_b"]),
            Node("Sub", ["onef", "mask_b"], ["mask_inv"]),
            Node("Mul", ["mask_inv", "neg"], ["mask_bias"]),
            Node("Add", ["scaled", "mask_bias"], ["masked"]),
            Node("Softmax", ["masked"], ["probs"], IntAttribute("axis", -1)),
            Node("MatMul", ["probs", "V"], ["ctx"]),
            Node("MatMul", ["ctx", "wo"], ["o_mm"]),
            Node("Add", ["o_mm", "bo"], ["attn"]),
            Node("Add", ["h0", "attn"], ["res1"]),
            LayerNorm("res1", "ln1_g", "ln1_b", "h1"),
            Node("MatMul", ["h1", "w1"], ["f1_mm"]),
            Node("Add", ["f1_mm", "b1"], ["f1_pre"]),
            Node("Relu", ["f1_pre"], ["f1"]),
            Node("MatMul", ["f1", "w2"], ["f2_mm"]),
            Node("Add", ["f2_mm", "b2"], ["f2"]),
            Node("Add", ["h1", "f2"], ["res2"]),
            LayerNorm("res2", "ln2_g", "ln2_b", lastHidden),
        ]);
        byte[] output;
        if (classifier)
        {
            nodes.AddRange(
            [
                Node("Gather", [lastHidden, "zero"], ["cls"], IntAttribute("axis", 1)),
                Node("MatMul", ["cls", "wp"], ["p_mm"]),
                Node("Add", ["p_mm", "bp"], ["p_pre"]),
                Node("Tanh", ["p_pre"], ["pooled"]),
                Node("MatMul", ["pooled", "wc"], ["c_mm"]),
                Node("Add", ["c_mm", "bc"], [logits]),
            ]);
            output = ValueInfo("logits", outputType, "batch", Labels);
        }
        else
        {
            output = ValueInfo("last_hidden_state", outputType, "batch", "sequence", d);
        }

        if (cast)
        {
            nodes.Add(Node("Cast", [classifier ? logits : lastHidden], [classifier ? "logits" : "last_hidden_state"], IntAttribute("to", outputType)));
        }

        byte[][] inputs =
        [
            ValueInfo("input_ids", inputType, "batch", "sequence"),
            ValueInfo("attention_mask", inputType, "batch", "sequence"),
            ValueInfo("token_type_ids", inputType, "batch", "sequence"),
        ];
        // "zero" is a scalar index for the [CLS] Gather (rank 0 keeps [B, D]); the Range inputs must be scalars too.
        byte[] graph = Graph("tiny_bert", nodes, init, inputs, [output]);
        File.WriteAllBytes(path, Model(graph, opset: 17));
    }

    /// <summary>The reference forward pass of one unpadded sequence: the hidden states [S, D] and, for the
    /// classifier, the logits.</summary>
    public (double[,] Hidden, double[] Logits) Forward(IReadOnlyList<long> ids, IReadOnlyList<long>? typeIds = null)
    {
        const int d = Hidden;
        int s = ids.Count;
        var e = new double[s, d];
        for (int t = 0; t < s; t++)
        {
            int type = typeIds is null ? 0 : (int)typeIds[t];
            for (int j = 0; j < d; j++)
            {
                e[t, j] = _w["word"][(ids[t] * d) + j] + _w["pos"][(t * d) + j] + _w["type"][(type * d) + j];
            }
        }

        double[,] h0 = LayerNorm(e, "ln0");
        double[,] q = Dense(h0, "wq", "bq", d, d);
        double[,] k = Dense(h0, "wk", "bk", d, d);
        double[,] v = Dense(h0, "wv", "bv", d, d);
        var ctx = new double[s, d];
        for (int a = 0; a < s; a++)
        {
            var scores = new double[s];
            double max = double.NegativeInfinity;
            for (int b = 0; b < s; b++)
            {
                double dot = 0;
                for (int j = 0; j < d; j++)
                {
                    dot += q[a, j] * k[b, j];
                }

                scores[b] = dot / Math.Sqrt(d);
                max = Math.Max(max, scores[b]);
            }

            double sum = 0;
            for (int b = 0; b < s; b++)
            {
                scores[b] = Math.Exp(scores[b] - max);
                sum += scores[b];
            }

            for (int b = 0; b < s; b++)
            {
                for (int j = 0; j < d; j++)
                {
                    ctx[a, j] += scores[b] / sum * v[b, j];
                }
            }
        }

        double[,] attn = Dense(ctx, "wo", "bo", d, d);
        double[,] h1 = LayerNorm(AddMatrices(h0, attn), "ln1");
        double[,] f1 = Dense(h1, "w1", "b1", d, FeedForward);
        for (int t = 0; t < s; t++)
        {
            for (int j = 0; j < FeedForward; j++)
            {
                f1[t, j] = Math.Max(0, f1[t, j]);
            }
        }

        double[,] f2 = Dense(f1, "w2", "b2", FeedForward, d);
        double[,] h2 = LayerNorm(AddMatrices(h1, f2), "ln2");

        var cls = new double[1, d];
        for (int j = 0; j < d; j++)
        {
            cls[0, j] = h2[0, j];
        }

        double[,] pooled = Dense(cls, "wp", "bp", d, d);
        for (int j = 0; j < d; j++)
        {
            pooled[0, j] = Math.Tanh(pooled[0, j]);
        }

        double[,] logits = Dense(pooled, "wc", "bc", d, Labels);
        double[] result = new double[Labels];
        for (int c = 0; c < Labels; c++)
        {
            result[c] = logits[0, c];
        }

        return (h2, result);
    }

    private double[,] Dense(double[,] x, string w, string b, int inputs, int outputs)
    {
        int rows = x.GetLength(0);
        var y = new double[rows, outputs];
        for (int r = 0; r < rows; r++)
        {
            for (int o = 0; o < outputs; o++)
            {
                double sum = _w[b][o];
                for (int i = 0; i < inputs; i++)
                {
                    sum += x[r, i] * _w[w][(i * outputs) + o];
                }

                y[r, o] = sum;
            }
        }

        return y;
    }

    private double[,] LayerNorm(double[,] x, string name)
    {
        int rows = x.GetLength(0);
        int d = x.GetLength(1);
        var y = new double[rows, d];
        for (int r = 0; r < rows; r++)
        {
            double mean = 0;
            for (int j = 0; j < d; j++)
            {
                mean += x[r, j];
            }

            mean /= d;
            double variance = 0;
            for (int j = 0; j < d; j++)
            {
                variance += (x[r, j] - mean) * (x[r, j] - mean);
            }

            variance /= d;
            for (int j = 0; j < d; j++)
            {
                y[r, j] = ((x[r, j] - mean) / Math.Sqrt(variance + Epsilon) * _w[name + "_g"][j]) + _w[name + "_b"][j];
            }
        }

        return y;
    }

    private static double[,] AddMatrices(double[,] a, double[,] b)
    {
        var c = new double[a.GetLength(0), a.GetLength(1)];
        for (int i = 0; i < a.GetLength(0); i++)
        {
            for (int j = 0; j < a.GetLength(1); j++)
            {
                c[i, j] = a[i, j] + b[i, j];
            }
        }

        return c;
    }
}
