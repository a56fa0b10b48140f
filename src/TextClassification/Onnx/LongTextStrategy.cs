namespace TextClassification.Onnx;

/// <summary>What happens to a text longer than the model's maximum sequence length.</summary>
public enum LongTextStrategy
{
    /// <summary>Keep the first tokens that fit (Hugging Face's default truncation).</summary>
    Truncate,

    /// <summary>Classify overlapping windows of the text and aggregate their scores
    /// (<see cref="OnnxTextClassifierOptions.Aggregation"/>).</summary>
    SlidingWindow,
}
