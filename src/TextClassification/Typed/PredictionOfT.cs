namespace TextClassification;

/// <summary>The result of classifying one text with an <see cref="ITextClassifier{TLabel}"/>: the best label as an
/// enum value, its probability, and every label's probability.</summary>
/// <typeparam name="TLabel">The enum of the model's labels.</typeparam>
public sealed class Prediction<TLabel>
    where TLabel : struct, Enum
{
    private readonly TLabel[] _labels;
    private readonly IReadOnlyList<TLabel> _labelsView;

    /// <summary>Wraps <paramref name="prediction"/>; <paramref name="labels"/> holds the enum value of each model
    /// label, in model order (the order of <see cref="Prediction.Labels"/>).</summary>
    /// <param name="prediction">The prediction with the model's label strings.</param>
    /// <param name="labels">The enum value of each model label, in model order; copied.</param>
    /// <exception cref="ArgumentNullException"><paramref name="prediction"/> or <paramref name="labels"/> is
    /// null.</exception>
    /// <exception cref="ArgumentException">The label counts differ, or an enum value is given twice.</exception>
    public Prediction(Prediction prediction, IReadOnlyList<TLabel> labels)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count != prediction.Labels.Count)
        {
            throw new ArgumentException($"Expected one enum value per model label ({prediction.Labels.Count}), got {labels.Count}.", nameof(labels));
        }

        DistinctEnumValues.Require(labels, nameof(labels));

        Untyped = prediction;
        _labels = [.. labels];
        _labelsView = Array.AsReadOnly(_labels);
    }

    /// <summary>Shares the classifier's label map and its read-only view (already checked) instead of copying them.</summary>
    internal Prediction(Prediction prediction, TLabel[] labels, IReadOnlyList<TLabel> labelsView)
    {
        Untyped = prediction;
        _labels = labels;
        _labelsView = labelsView;
    }

    /// <summary>The most probable label.</summary>
    public TLabel Label => _labels[Untyped.LabelIndex];

    /// <summary>Probability of <see cref="Label"/>.</summary>
    public float Score => Untyped.Score;

    /// <summary>True when the model's confidence threshold is above <see cref="Score"/> ("none of these"); see
    /// <see cref="Prediction.Abstained"/>.</summary>
    public bool Abstained => Untyped.Abstained;

    /// <summary>All labels of the model, in model order.</summary>
    public IReadOnlyList<TLabel> Labels => _labelsView;

    /// <summary>Probability of every label, aligned with <see cref="Labels"/>.</summary>
    public IReadOnlyList<float> Scores => Untyped.Scores;

    /// <summary>The same prediction with the model's label strings.</summary>
    public Prediction Untyped { get; }

    /// <summary>
    /// The labels the model assigns to the text, as enum values: for a multi-label model every label whose probability
    /// is at least its threshold, in model order (possibly none); for a single-label model <see cref="Label"/>, or none
    /// when the prediction <see cref="Abstained"/>. See <see cref="Prediction.PredictedLabels"/>.
    /// </summary>
    public IReadOnlyList<TLabel> PredictedLabels => _predictedLabels ??= TypedPredictedLabels();

    // Made when first read (a benign race makes at most one extra): it had been a new array at every read. Read-only,
    // as it is handed out more than once.
    private IReadOnlyList<TLabel>? _predictedLabels;

    private System.Collections.ObjectModel.ReadOnlyCollection<TLabel> TypedPredictedLabels()
    {
        IReadOnlyList<int> indices = Untyped.PredictedIndices;
        if (indices.Count == 0)
        {
            return System.Collections.ObjectModel.ReadOnlyCollection<TLabel>.Empty;
        }

        var values = new TLabel[indices.Count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = _labels[indices[i]];
        }

        return Array.AsReadOnly(values);
    }

    /// <summary>The <paramref name="k"/> most probable labels with their probabilities, highest first (ties in model
    /// order); fewer when the model has fewer labels.</summary>
    /// <param name="k">How many labels to return; at least 1.</param>
    /// <returns>Up to <paramref name="k"/> enum labels with their probabilities, most probable first.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1.</exception>
    public IReadOnlyList<LabelScore<TLabel>> TopK(int k)
    {
        int[] order = Untyped.Ranked(k);
        IReadOnlyList<float> scores = Untyped.Scores;
        var typed = new LabelScore<TLabel>[order.Length];
        for (int i = 0; i < typed.Length; i++)
        {
            typed[i] = new LabelScore<TLabel>(_labels[order[i]], scores[order[i]]);
        }

        return typed;
    }

    /// <summary>Probability of <paramref name="label"/>.</summary>
    /// <param name="label">A label of the model.</param>
    /// <returns>The label's probability.</returns>
    /// <exception cref="KeyNotFoundException">The model has no such label.</exception>
    public float ScoreOf(TLabel label)
    {
        int index = Array.IndexOf(_labels, label);
        if (index < 0)
        {
            throw new KeyNotFoundException($"The model has no label {label}.");
        }

        return Untyped.Scores[index];
    }

    /// <inheritdoc />
    public override string ToString() => Untyped.ToString();
}
