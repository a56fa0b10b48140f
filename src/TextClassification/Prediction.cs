namespace TextClassification;

/// <summary>The result of classifying one text: the best label, its probability, every label's probability and, for
/// multi-label models, every label whose probability reaches its threshold (<see cref="PredictedLabels"/>).</summary>
public sealed class Prediction
{
    private readonly IReadOnlyList<string> _labels;
    private readonly float[] _scores;

    /// <summary>Creates a prediction from probabilities aligned with <paramref name="labels"/>; the best is the
    /// highest probability (the lowest index on ties; a NaN probability only where every one is NaN), as
    /// <see cref="TopK"/> ranks them.</summary>
    /// <param name="labels">The model's labels, in model order.</param>
    /// <param name="scores">The probability of each label, aligned with <paramref name="labels"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="labels"/> or <paramref name="scores"/> is
    /// null.</exception>
    /// <exception cref="ArgumentException"><paramref name="scores"/> is empty or not one score per label, or a label is
    /// null or given twice.</exception>
    /// <remarks>The prediction keeps copies of <paramref name="labels"/> and <paramref name="scores"/>.</remarks>
    public Prediction(IReadOnlyList<string> labels, float[] scores)
        : this(labels, scores, confidenceThreshold: 0f)
    {
    }

    /// <summary>Creates a prediction that <see cref="Abstained"/> when the best probability is below
    /// <paramref name="confidenceThreshold"/> (0: never).</summary>
    /// <param name="labels">The model's labels, in model order.</param>
    /// <param name="scores">The probability of each label, aligned with <paramref name="labels"/>.</param>
    /// <param name="confidenceThreshold">The probability the best label must reach, in [0, 1] (or
    /// <see cref="Bundles.AbstainSection.AlwaysAbstain"/>, which no probability reaches); 0 never abstains.</param>
    /// <exception cref="ArgumentNullException"><paramref name="labels"/> or <paramref name="scores"/> is
    /// null.</exception>
    /// <exception cref="ArgumentException"><paramref name="scores"/> is empty or not one score per label, or a label is
    /// null or given twice.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="confidenceThreshold"/> is NaN or outside [0, 1]
    /// (other than <see cref="Bundles.AbstainSection.AlwaysAbstain"/>).</exception>
    /// <remarks>The prediction keeps copies of <paramref name="labels"/> and <paramref name="scores"/>.</remarks>
    public Prediction(IReadOnlyList<string> labels, float[] scores, float confidenceThreshold)
        : this(labels, scores, confidenceThreshold, thresholds: null)
    {
    }

    /// <summary>Creates a multi-label prediction when <paramref name="thresholds"/> is given (one per label):
    /// <see cref="PredictedLabels"/> then holds every label whose probability is at least its threshold. Without
    /// thresholds it is a single-label prediction as with the other constructors.</summary>
    /// <param name="labels">The model's labels, in model order.</param>
    /// <param name="scores">The probability of each label, aligned with <paramref name="labels"/>.</param>
    /// <param name="confidenceThreshold">The probability the best label must reach, in [0, 1]; 0 never abstains (and is
    /// the only value taken with <paramref name="thresholds"/>).</param>
    /// <param name="thresholds">The threshold of each label, in [0, 1], aligned with <paramref name="labels"/>; null for
    /// a single-label prediction.</param>
    /// <exception cref="ArgumentNullException"><paramref name="labels"/> or <paramref name="scores"/> is
    /// null.</exception>
    /// <exception cref="ArgumentException"><paramref name="scores"/> is empty or not one score per label, a label is
    /// null or given twice, <paramref name="thresholds"/> is not one threshold per label, or both thresholds and a
    /// <paramref name="confidenceThreshold"/> above 0 are given (a multi-label prediction does not abstain).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="confidenceThreshold"/> or a threshold is NaN or
    /// outside [0, 1] (<see cref="Bundles.AbstainSection.AlwaysAbstain"/> is also taken as a confidence
    /// threshold).</exception>
    /// <remarks>The prediction keeps copies of <paramref name="labels"/> and <paramref name="scores"/>, so a buffer may be
    /// reused for the next text (as with <see cref="ITextClassifier.Score"/>).</remarks>
    public Prediction(IReadOnlyList<string> labels, float[] scores, float confidenceThreshold, IReadOnlyList<float>? thresholds)
        : this(Copy(scores), Copy(labels), Checked(confidenceThreshold), CheckedCopy(thresholds))
    {
    }

    // The library's own: scores, labels and thresholds that nothing else changes, taken as they are (a prediction costs
    // no copy). The public constructors kept the caller's array, so a prediction made from a reused buffer changed its
    // Score with the next text while its Label stayed (an outside review). Scores come first only to tell it apart.
    private Prediction(float[] scores, IReadOnlyList<string> labels, float confidenceThreshold, IReadOnlyList<float>? thresholds)
    {
        if (labels.Count != scores.Length || scores.Length == 0)
        {
            throw new ArgumentException($"Expected one score per label ({labels.Count}), got {scores.Length}.", nameof(scores));
        }

        _labels = labels;
        _scores = scores;
        // The first of TopK's order: a NaN score after every number. Compared with '>' alone, a NaN first score (a
        // multi-label export's NaN logit, a caller's score) was never beaten, so Label named it while TopK(1) named the
        // best number, and a NaN Score never abstained. Scores that are all NaN (a broken export's logits) abstain where a
        // threshold is set; '<' had answered them (review 49d).
        int best = TopRanking.Best(scores);
        LabelIndex = best;
        Abstained = TopRanking.Abstains(scores[best], confidenceThreshold);
        if (thresholds is null)
        {
            // PredictedLabels is made when first read: a one-label array for every prediction, which most callers never read.
            return;
        }

        if (thresholds.Count != scores.Length)
        {
            throw new ArgumentException($"Expected one threshold per label ({labels.Count}), got {thresholds.Count}.", nameof(thresholds));
        }

        if (confidenceThreshold > 0)
        {
            // "None of these" is a single-label answer: a multi-label prediction that abstained yet held labels would be
            // counted as both (the classifiers refuse the combination too).
            throw new ArgumentException("A multi-label prediction (per-label thresholds) takes no confidence threshold; give 0.", nameof(confidenceThreshold));
        }

        int count = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            count += scores[i] >= thresholds[i] ? 1 : 0;
        }

        if (count == 0)
        {
            _predictedLabels = [];
            _predictedIndices = [];
            return;
        }

        int[] indices = new int[count];
        string[] predicted = new string[count];
        for (int i = 0, next = 0; i < scores.Length; i++)
        {
            if (scores[i] >= thresholds[i])
            {
                indices[next] = i;
                predicted[next++] = labels[i];
            }
        }

        _predictedLabels = Array.AsReadOnly(predicted); // handed out to every reader of the prediction
        _predictedIndices = indices;
    }

    /// <summary>A prediction over arrays the caller owns and will not change (the classifiers' own).</summary>
    internal static Prediction Owned(IReadOnlyList<string> labels, float[] scores, float confidenceThreshold = 0f, IReadOnlyList<float>? thresholds = null) =>
        new(scores, labels, confidenceThreshold, thresholds);

    private static System.Collections.ObjectModel.ReadOnlyCollection<string> Copy(IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        string[] copy = new string[labels.Count];
        var indexOf = new Dictionary<string, int>(copy.Length, StringComparer.Ordinal);
        for (int i = 0; i < copy.Length; i++)
        {
            // Refused here: accepted, a null label printed as "" in ToString and failed ToDictionary inside a Dictionary,
            // and a label given twice failed ToDictionary the same way.
            copy[i] = labels[i] ?? throw new ArgumentException($"The label at index {i} is null.", nameof(labels));
            if (!indexOf.TryAdd(copy[i], i))
            {
                throw new ArgumentException($"The label '{copy[i]}' is at index {indexOf[copy[i]]} and at index {i}: each label is given once.", nameof(labels));
            }
        }

        return Array.AsReadOnly(copy); // read-only, as the classifiers' label views are
    }

    private static float[] Copy(float[] scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return (float[])scores.Clone();
    }

    // The range AbstainSection and WithAbstain take: accepted, 1.5 (a percentage as 150, a typo) abstained on every text
    // and -0.1 on none, silently (review 55f's open item).
    private static float Checked(float confidenceThreshold) =>
        float.IsNaN(confidenceThreshold)
            ? throw new ArgumentOutOfRangeException(nameof(confidenceThreshold), confidenceThreshold, "The confidence threshold is NaN.")
            : !Bundles.AbstainSection.IsValidThreshold(confidenceThreshold)
            ? throw new ArgumentOutOfRangeException(nameof(confidenceThreshold), confidenceThreshold, "The confidence threshold must be in [0, 1] (or AbstainSection.AlwaysAbstain).")
            : confidenceThreshold;

    private static float[]? CheckedCopy(IReadOnlyList<float>? thresholds)
    {
        if (thresholds is null)
        {
            return null;
        }

        float[] copy = new float[thresholds.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            // [0, 1], as TextClassifier.WithThresholds takes: above 1 had left the label out of every prediction, below 0
            // put it in every one.
            copy[i] = float.IsNaN(thresholds[i])
                ? throw new ArgumentOutOfRangeException(nameof(thresholds), thresholds[i], $"The threshold of label {i} is NaN.")
                : thresholds[i] is < 0 or > 1
                ? throw new ArgumentOutOfRangeException(nameof(thresholds), thresholds[i], $"The threshold of label {i} must be in [0, 1].")
                : thresholds[i];
        }

        return copy;
    }

    // The positions of PredictedLabels among the labels, for a multi-label prediction (null for single-label, where
    // they follow from LabelIndex and Abstained).
    private readonly int[]? _predictedIndices;

    // Multi-label: set by the constructor. Single-label: made on first read (a benign race makes at most one extra).
    private IReadOnlyList<string>? _predictedLabels;

    /// <summary>The positions (in <see cref="Labels"/>) of <see cref="PredictedLabels"/>, in the same order.</summary>
    internal IReadOnlyList<int> PredictedIndices =>
        _predictedIndices ?? (Abstained ? [] : [LabelIndex]);

    /// <summary>
    /// The labels the model assigns to the text. For a multi-label model: every label whose probability is at least its
    /// threshold, in model order (possibly none). For a single-label model: just <see cref="Label"/>, or none when the
    /// prediction <see cref="Abstained"/> (<see cref="Label"/> is then the best guess the model declined to give).
    /// </summary>
    public IReadOnlyList<string> PredictedLabels => _predictedLabels ??= Abstained ? [] : [_labels[LabelIndex]];

    /// <summary>
    /// True when the model's confidence threshold (chosen on held-out data for a target precision or coverage, see
    /// <see cref="TextClassifier.ConfidenceThreshold"/>) is above <see cref="Score"/>: the answer is "none of these".
    /// <see cref="Label"/> still names the most probable label. Always false for models without a threshold.
    /// </summary>
    public bool Abstained { get; }

    /// <summary>The most probable label. For a multi-label model it is the highest-scoring label whether or not it
    /// reaches its threshold, so it may be a label the model does not predict: read <see cref="PredictedLabels"/>
    /// there (empty when no label applies).</summary>
    public string Label => _labels[LabelIndex];

    /// <summary>Index of <see cref="Label"/> in <see cref="Labels"/>.</summary>
    public int LabelIndex { get; }

    /// <summary>Probability of <see cref="Label"/>.</summary>
    public float Score => _scores[LabelIndex];

    /// <summary>All labels of the model, in model order.</summary>
    public IReadOnlyList<string> Labels => _labels;

    /// <summary>Probability of every label, aligned with <see cref="Labels"/>; they sum to 1 for a single-label model
    /// (softmax) and are independent per-label probabilities for a multi-label one (sigmoid). This prediction's own
    /// array, handed out as it is so a prediction costs one allocation less: casting it back and changing it changes this
    /// prediction alone (<see cref="Labels"/>, shared by every prediction of the model, is read-only).</summary>
    public IReadOnlyList<float> Scores => _scores;

    /// <summary>Copies the scores of <paramref name="predictions"/> into <paramref name="probabilities"/>, prediction
    /// <c>i</c>'s at <c>i · stride</c> (<see cref="IBatchScorer"/>'s layout).</summary>
    internal static void CopyScores(ReadOnlySpan<Prediction> predictions, Span<float> probabilities, int stride)
    {
        for (int i = 0; i < predictions.Length; i++)
        {
            predictions[i]._scores.CopyTo(probabilities.Slice(i * stride, predictions[i]._scores.Length));
        }
    }

    /// <summary>Probability of <paramref name="label"/>.</summary>
    /// <param name="label">A label of the model (compared ordinally).</param>
    /// <returns>The label's probability.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="label"/> is null.</exception>
    /// <exception cref="KeyNotFoundException">The model has no such label.</exception>
    public float ScoreOf(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        for (int i = 0; i < _labels.Count; i++)
        {
            if (string.Equals(_labels[i], label, StringComparison.Ordinal))
            {
                return _scores[i];
            }
        }

        throw new KeyNotFoundException($"The model has no label '{label}'.");
    }

    /// <summary>The <paramref name="k"/> most probable labels, best first (all of them when k exceeds the count).</summary>
    /// <param name="k">How many labels to return; at least 1.</param>
    /// <returns>Up to <paramref name="k"/> labels and their probabilities, best first, ties in label order.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1.</exception>
    public IReadOnlyList<LabelScore> TopK(int k)
    {
        int[] order = Ranked(k);
        var top = new LabelScore[order.Length];
        for (int i = 0; i < top.Length; i++)
        {
            top[i] = new LabelScore(_labels[order[i]], _scores[order[i]]);
        }

        return top;
    }

    /// <summary>The positions in <see cref="Labels"/> of <c>TopK(<paramref name="k"/>)</c>: the most probable first, ties
    /// in label order (a NaN score after every number).</summary>
    internal int[] Ranked(int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        return TopRanking.Select(_scores, Math.Min(k, _scores.Length));
    }

    /// <summary>Label → probability for every label.</summary>
    /// <returns>A new dictionary with one entry per label (ordinal keys).</returns>
    public IReadOnlyDictionary<string, float> ToDictionary()
    {
        var map = new Dictionary<string, float>(_scores.Length, StringComparer.Ordinal);
        for (int i = 0; i < _scores.Length; i++)
        {
            map[_labels[i]] = _scores[i];
        }

        return map;
    }

    /// <summary>The answer and its probability: <c>billing (93.1 %)</c>; <c>none of these (best: billing, 41.0 %)</c> when
    /// the model abstained; for a multi-label model every predicted label, most probable first, <c>sports (91.0 %),
    /// politics (55.2 %)</c>, or <c>no label (best: sports, 20.3 %)</c>.</summary>
    /// <returns>The prediction in words, as above.</returns>
    public override string ToString()
    {
        if (Abstained)
        {
            return $"none of these (best: {Label}, {Score:P1})";
        }

        if (_predictedIndices is null)
        {
            return $"{Label} ({Score:P1})";
        }

        if (_predictedIndices.Length == 0)
        {
            return $"no label (best: {Label}, {Score:P1})";
        }

        int[] order = [.. _predictedIndices];
        Array.Sort(order, (a, b) => _scores[b].CompareTo(_scores[a]) is var byScore && byScore != 0 ? byScore : a.CompareTo(b));
        var parts = new string[order.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            parts[i] = $"{_labels[order[i]]} ({_scores[order[i]]:P1})";
        }

        return string.Join(", ", parts);
    }
}
