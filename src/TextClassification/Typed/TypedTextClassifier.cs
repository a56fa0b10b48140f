namespace TextClassification;

/// <summary>
/// An <see cref="ITextClassifier{TLabel}"/> over any string-labelled <see cref="ITextClassifier"/>: the base of the
/// classifiers the source generator emits. The model must have the enum's labels in the enum's order (checked once, at
/// construction, by the exact ordinal label string), so that <see cref="Prediction{TLabel}.Scores"/> and
/// <see cref="Score"/>'s probabilities, which are in model order, line up with the generated enum's values
/// (<c>scores[(int)IntentLabel.Refund]</c>); a model with the same labels in another order is refused, naming the first
/// index that differs. Afterwards every call is the inner classifier's plus an array lookup. Over a
/// <see cref="Reloading.ReloadingTextClassifier"/> (DI with <c>ReloadOnChange</c>), a new bundle with other labels, or
/// the same labels in another order, is rejected and the current model keeps serving
/// (<see cref="Reloading.ReloadingTextClassifier.RequireLabels"/>).
/// </summary>
/// <typeparam name="TLabel">The enum of the model's labels.</typeparam>
public class TypedTextClassifier<TLabel> : ITextClassifier<TLabel>, IDisposable
    where TLabel : struct, Enum
{
    private readonly TLabel[] _labels;
    private readonly IReadOnlyList<TLabel> _labelsView;
    private readonly bool _ownsInner;

    /// <summary>
    /// Wraps <paramref name="inner"/>. <paramref name="values"/> and <paramref name="names"/> are parallel: the enum
    /// members and the model label each stands for. The model must have exactly these labels, in this order: the member
    /// at index i stands for the model's label at index i (where Scores give its probability).
    /// </summary>
    /// <param name="inner">The string-labelled classifier to wrap.</param>
    /// <param name="values">The enum members, one per model label.</param>
    /// <param name="names">The model label each of <paramref name="values"/> stands for, at the same index.</param>
    /// <exception cref="ArgumentNullException"><paramref name="inner"/>, <paramref name="values"/> or
    /// <paramref name="names"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="values"/> and <paramref name="names"/> differ in length, a
    /// name is null, or a value is given twice.</exception>
    /// <exception cref="InvalidOperationException">The model's labels are not the enum's labels, or not in their order
    /// (the model was replaced by another after the code was generated).</exception>
    public TypedTextClassifier(ITextClassifier inner, IReadOnlyList<TLabel> values, IReadOnlyList<string> names)
        : this(inner, values, names, ownsInner: false)
    {
    }

    /// <summary>
    /// Wraps <paramref name="inner"/>, as the public constructor does; with <paramref name="ownsInner"/>, disposing
    /// this classifier disposes <paramref name="inner"/> (an ONNX session), and so does a label mismatch here. The
    /// generated <c>Load</c> methods own what they load; a classifier from dependency injection belongs to the container.
    /// </summary>
    /// <param name="inner">The string-labelled classifier to wrap.</param>
    /// <param name="values">The enum members, one per model label.</param>
    /// <param name="names">The model label each of <paramref name="values"/> stands for, at the same index.</param>
    /// <param name="ownsInner">True to dispose <paramref name="inner"/> with this classifier, or at once when the
    /// labels do not fit.</param>
    /// <exception cref="ArgumentNullException"><paramref name="inner"/>, <paramref name="values"/> or
    /// <paramref name="names"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="values"/> and <paramref name="names"/> differ in length, a
    /// name is null, or a value is given twice.</exception>
    /// <exception cref="InvalidOperationException">The model's labels are not the enum's labels, or not in their
    /// order.</exception>
    protected TypedTextClassifier(ITextClassifier inner, IReadOnlyList<TLabel> values, IReadOnlyList<string> names, bool ownsInner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        IReadOnlyList<string> modelLabels = inner.Labels;
        try
        {
            (_labels, _labelsView) = MapLabels(modelLabels, values, names);

            // The enum stands for the label at each index: a reloading model must keep those labels in that order.
            if (inner is Reloading.ReloadingTextClassifier reloading)
            {
                reloading.RequireLabels(modelLabels);
            }
        }
        catch when (ownsInner)
        {
            (inner as IDisposable)?.Dispose();
            throw;
        }

        Untyped = inner;
        _ownsInner = ownsInner;
    }

    // The enum members, checked against the model's labels: the member at index i must stand for the model's label at
    // index i. They had been matched by label string, in any order, which left Scores (and Score's span) in the model's
    // order under enum values that are another order's indices: scores[(int)TopicLabel.Sports] read another label.
    private static (TLabel[] Labels, IReadOnlyList<TLabel> View) MapLabels(IReadOnlyList<string> modelLabels, IReadOnlyList<TLabel> values, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(names);
        if (values.Count != names.Count)
        {
            throw new ArgumentException($"{values.Count} enum values but {names.Count} label names.", nameof(names));
        }

        // Checked before the labels are compared: a null name had been left out of both sides of the mismatch message
        // ("not in the model: []"), and a value given twice answered for two labels.
        for (int i = 0; i < names.Count; i++)
        {
            if (names[i] is null)
            {
                throw new ArgumentException($"The label name at index {i} is null.", nameof(names));
            }
        }

        DistinctEnumValues.Require(values, nameof(values));

        string enumName = typeof(TLabel).Name;
        (List<string> notInEnum, List<string> notInModel) = LabelMismatch.Compare(modelLabels, names);
        if (notInEnum.Count > 0 || notInModel.Count > 0)
        {
            throw new InvalidOperationException(
                $"The model's labels do not match {enumName}: " +
                $"not in the enum: {LabelMismatch.List(notInEnum)}; not in the model: {LabelMismatch.List(notInModel)}. " +
                "Rebuild the project against the model that is deployed.");
        }

        int differs = LabelMismatch.FirstDifference(modelLabels, names);
        if (differs >= 0)
        {
            throw new InvalidOperationException(
                $"The model has the labels of {enumName} in another order: {LabelMismatch.AtIndex(modelLabels, names, differs, enumName)} ({enumName}.{values[differs]}). " +
                $"Scores are in model order and {enumName}'s values are indices in its order, so rebuild the project against the model that is deployed.");
        }

        TLabel[] labels = [.. values];
        return (labels, Array.AsReadOnly(labels));
    }

    /// <inheritdoc />
    public IReadOnlyList<TLabel> Labels => _labelsView;

    /// <inheritdoc />
    public ITextClassifier Untyped { get; }

    /// <inheritdoc />
    public Prediction<TLabel> Classify(string text) => new(Untyped.Classify(text), _labels, _labelsView);

    /// <inheritdoc />
    public IReadOnlyList<Prediction<TLabel>> ClassifyBatch(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        Typed(Untyped.ClassifyBatch(texts, cancellationToken));

    /// <inheritdoc />
    public Task<IReadOnlyList<Prediction<TLabel>>> ClassifyBatchAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        // Checked at the call, as the synchronous batch does: inside the task they would fault it.
        TextArguments.RequireNoNull(texts, nameof(texts));
        return TypedAsync(Untyped.ClassifyBatchAsync(texts, cancellationToken));

        async Task<IReadOnlyList<Prediction<TLabel>>> TypedAsync(Task<IReadOnlyList<Prediction>> untyped) => Typed(await untyped.ConfigureAwait(false));
    }

    // The batch's predictions with this classifier's label map (shared, not copied).
    private Prediction<TLabel>[] Typed(IReadOnlyList<Prediction> untyped)
    {
        var results = new Prediction<TLabel>[untyped.Count];
        for (int i = 0; i < results.Length; i++)
        {
            results[i] = new Prediction<TLabel>(untyped[i], _labels, _labelsView);
        }

        return results;
    }

    /// <inheritdoc />
    public ValueTask<Prediction<TLabel>> ClassifyAsync(string text, CancellationToken cancellationToken = default)
    {
        // A null text throws at the call, as the untyped classifiers' does (an async method would fault its task).
        ArgumentNullException.ThrowIfNull(text);
        return Typed(Untyped.ClassifyAsync(text, cancellationToken));

        async ValueTask<Prediction<TLabel>> Typed(ValueTask<Prediction> untyped) => new(await untyped.ConfigureAwait(false), _labels, _labelsView);
    }

    /// <inheritdoc />
    public void Score(ReadOnlySpan<char> text, Span<float> probabilities) => Untyped.Score(text, probabilities);

    /// <summary>Disposes the inner classifier when this one owns it (see the protected constructor); otherwise does nothing.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the inner classifier when <paramref name="disposing"/> and this classifier owns it.</summary>
    /// <param name="disposing">True from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing && _ownsInner)
        {
            (Untyped as IDisposable)?.Dispose();
        }
    }
}
