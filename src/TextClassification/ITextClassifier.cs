namespace TextClassification;

/// <summary>
/// A text classifier: thread-safe, meant to be registered once as a singleton and shared.
/// </summary>
public interface ITextClassifier
{
    /// <summary>The labels the model can predict, in model order.</summary>
    IReadOnlyList<string> Labels { get; }

    /// <summary>Classifies one text.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    Prediction Classify(string text);

    /// <summary>Classifies several texts; results are in input order.</summary>
    IReadOnlyList<Prediction> ClassifyBatch(IReadOnlyList<string> texts, CancellationToken cancellationToken = default);

    /// <summary>Classifies one text asynchronously.</summary>
    ValueTask<Prediction> ClassifyAsync(string text, CancellationToken cancellationToken = default);

    /// <summary>Classifies several texts asynchronously; results are in input order.</summary>
    Task<IReadOnlyList<Prediction>> ClassifyBatchAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the probability of each label (aligned with <see cref="Labels"/>) into <paramref name="probabilities"/>
    /// without allocating: the hot path for callers that manage their own buffers.
    /// </summary>
    void Score(ReadOnlySpan<char> text, Span<float> probabilities);
}
