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
    /// <exception cref="ArgumentException">No examples, or a multi-label model (use <see cref="MultiLabelEvaluator"/>).</exception>
    public static ClassificationMetrics Evaluate(ITextClassifier classifier, IReadOnlyList<LabeledText> examples, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(examples);
        if (classifier is TextClassifier { IsMultiLabel: true })
        {
            throw new ArgumentException("The model is multi-label: evaluate it with MultiLabelEvaluator.", nameof(classifier));
        }

        if (examples.Count == 0)
        {
            throw new ArgumentException("There are no examples to evaluate.", nameof(examples));
        }

        var labels = new List<string>(classifier.Labels);
        var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < labels.Count; i++)
        {
            indexOf[labels[i]] = i;
        }

        int[] gold = new int[examples.Count];
        for (int i = 0; i < gold.Length; i++)
        {
            string label = examples[i].Label;
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
        int rowsPerChunk = 256;
        int chunks = (examples.Count + rowsPerChunk - 1) / rowsPerChunk;
        Parallel.For(0, chunks, new ParallelOptions { CancellationToken = cancellationToken }, chunk =>
        {
            int end = Math.Min(examples.Count, (chunk + 1) * rowsPerChunk);
            for (int i = chunk * rowsPerChunk; i < end; i++)
            {
                classifier.Score(examples[i].Text, probabilities.AsSpan(i * labels.Count, modelLabels));
            }
        });
        clock.Stop();

        ClassificationMetrics metrics = MetricsCalculator.Compute(labels, gold, probabilities);
        metrics.EvalSeconds = clock.Elapsed.TotalSeconds;
        return metrics;
    }
}
