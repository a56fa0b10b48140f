namespace TextClassification.Onnx;

/// <summary>How the per-window probabilities of a long text become one prediction.</summary>
public enum ChunkAggregation
{
    /// <summary>The mean probability of each label over the windows.</summary>
    Mean,

    /// <summary>The highest probability of each label over the windows (for single-label models the result is
    /// renormalised to sum to 1).</summary>
    Max,
}
