namespace TextClassification.Onnx;

/// <summary>Settings of an <see cref="OnnxTextClassifier"/>.</summary>
public sealed class OnnxTextClassifierOptions
{
    /// <summary>Most tokens per sequence, [CLS] and [SEP] included; null (default) uses the model's
    /// <c>max_position_embeddings</c>, capped at 512.</summary>
    public int? MaxLength { get; set; }

    /// <summary>Texts per ONNX Runtime call in <see cref="OnnxTextClassifier.ClassifyBatch"/>. Default 32.</summary>
    public int MaxBatchSize { get; set; } = 32;

    /// <summary>Truncate long texts (default) or classify them in sliding windows.</summary>
    public LongTextStrategy LongText { get; set; } = LongTextStrategy.Truncate;

    /// <summary>Tokens each window advances over the text with <see cref="LongTextStrategy.SlidingWindow"/>; null
    /// (default) is half a window. Must be between 1 and the window's content length (MaxLength − 2).</summary>
    public int? Stride { get; set; }

    /// <summary>How window scores are combined. Default <see cref="ChunkAggregation.Mean"/>.</summary>
    public ChunkAggregation Aggregation { get; set; } = ChunkAggregation.Mean;

    /// <summary>For a multi-label export (<c>problem_type</c> <c>multi_label_classification</c>): the probability at or
    /// above which a label is among <see cref="Prediction.PredictedLabels"/>. Default 0.5, the usual cut for sigmoid
    /// outputs. Must be in (0, 1].</summary>
    public float MultiLabelThreshold { get; set; } = 0.5f;

    /// <summary>How the ONNX Runtime session is created.</summary>
    public OnnxSessionOptions Session { get; set; } = new();

    /// <summary>A copy that later changes to this instance do not reach (the session settings are read once, at
    /// creation, so they are shared).</summary>
    internal OnnxTextClassifierOptions Snapshot() => (OnnxTextClassifierOptions)MemberwiseClone();
}
