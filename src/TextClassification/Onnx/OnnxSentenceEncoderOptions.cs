using TextClassification.Pooling;

namespace TextClassification.Onnx;

/// <summary>Settings of an <see cref="OnnxSentenceEncoder"/>.</summary>
public sealed class OnnxSentenceEncoderOptions
{
    /// <summary>Most tokens per text, [CLS] and [SEP] included (longer texts are truncated); null (default) uses the
    /// export's own limit: the graph's fixed sequence length where it has one, else the smallest of 512 and, where
    /// given, <c>config.json</c>'s <c>max_position_embeddings</c> (without it, the rows of the graph's
    /// <c>…position_embeddings.weight</c> table), <c>tokenizer_config.json</c>'s
    /// <c>model_max_length</c> and <c>tokenizer.json</c>'s saved truncation length.</summary>
    public int? MaxLength { get; set; }

    /// <summary>How token vectors become a sentence vector when the graph gives <c>last_hidden_state</c>. Default mean.</summary>
    public SentencePoolingMode Pooling { get; set; } = SentencePoolingMode.Mean;

    /// <summary>Scale every sentence vector to unit L2 norm. Default true.</summary>
    public bool Normalize { get; set; } = true;

    /// <summary>Texts per ONNX Runtime call. Default 32.</summary>
    public int MaxBatchSize { get; set; } = 32;

    /// <summary>How the ONNX Runtime session is created.</summary>
    public OnnxSessionOptions Session { get; set; } = new();

    /// <summary>A copy, with its own copy of <see cref="Session"/>, that later changes to this instance do not
    /// reach.</summary>
    internal OnnxSentenceEncoderOptions Snapshot()
    {
        var copy = (OnnxSentenceEncoderOptions)MemberwiseClone();
        copy.Session = Session?.Snapshot()!;
        return copy;
    }
}
