using System.Diagnostics;
using TextClassification.Training.Data;

namespace TextClassification.Training.Evaluation;

/// <summary>Scores a classifier on labelled examples and computes its <see cref="ClassificationMetrics"/>.</summary>
public static class ModelEvaluator
{
    /// <summary>
    /// Classifies every example and computes the metrics. Test labels the model does not know are appended to the
    /// label list with probability 0, so they count as errors instead of being dropped.
    /// <see cref="ClassificationMetrics.EvalSeconds"/> is set to the time spent classifying.
    /// </summary>
    /// <param name="classifier">The single-label model to evaluate.</param>
    /// <param name="examples">The labelled test examples.</param>
    /// <param name="cancellationToken">Checked before every example (an ONNX classifier, which scores a batch of texts
    /// per run, before each batch and as its runs check it).</param>
    /// <returns>The metrics over every example, and <see cref="ClassificationMetrics.Abstain"/> when the model has a
    /// confidence threshold.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="classifier"/> or <paramref name="examples"/> is
    /// null.</exception>
    /// <exception cref="ArgumentException">No examples, an example without text or label (its line or index named), or a
    /// multi-label model (use <see cref="MultiLabelEvaluator"/>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static ClassificationMetrics Evaluate(ITextClassifier classifier, IReadOnlyList<LabeledText> examples, CancellationToken cancellationToken = default)
        => Evaluate(classifier, examples, progress: null, cancellationToken);

    /// <summary>
    /// Classifies every example and computes the metrics, as <see cref="Evaluate(ITextClassifier, IReadOnlyList{LabeledText}, CancellationToken)"/>
    /// does, reporting how many examples have been scored.
    /// </summary>
    /// <param name="classifier">The single-label model to evaluate.</param>
    /// <param name="examples">The labelled test examples.</param>
    /// <param name="progress">Receives the count of examples scored after each chunk of 256 (from any thread, one
    /// report at a time, the count rising; the last has every example, see <see cref="EvaluationProgress"/>); nothing
    /// is reported where the arguments are refused. Null for none.</param>
    /// <param name="cancellationToken">Checked before every example (an ONNX classifier, which scores a batch of texts
    /// per run, before each batch and as its runs check it).</param>
    /// <returns>The metrics over every example, and <see cref="ClassificationMetrics.Abstain"/> when the model has a
    /// confidence threshold.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="classifier"/> or <paramref name="examples"/> is
    /// null.</exception>
    /// <exception cref="ArgumentException">No examples, an example without text or label (its line or index named), or a
    /// multi-label model (use <see cref="MultiLabelEvaluator"/>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static ClassificationMetrics Evaluate(ITextClassifier classifier, IReadOnlyList<LabeledText> examples, IProgress<EvaluationProgress>? progress, CancellationToken cancellationToken = default)
        => MetricsOf(Score(classifier, examples, progress, cancellationToken));

    /// <summary>The metrics of scored examples, with <see cref="ClassificationMetrics.EvalSeconds"/> set.</summary>
    internal static ClassificationMetrics MetricsOf(Scored scored)
    {
        ClassificationMetrics metrics = MetricsCalculator.Compute(scored.Labels, scored.Gold, scored.Probabilities, scored.ModelLabels);
        metrics.EvalSeconds = scored.Seconds;
        if (scored.ConfidenceThreshold is float threshold)
        {
            metrics.Abstain = AbstainMetrics.Compute(threshold, scored.Gold, scored.Probabilities, scored.Labels.Count, scored.ModelLabels);
        }

        return metrics;
    }

    /// <summary>Every example's gold label index and probabilities (row-major over <see cref="Scored.Labels"/>: the
    /// model's labels, then test labels it does not know, with probability 0), classified in parallel chunks, each
    /// chunk reported to <paramref name="progress"/>.</summary>
    internal static Scored Score(ITextClassifier classifier, IReadOnlyList<LabeledText> examples, IProgress<EvaluationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(examples);
        classifier = NGramModels.Snapshot(classifier);
        if (MultiLabelEvaluator.IsMultiLabel(classifier))
        {
            throw new ArgumentException("The model is multi-label: evaluate it with MultiLabelEvaluator.", nameof(classifier));
        }

        if (examples.Count == 0)
        {
            throw new ArgumentException("There are no examples to evaluate.", nameof(examples));
        }

        // The model's labels as the readers give the test labels (trimmed, form C): a bundle written before labels were
        // composed everywhere may name "Cafe" + U+0301, which the test file's "Café" in either form must still match.
        List<string> labels = CanonicalLabels(classifier);
        var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < labels.Count; i++)
        {
            indexOf.TryAdd(labels[i], i);
        }

        int[] gold = new int[examples.Count];
        for (int i = 0; i < gold.Length; i++)
        {
            LabeledText example = examples[i];
            // Checked before classifying in parallel, so a bad row is an ArgumentException naming it, not an AggregateException.
            Trainers.TrainingLabels.RequireTextAndLabel(example, i, nameof(examples));
            string label = LabelSet.Canonical(example.Label);
            if (!indexOf.TryGetValue(label, out int index))
            {
                index = labels.Count;
                indexOf[label] = index;
                labels.Add(label);
            }

            gold[i] = index;
        }

        int modelLabels = classifier.Labels.Count;
        float[] probabilities = new float[(long)examples.Count * labels.Count];
        var clock = Stopwatch.StartNew();
        int width = labels.Count;
        if (classifier is IBatchScorer batch)
        {
            // The ONNX classifiers run a batch of texts per session call, one text a call through Score (review 52b).
            ScoringChunks.RunChunks(
                examples.Count,
                progress,
                (start, end) =>
                {
                    string[] texts = new string[end - start];
                    for (int i = start; i < end; i++)
                    {
                        texts[i - start] = examples[i].Text;
                    }

                    batch.ScoreBatch(texts, probabilities.AsSpan(start * width, texts.Length * width), width, cancellationToken);
                },
                cancellationToken);
        }
        else
        {
            ScoringChunks.Run(examples.Count, progress, i => classifier.Score(examples[i].Text, probabilities.AsSpan(i * width, modelLabels)), cancellationToken);
        }
        clock.Stop();
        return new Scored(labels, gold, probabilities, clock.Elapsed.TotalSeconds, modelLabels, NGramModels.Of(classifier) is { Abstain: not null } model ? model.ConfidenceThreshold : null);
    }

    /// <summary>The classifier's labels, each trimmed and in normalization form C as test labels are read
    /// (<see cref="LabelSet.Canonical"/>), in model order. Labels that share a form C (a bundle trained before labels
    /// were composed, on data with both forms, has both) keep their own spellings, so the list stays distinct, except
    /// that the first of them takes the form C when none is spelled so: a test label then matches it.</summary>
    internal static List<string> CanonicalLabels(ITextClassifier classifier)
    {
        IReadOnlyList<string> raw = classifier.Labels;
        var canonical = new string[raw.Count];
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var spelledSo = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < canonical.Length; i++)
        {
            canonical[i] = LabelSet.Canonical(raw[i]);
            counts[canonical[i]] = counts.GetValueOrDefault(canonical[i]) + 1;
            if (string.Equals(raw[i], canonical[i], StringComparison.Ordinal))
            {
                spelledSo.Add(canonical[i]);
            }
        }

        var labels = new List<string>(canonical.Length);
        for (int i = 0; i < canonical.Length; i++)
        {
            // Add marks the form C as given to this label (the first of its group when none is spelled so).
            labels.Add(counts[canonical[i]] == 1 || spelledSo.Add(canonical[i]) ? canonical[i] : raw[i]);
        }

        return labels;
    }

    /// <summary>What <see cref="Score"/> returns: the first <see cref="ModelLabels"/> of <see cref="Labels"/> are the
    /// classifier's; <see cref="ConfidenceThreshold"/> is the model's when it has an abstain section (which may be 0:
    /// every held-out text met its target), else null.</summary>
    internal readonly record struct Scored(List<string> Labels, int[] Gold, float[] Probabilities, double Seconds, int ModelLabels, float? ConfidenceThreshold = null);

    /// <summary>
    /// Classifies every example with both classifiers and tests whether their accuracies differ by more than chance
    /// (<see cref="McNemarTest"/>): only the examples exactly one of them gets right count.
    /// </summary>
    /// <param name="first">The first classifier (<see cref="McNemarResult.OnlyFirstCorrect"/>).</param>
    /// <param name="second">The second classifier (<see cref="McNemarResult.OnlySecondCorrect"/>).</param>
    /// <param name="examples">The labelled examples both are scored on; a label a model does not know counts as its error.</param>
    /// <param name="cancellationToken">Passed to <see cref="ITextClassifier.ClassifyBatch"/>.</param>
    /// <returns>The discordant counts and the exact two-sided p-value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="first"/>, <paramref name="second"/> or
    /// <paramref name="examples"/> is null.</exception>
    /// <exception cref="ArgumentException">No examples, an example without text or label (its line or index named), or
    /// a multi-label model.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static McNemarResult Compare(ITextClassifier first, ITextClassifier second, IReadOnlyList<LabeledText> examples, CancellationToken cancellationToken = default)
        => Compare(first, second, examples, progress: null, cancellationToken);

    /// <summary>
    /// Tests whether two classifiers' accuracies differ by more than chance, as
    /// <see cref="Compare(ITextClassifier, ITextClassifier, IReadOnlyList{LabeledText}, CancellationToken)"/> does,
    /// reporting how many examples both have classified.
    /// </summary>
    /// <param name="first">The first classifier (<see cref="McNemarResult.OnlyFirstCorrect"/>).</param>
    /// <param name="second">The second classifier (<see cref="McNemarResult.OnlySecondCorrect"/>).</param>
    /// <param name="examples">The labelled examples both are scored on; a label a model does not know counts as its error.</param>
    /// <param name="progress">Receives the count of examples classified by both (see <see cref="EvaluationProgress"/>):
    /// after both have classified a chunk of them with <see cref="ITextClassifier.ClassifyBatch"/> (8,192 texts for two
    /// n-gram models, about 256 where one is an ONNX model, whole encoder runs, so the answers are those of one call),
    /// or once at the end where one is a classifier of another kind, which is given every text in one call. Null for
    /// none.</param>
    /// <param name="cancellationToken">Passed to <see cref="ITextClassifier.ClassifyBatch"/>.</param>
    /// <returns>The discordant counts and the exact two-sided p-value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="first"/>, <paramref name="second"/> or
    /// <paramref name="examples"/> is null.</exception>
    /// <exception cref="ArgumentException">No examples, an example without text or label (its line or index named), or
    /// a multi-label model.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static McNemarResult Compare(ITextClassifier first, ITextClassifier second, IReadOnlyList<LabeledText> examples, IProgress<EvaluationProgress>? progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        ArgumentNullException.ThrowIfNull(examples);
        first = NGramModels.Snapshot(first);
        second = NGramModels.Snapshot(second);
        if (MultiLabelEvaluator.IsMultiLabel(first) || MultiLabelEvaluator.IsMultiLabel(second))
        {
            throw new ArgumentException("A model is multi-label: McNemar's test here compares single-label predictions.", MultiLabelEvaluator.IsMultiLabel(first) ? nameof(first) : nameof(second));
        }

        if (examples.Count == 0)
        {
            throw new ArgumentException("There are no examples to compare on.", nameof(examples));
        }

        for (int i = 0; i < examples.Count; i++)
        {
            Trainers.TrainingLabels.RequireTextAndLabel(examples[i], i, nameof(examples));
        }

        // Each model's labels as Evaluate reads them, so both measures agree on which answers are right.
        List<string> firstLabels = CanonicalLabels(first);
        List<string> secondLabels = CanonicalLabels(second);

        // Both models classify the same chunks through ClassifyBatch: an ONNX model runs a batch of texts per session
        // run there, where Classify ran one text a run.
        string[] texts = new string[examples.Count];
        for (int i = 0; i < texts.Length; i++)
        {
            texts[i] = examples[i].Text;
        }

        Prediction[][] answers = BatchChunks.Classify([first, second], texts, progress, cancellationToken);
        int onlyFirst = 0, onlySecond = 0;
        for (int i = 0; i < texts.Length; i++)
        {
            string gold = LabelSet.Canonical(examples[i].Label);
            bool firstRight = string.Equals(firstLabels[answers[0][i].LabelIndex], gold, StringComparison.Ordinal);
            bool secondRight = string.Equals(secondLabels[answers[1][i].LabelIndex], gold, StringComparison.Ordinal);
            onlyFirst += firstRight && !secondRight ? 1 : 0;
            onlySecond += secondRight && !firstRight ? 1 : 0;
        }

        return new McNemarResult(onlyFirst, onlySecond, McNemarTest.ExactPValue(onlyFirst, onlySecond));
    }
}
