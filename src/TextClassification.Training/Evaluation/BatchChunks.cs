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
    public static IReadOnlyList<Prediction> Classify(ITextClassifier classifier, string[] texts, IProgress<EvaluationProgress>? progress, CancellationToken cancellationToken) =>
        Classify([classifier], texts, progress, cancellationToken)[0];

    /// <summary>Every text's prediction by each classifier, in order: the chunks keep every classifier's answers as one
    /// call gives them (a multiple of each one's group of texts), and a chunk is reported once all of them have classified it.</summary>
    public static Prediction[][] Classify(IReadOnlyList<ITextClassifier> classifiers, string[] texts, IProgress<EvaluationProgress>? progress, CancellationToken cancellationToken)
    {
        var counter = new EvaluationProgressCounter(progress, texts.Length);
        // Chunks a multiple of every classifier's group; n-gram models alone (group 1) take their larger chunks.
        long group = 1;
        for (int c = 0; c < classifiers.Count && group > 0; c++)
        {
            int size = Group(classifiers[c]);
            group = size <= 0 ? 0 : LeastCommonMultiple(group, size);
        }

        long chunk = group == 1 ? NGramTexts : group;
        var predictions = new Prediction[classifiers.Count][];
        for (int c = 0; c < predictions.Length; c++)
        {
            predictions[c] = new Prediction[texts.Length];
        }

        int step = chunk <= 0 || chunk >= texts.Length ? texts.Length : (int)chunk;
        for (int start = 0; start < texts.Length; start += step)
        {
            int count = Math.Min(step, texts.Length - start);
            IReadOnlyList<string> part = count == texts.Length ? texts : new ArraySegment<string>(texts, start, count);
            for (int c = 0; c < predictions.Length; c++)
            {
                IReadOnlyList<string> labels = classifiers[c].Labels;
                IReadOnlyList<Prediction> answers = classifiers[c].ClassifyBatch(part, cancellationToken);
                if (answers is null || answers.Count != count)
                {
                    // A classifier of the caller's (a wrapper, a remote model): a short batch had failed the copy below
                    // with ArgumentOutOfRangeException ('index'), which named nothing of the caller's.
                    throw new InvalidOperationException(
                        $"{classifiers[c].GetType().Name}.ClassifyBatch returned {(answers is null ? "null" : $"{answers.Count} predictions")} for {count} texts: " +
                        "ITextClassifier.ClassifyBatch gives one prediction per text, in order.");
                }

                for (int i = 0; i < count; i++)
                {
                    // Read where the evaluators compare answers: a null had thrown NullReferenceException there.
                    predictions[c][start + i] = answers[i] ?? throw new InvalidOperationException(
                        $"{classifiers[c].GetType().Name}.ClassifyBatch returned a null prediction for text {start + i} of {texts.Length}.");
                    RequireLabels(classifiers[c], labels, answers[i], start + i);
                }
            }

            counter.Add(count);
        }

        return predictions;
    }

    // The evaluators read an answer's LabelIndex against the classifier's Labels: a prediction over other labels (a
    // caller's wrapper whose inner model reloaded with other labels, or a wrapper that renames them) failed a List
    // indexer with ArgumentOutOfRangeException, or with as many labels was compared under the wrong names. The library's
    // classifiers hand every prediction their own label list, so this is one reference comparison for them.
    private static void RequireLabels(ITextClassifier classifier, IReadOnlyList<string> labels, Prediction answer, int text)
    {
        IReadOnlyList<string> answered = answer.Labels;
        if (ReferenceEquals(answered, labels))
        {
            return;
        }

        bool same = answered.Count == labels.Count;
        for (int k = 0; same && k < labels.Count; k++)
        {
            same = string.Equals(answered[k], labels[k], StringComparison.Ordinal);
        }

        if (!same)
        {
            throw new InvalidOperationException(
                $"{classifier.GetType().Name}.ClassifyBatch answered text {text} over the labels [{string.Join(", ", answered)}], but its Labels are " +
                $"[{string.Join(", ", labels)}]: a prediction's labels are its classifier's, in their order (a wrapper over a model that reloaded with " +
                "other labels meanwhile?).");
        }
    }

    // Texts per call whose multiples keep every answer as one call gives it: any split for an n-gram model, which
    // classifies each text alone; whole runs of an ONNX model's groups; 0 where no split is known to.
    private static int Group(ITextClassifier classifier) => classifier switch
    {
        TextClassifier => 1,
        IBatchScorer batch => Aligned(batch.ChunkSize),
        _ => 0,
    };

    private static int Aligned(int group) => group <= 0 ? 0 : group * Math.Max(1, EncoderTexts / group);

    private static long LeastCommonMultiple(long a, long b)
    {
        long x = a, y = b;
        while (y != 0)
        {
            (x, y) = (y, x % y);
        }

        // Past int.MaxValue a chunk could not be that long anyway: the whole list is one chunk.
        long multiple = a / x * b;
        return multiple > int.MaxValue ? 0 : multiple;
    }
}
