namespace TextClassification;

/// <summary>
/// A classifier that scores many texts in one call, each as <see cref="ITextClassifier.Score"/> scores it: the ONNX
/// classifiers, whose <see cref="ITextClassifier.Score"/> makes one session run per text. Evaluation scores through it
/// where a classifier offers it; nothing is recorded as a classification.
/// </summary>
internal interface IBatchScorer
{
    /// <summary>Writes the probabilities of <c>texts[i]</c> into <c>probabilities[(i · stride)..]</c>, its first
    /// <see cref="ITextClassifier.Labels"/>.Count values (the rest of each row is left as it is).</summary>
    /// <param name="texts">The texts, none null.</param>
    /// <param name="probabilities">At least <c>texts.Count · stride</c> values.</param>
    /// <param name="stride">Floats from one text's row to the next; at least the label count.</param>
    /// <param name="cancellationToken">Checked between the runs.</param>
    void ScoreBatch(IReadOnlyList<string> texts, Span<float> probabilities, int stride, CancellationToken cancellationToken);

    /// <summary>Texts a batch call runs at a time: a batch split into lists of a multiple of this many texts, from its
    /// start, makes the same runs, so every answer is the same as one call gives.</summary>
    int ChunkSize { get; }
}
