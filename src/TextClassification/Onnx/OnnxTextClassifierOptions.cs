namespace TextClassification.Onnx;

/// <summary>Settings of an <see cref="OnnxTextClassifier"/>.</summary>
public sealed class OnnxTextClassifierOptions
{
    /// <summary>Most tokens per sequence, [CLS] and [SEP] included; null (default) uses the export's own limit: the
    /// graph's fixed sequence length where it has one, else the smallest of 512 and, where given, <c>config.json</c>'s
    /// <c>max_position_embeddings</c> (without it, the rows of the graph's
    /// <c>…position_embeddings.weight</c> table), <c>tokenizer_config.json</c>'s <c>model_max_length</c> and <c>tokenizer.json</c>'s
    /// saved truncation length.</summary>
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

    /// <summary>Refuses settings out of range: checked by <see cref="OnnxTextClassifier.Create"/> and at dependency
    /// injection registration, before any file is read.</summary>
    internal void Validate(string paramName)
    {
        if (MaxBatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(paramName, MaxBatchSize, $"{nameof(MaxBatchSize)} must be 1 or more.");
        }

        if (!Enum.IsDefined(LongText))
        {
            throw new ArgumentOutOfRangeException(paramName, LongText, $"{nameof(LongText)} must be {nameof(LongTextStrategy.Truncate)} or {nameof(LongTextStrategy.SlidingWindow)}.");
        }

        if (!Enum.IsDefined(Aggregation))
        {
            throw new ArgumentOutOfRangeException(paramName, Aggregation, $"{nameof(Aggregation)} must be {nameof(ChunkAggregation.Mean)} or {nameof(ChunkAggregation.Max)}.");
        }

        if (!(MultiLabelThreshold > 0 && MultiLabelThreshold <= 1))
        {
            throw new ArgumentOutOfRangeException(paramName, MultiLabelThreshold, $"{nameof(MultiLabelThreshold)} must be in (0, 1].");
        }

        // Needs no model, so a registration refuses it too (the position table's bound is checked against config.json
        // there, and when the classifier is created; so is Stride, by OnnxTextClassifier.CheckStride, where the window is
        // known without the graph).
        OnnxTextClassifier.RequireRoomForOneToken(MaxLength, paramName);

        if (Session is null)
        {
            throw new ArgumentNullException(paramName, $"{nameof(Session)} is null.");
        }

        Session.Validate(paramName);
    }

    /// <summary>A copy, with its own copy of <see cref="Session"/>, that later changes to this instance do not
    /// reach.</summary>
    internal OnnxTextClassifierOptions Snapshot()
    {
        var copy = (OnnxTextClassifierOptions)MemberwiseClone();
        copy.Session = Session?.Snapshot()!;
        return copy;
    }
}
