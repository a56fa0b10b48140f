namespace TextClassification.Training.Evaluation;

/// <summary>
/// Classifies a list of texts with <see cref="ITextClassifier.ClassifyBatch"/> in consecutive chunks, reporting each
/// chunk, where splitting the batch leaves every answer as one call would give it: an n-gram model classifies each text
/// alone, and the ONNX classifiers run their texts in groups from the start of the list, so chunks of a multiple of a
/// group keep the groups. Any other classifier gets the whole list in one call (its batch may depend on what it holds),
/// reported when it returns.
/// </summary>
internal static class BatchChunks
{
    // About this many texts per call: an encoder on a CPU takes seconds for them, an n-gram model milliseconds.
    private const int EncoderTexts = 256;

    // An n-gram model's calls are parallel inside (from 512 texts), so its chunks are larger.
    private const int NGramTexts = 8192;

    /// <summary>Every text's prediction, in order.</summary>
    public static IReadOnlyList<Prediction> Classify(ITextClassifier classifier, string[] texts, IProgress<EvaluationProgress>? progress, CancellationToken cancellationToken)
    {
        var counter = new EvaluationProgressCounter(progress, texts.Length);
        int chunk = ChunkSize(classifier);
        if (chunk <= 0 || chunk >= texts.Length)
        {
            IReadOnlyList<Prediction> all = classifier.ClassifyBatch(texts, cancellationToken);
            counter.Add(texts.Length);
            return all;
        }

        var predictions = new Prediction[texts.Length];
        for (int start = 0; start < texts.Length; start += chunk)
        {
            int count = Math.Min(chunk, texts.Length - start);
            IReadOnlyList<Prediction> part = classifier.ClassifyBatch(new ArraySegment<string>(texts, start, count), cancellationToken);
            for (int i = 0; i < count; i++)
            {
                predictions[start + i] = part[i];
            }

            counter.Add(count);
        }

        return predictions;
    }

    // Texts per call that keep every answer as one call gives it; 0 where no split is known to.
    private static int ChunkSize(ITextClassifier classifier) => classifier switch
    {
        TextClassifier => NGramTexts,
        IBatchScorer batch => Aligned(batch.ChunkSize),
        _ => 0,
    };

    private static int Aligned(int group) => group <= 0 ? 0 : group * Math.Max(1, EncoderTexts / group);
}
