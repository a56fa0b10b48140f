namespace TextClassification;

/// <summary>
/// A text classifier: thread-safe, meant to be registered once as a singleton and shared.
/// </summary>
public interface ITextClassifier
{
    /// <summary>The labels the model can predict, in model order.</summary>
    IReadOnlyList<string> Labels { get; }

    /// <summary>Classifies one text.</summary>
    /// <param name="text">The text to classify.</param>
    /// <returns>The prediction: the best label, its probability and every label's probability.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The classifier holds a native session (an ONNX model) and was
    /// disposed.</exception>
    Prediction Classify(string text);

    /// <summary>Classifies several texts; results are in input order.</summary>
    /// <param name="texts">The texts to classify.</param>
    /// <param name="cancellationToken">Checked before the batch starts (an empty batch too) and while it runs.</param>
    /// <returns>One prediction per text, in input order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="texts"/> or one of its texts is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    /// <exception cref="ObjectDisposedException">The classifier holds a native session (an ONNX model) and was
    /// disposed.</exception>
    IReadOnlyList<Prediction> ClassifyBatch(IReadOnlyList<string> texts, CancellationToken cancellationToken = default);

    /// <summary>Classifies one text asynchronously.</summary>
    /// <param name="text">The text to classify.</param>
    /// <param name="cancellationToken">Checked before the text is classified.</param>
    /// <returns>The prediction, as <see cref="Classify"/> gives it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled (through the
    /// task; canceled before the call, the task returned is canceled already).</exception>
    /// <exception cref="ObjectDisposedException">The classifier holds a native session (an ONNX model) and was
    /// disposed.</exception>
    ValueTask<Prediction> ClassifyAsync(string text, CancellationToken cancellationToken = default);

    /// <summary>Classifies several texts asynchronously; results are in input order.</summary>
    /// <param name="texts">The texts to classify.</param>
    /// <param name="cancellationToken">Checked before the batch starts and while it runs.</param>
    /// <returns>One prediction per text, in input order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="texts"/> or one of its texts is null (thrown by the call).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled (through the
    /// task; canceled before the call, the task returned is canceled already).</exception>
    /// <exception cref="ObjectDisposedException">The classifier holds a native session (an ONNX model) and was
    /// disposed.</exception>
    Task<IReadOnlyList<Prediction>> ClassifyBatchAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the probability of each label (aligned with <see cref="Labels"/>) into <paramref name="probabilities"/>,
    /// without the <see cref="Prediction"/> object: the hot path for callers that manage their own buffers. The n-gram
    /// models allocate nothing here; the ONNX classifiers allocate a few small objects per call for the native
    /// session's inputs and outputs (about 1 KB).
    /// </summary>
    /// <param name="text">The text to score.</param>
    /// <param name="probabilities">Receives one probability per label, in the order of <see cref="Labels"/>.</param>
    /// <remarks>Behind a classifier that reloads its bundle (<c>ReloadOnChange</c>), <see cref="Labels"/> and a
    /// following call may see different models, with other labels: take both from one model
    /// (<c>ReloadingTextClassifier.Current</c>), or use <see cref="Classify"/>, whose <see cref="Prediction"/> carries
    /// its labels.</remarks>
    /// <exception cref="ArgumentException"><paramref name="probabilities"/> is shorter than
    /// <see cref="Labels"/>.</exception>
    /// <exception cref="ObjectDisposedException">The classifier holds a native session (an ONNX model) and was
    /// disposed.</exception>
    void Score(ReadOnlySpan<char> text, Span<float> probabilities);
}
