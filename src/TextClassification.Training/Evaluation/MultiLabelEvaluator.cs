using System.Diagnostics;
using TextClassification.Training.Data;

namespace TextClassification.Training.Evaluation;

/// <summary>Scores a multi-label classifier on labelled examples and computes its <see cref="MultiLabelMetrics"/>.</summary>
public static class MultiLabelEvaluator
{
    /// <summary>Whether <paramref name="classifier"/> answers with a set of labels: an n-gram model trained with a
    /// label delimiter (also behind a <see cref="Reloading.ReloadingTextClassifier"/>, as dependency injection gives
    /// it), or a Hugging Face export whose <c>problem_type</c> is <c>multi_label_classification</c>.</summary>
    /// <param name="classifier">The classifier to check.</param>
    /// <returns>True for a multi-label model; false otherwise (also for a classifier of another kind).</returns>
    public static bool IsMultiLabel(ITextClassifier classifier) =>
        NGramModels.Of(classifier)?.IsMultiLabel ?? classifier is Onnx.OnnxTextClassifier { IsMultiLabel: true };

    /// <summary>
    /// Classifies every example and compares <see cref="Prediction.PredictedLabels"/> with the example's labels, split
    /// on <paramref name="delimiter"/> (see <see cref="LabelSet.Parse"/>). Test labels the model does not know count as
    /// missed. <see cref="MultiLabelMetrics.EvalSeconds"/> is set to the time spent classifying.
    /// </summary>
    /// <param name="classifier">The multi-label model to evaluate. A single-label model is evaluated too, as a baseline:
    /// its one predicted label (none where it abstains) is the set it answers, so its recall is at most one label per
    /// text; check <see cref="IsMultiLabel"/> first where that is not meant.</param>
    /// <param name="examples">The labelled test examples; each label cell may hold several labels.</param>
    /// <param name="delimiter">What separates the labels in a cell, e.g. <c>|</c>.</param>
    /// <param name="cancellationToken">Passed to <see cref="ITextClassifier.ClassifyBatch"/>.</param>
    /// <returns>The multi-label metrics over every example.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="classifier"/>, <paramref name="examples"/> or
    /// <paramref name="delimiter"/> is null.</exception>
    /// <exception cref="ArgumentException">No examples, an empty delimiter or one holding a control character, or a row without a text or a label cell (a
    /// blank cell; a cell of delimiters alone is the empty set) — the row named.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static MultiLabelMetrics Evaluate(ITextClassifier classifier, IReadOnlyList<LabeledText> examples, string delimiter, CancellationToken cancellationToken = default) =>
        Evaluate(classifier, examples, delimiter, progress: null, cancellationToken);

    /// <summary>
    /// Classifies every example and computes the multi-label metrics, as
    /// <see cref="Evaluate(ITextClassifier, IReadOnlyList{LabeledText}, string, CancellationToken)"/> does, reporting
    /// how many examples have been classified.
    /// </summary>
    /// <param name="classifier">The multi-label model to evaluate (a single-label one as a baseline, see the other
    /// overload).</param>
    /// <param name="examples">The labelled test examples; each label cell may hold several labels.</param>
    /// <param name="delimiter">What separates the labels in a cell, e.g. <c>|</c>.</param>
    /// <param name="progress">Receives the count of examples classified (see <see cref="EvaluationProgress"/>): after
    /// each <see cref="ITextClassifier.ClassifyBatch"/> call of a chunk of them (8,192 texts for an n-gram model, about
    /// 256 for an ONNX model, whole encoder runs, so the answers are those of one call), or once at the end for a
    /// classifier of another kind, which is given every text in one call. Nothing is reported where the arguments are
    /// refused. Null for none.</param>
    /// <param name="cancellationToken">Passed to <see cref="ITextClassifier.ClassifyBatch"/>.</param>
    /// <returns>The multi-label metrics over every example.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="classifier"/>, <paramref name="examples"/> or
    /// <paramref name="delimiter"/> is null.</exception>
    /// <exception cref="ArgumentException">No examples, an empty delimiter or one holding a control character, or a row
    /// without a text or a label cell — the row named.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static MultiLabelMetrics Evaluate(ITextClassifier classifier, IReadOnlyList<LabeledText> examples, string delimiter, IProgress<EvaluationProgress>? progress, CancellationToken cancellationToken = default) =>
        Evaluate(classifier, examples, delimiter, scoredLabels: null, progress, cancellationToken);

    /// <summary>Evaluates as <see cref="Evaluate(ITextClassifier, IReadOnlyList{LabeledText}, string, IProgress{EvaluationProgress}, CancellationToken)"/>
    /// does, on the model labels in <paramref name="scoredLabels"/> only (every label when null; see
    /// <see cref="Scored.Only"/>).</summary>
    internal static MultiLabelMetrics Evaluate(
        ITextClassifier classifier, IReadOnlyList<LabeledText> examples, string delimiter, IReadOnlyCollection<string>? scoredLabels, IProgress<EvaluationProgress>? progress, CancellationToken cancellationToken) =>
        Score(classifier, examples, delimiter, progress, cancellationToken).Only(scoredLabels).Metrics(rows: null);

    /// <summary>Classifies every example (see <see cref="Evaluate(ITextClassifier, IReadOnlyList{LabeledText}, string, CancellationToken)"/>) and keeps what the metrics are computed from, so
    /// metrics of a subset of the rows come from the same predictions.</summary>
    internal static Scored Score(ITextClassifier classifier, IReadOnlyList<LabeledText> examples, string delimiter, IProgress<EvaluationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(delimiter);
        if (!LabelSet.IsValidDelimiter(delimiter))
        {
            // As the readers and the trainer refuse it: a label cell is one line of printable text.
            throw new ArgumentException("The multi-label delimiter must be non-empty printable text such as '|', without a line break, tab or other control character.", nameof(delimiter));
        }

        classifier = NGramModels.Snapshot(classifier);
        if (examples.Count == 0)
        {
            throw new ArgumentException("There are no examples to evaluate.", nameof(examples));
        }

        var texts = new string[examples.Count];
        var gold = new IReadOnlyList<string>[examples.Count];
        for (int i = 0; i < texts.Length; i++)
        {
            // As training reads them: a missing text or label cell is refused, naming the row.
            Trainers.TrainingLabels.RequireTextAndLabelSet(examples[i], i, delimiter, nameof(examples));
            texts[i] = examples[i].Text;
            gold[i] = LabelSet.Parse(examples[i].Label, delimiter);
        }

        var clock = Stopwatch.StartNew();
        IReadOnlyList<Prediction> predictions = BatchChunks.Classify(classifier, texts, progress, cancellationToken);
        clock.Stop();
        // The model's labels as the test labels are read (form C), as in ModelEvaluator: a bundle may predate that.
        List<string> labels = ModelEvaluator.CanonicalLabels(classifier);
        var predicted = new IReadOnlyList<string>[predictions.Count];
        var scores = new IReadOnlyList<float>[predictions.Count];
        for (int i = 0; i < predicted.Length; i++)
        {
            IReadOnlyList<int> indices = predictions[i].PredictedIndices;
            string[] names = new string[indices.Count];
            for (int k = 0; k < names.Length; k++)
            {
                names[k] = labels[indices[k]];
            }

            predicted[i] = names;
            scores[i] = predictions[i].Scores;
        }

        return new Scored(labels, gold, predicted, scores, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The model's labels and every example's gold set, predicted set and scores.</summary>
    internal sealed record Scored(
        IReadOnlyList<string> Labels,
        IReadOnlyList<string>[] Gold,
        IReadOnlyList<string>[] Predicted,
        IReadOnlyList<float>[] Scores,
        double Seconds)
    {
        /// <summary>
        /// The same rows scored on the model labels in <paramref name="kept"/> alone (this when null, or when it holds
        /// every model label or none): the other labels' predictions and scores are left out, as a test file that
        /// cannot hold a label (read with an allowed-label list or label columns without it) says nothing of whether a
        /// text carries it. Counted, the model's every prediction of such a label was a false positive.
        /// </summary>
        public Scored Only(IReadOnlyCollection<string>? kept)
        {
            if (kept is null)
            {
                return this;
            }

            var keep = new HashSet<string>(kept, StringComparer.Ordinal);
            var columns = new List<int>(Labels.Count);
            for (int c = 0; c < Labels.Count; c++)
            {
                if (keep.Contains(Labels[c]))
                {
                    columns.Add(c);
                }
            }

            if (columns.Count == 0 || columns.Count == Labels.Count)
            {
                return this;
            }

            var labels = new string[columns.Count];
            for (int k = 0; k < labels.Length; k++)
            {
                labels[k] = Labels[columns[k]];
            }

            var predicted = new IReadOnlyList<string>[Predicted.Length];
            var scores = new IReadOnlyList<float>[Scores.Length];
            for (int i = 0; i < predicted.Length; i++)
            {
                predicted[i] = KeptOf(Predicted[i], keep);
                float[] row = new float[columns.Count];
                for (int k = 0; k < row.Length; k++)
                {
                    row[k] = Scores[i][columns[k]];
                }

                scores[i] = row;
            }

            return new Scored(labels, Gold, predicted, scores, Seconds);
        }

        /// <summary>The metrics of the given rows (every row when null); <see cref="MultiLabelMetrics.EvalSeconds"/>
        /// is the time spent classifying all of them.</summary>
        public MultiLabelMetrics Metrics(IReadOnlyList<int>? rows)
        {
            MultiLabelMetrics metrics = rows is null
                ? MultiLabelMetrics.Compute(Labels, Gold, Predicted, Scores)
                : MultiLabelMetrics.Compute(Labels, Pick(Gold, rows), Pick(Predicted, rows), Pick(Scores, rows));
            metrics.EvalSeconds = Seconds;
            return metrics;
        }

        private static string[] KeptOf(IReadOnlyList<string> set, HashSet<string> keep)
        {
            var kept = new List<string>(set.Count);
            foreach (string label in set)
            {
                if (keep.Contains(label))
                {
                    kept.Add(label);
                }
            }

            return [.. kept];
        }

        private static T[] Pick<T>(T[] all, IReadOnlyList<int> rows)
        {
            var picked = new T[rows.Count];
            for (int k = 0; k < picked.Length; k++)
            {
                picked[k] = all[rows[k]];
            }

            return picked;
        }
    }
}
