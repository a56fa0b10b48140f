namespace TextClassification;

/// <summary>
/// A text classifier whose labels are an enum, so label checks are done by the compiler rather than by string
/// comparisons. The source generator emits one implementation per model named in the project file
/// (<c>&lt;TextClassifierModel Include="…" ClassName="Intent" /&gt;</c> gives <c>IntentClassifier</c> and
/// <c>IntentLabel</c>). Thread-safe like <see cref="ITextClassifier"/>: register it once as a singleton.
/// </summary>
/// <typeparam name="TLabel">The enum of the model's labels.</typeparam>
public interface ITextClassifier<TLabel>
    where TLabel : struct, Enum
{
    /// <summary>The labels the model can predict, in model order.</summary>
    IReadOnlyList<TLabel> Labels { get; }

    /// <summary>The string-labelled classifier this one wraps.</summary>
    ITextClassifier Untyped { get; }

    /// <summary>Classifies one text.</summary>
    /// <param name="text">The text to classify.</param>
    /// <returns>The prediction, with the best label as an enum value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The classifier holds a native session (an ONNX model) and was
    /// disposed.</exception>
    Prediction<TLabel> Classify(string text);

    /// <summary>Classifies several texts; results are in input order.</summary>
    /// <param name="texts">The texts to classify.</param>
    /// <param name="cancellationToken">Checked before the batch starts (an empty batch too) and while it runs.</param>
    /// <returns>One prediction per text, in input order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="texts"/> or one of its texts is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    /// <exception cref="ObjectDisposedException">The classifier holds a native session (an ONNX model) and was
    /// disposed.</exception>
    IReadOnlyList<Prediction<TLabel>> ClassifyBatch(IReadOnlyList<string> texts, CancellationToken cancellationToken = default);

    /// <summary>Classifies several texts asynchronously; results are in input order. (A default implementation over
    /// <see cref="Untyped"/>, so implementations written before it was added still compile.)</summary>
    /// <param name="texts">The texts to classify.</param>
    /// <param name="cancellationToken">Passed to <see cref="Untyped"/>'s
    /// <see cref="ITextClassifier.ClassifyBatchAsync"/>.</param>
    /// <returns>One prediction per text, in input order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="texts"/> or one of its texts is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    /// <exception cref="InvalidOperationException">The model answered with another number of labels than this
    /// classifier has.</exception>
    /// <exception cref="ObjectDisposedException">The classifier holds a native session (an ONNX model) and was
    /// disposed.</exception>
    Task<IReadOnlyList<Prediction<TLabel>>> ClassifyBatchAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        // Checked at the call, as the synchronous batch does: inside the task they would fault it.
        TextArguments.RequireNoNull(texts, nameof(texts));
        return TypedAsync(Untyped.ClassifyBatchAsync(texts, cancellationToken));

        async Task<IReadOnlyList<Prediction<TLabel>>> TypedAsync(Task<IReadOnlyList<Prediction>> pending)
        {
            IReadOnlyList<Prediction> untyped = await pending.ConfigureAwait(false);
            // One copy of the label map for the whole batch.
            TLabel[] labels = [.. Labels];
            IReadOnlyList<TLabel> view = Array.AsReadOnly(labels);
            var results = new Prediction<TLabel>[untyped.Count];
            for (int i = 0; i < results.Length; i++)
            {
                results[i] = untyped[i].Labels.Count == labels.Length
                    ? new Prediction<TLabel>(untyped[i], labels, view)
                    : throw new InvalidOperationException($"The model gave {untyped[i].Labels.Count} labels; this classifier has {labels.Length}.");
            }

            return results;
        }
    }

    /// <summary>Classifies one text asynchronously.</summary>
    /// <param name="text">The text to classify.</param>
    /// <param name="cancellationToken">Checked before the text is classified.</param>
    /// <returns>The prediction, as <see cref="Classify"/> gives it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    /// <exception cref="ObjectDisposedException">The classifier holds a native session (an ONNX model) and was
    /// disposed.</exception>
    ValueTask<Prediction<TLabel>> ClassifyAsync(string text, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the probability of each label (aligned with <see cref="Labels"/>) into <paramref name="probabilities"/>,
    /// without the prediction object (see <see cref="ITextClassifier.Score"/>: nothing allocated for n-gram models, a few
    /// small objects per call for ONNX ones).
    /// </summary>
    /// <param name="text">The text to score.</param>
    /// <param name="probabilities">Receives one probability per label, in the order of <see cref="Labels"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="probabilities"/> is shorter than <see cref="Labels"/>.</exception>
    /// <exception cref="ObjectDisposedException">The classifier holds a native session (an ONNX model) and was
    /// disposed.</exception>
    void Score(ReadOnlySpan<char> text, Span<float> probabilities);
}
