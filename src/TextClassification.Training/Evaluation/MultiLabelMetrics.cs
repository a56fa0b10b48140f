using System.Text;
using System.Text.Json;

namespace TextClassification.Training.Evaluation;

/// <summary>
/// Metrics of a multi-label model on labelled data: micro, macro and weighted precision/recall/F1, subset accuracy
/// (exact-match ratio), Hamming loss, a label co-occurrence confusion matrix, and, from the label probabilities, log
/// loss and macro ROC AUC; precision/recall/F1/support per label. Computed from gold and predicted label sets (and
/// the scores, when given) by <see cref="Compute"/>.
/// </summary>
/// <remarks>
/// Conventions: per label, precision is 0 when the label was never predicted, recall 0 when it has no support, F1 0 when
/// both are 0 (as in <see cref="LabelMetrics"/>). Macro averages run over the labels that occur (in the gold sets or
/// the predictions), so a model label absent from the test data does not count as a failure. When no label occurs at
/// all (every gold and predicted set empty), micro and macro values are 1: there was nothing to get wrong. The keys a
/// single-label metrics file has keep a meaning that reduces to theirs when every text carries exactly one label:
/// <see cref="WeightedF1"/>, <see cref="ConfusionMatrix"/>; <see cref="LogLoss"/> and <see cref="RocAucMacro"/> are the
/// per-label (binary) forms: the mean of each label's binary log loss (not scikit-learn's <c>log_loss</c> on an
/// indicator matrix, which normalises each row into a distribution), and scikit-learn's macro <c>roc_auc_score</c>
/// except that a label with only positive or only negative examples is left out instead of raising.
/// </remarks>
public sealed class MultiLabelMetrics
{
    /// <summary>Labels the metrics cover: the model's, followed by any gold or predicted label it does not know.</summary>
    public required IReadOnlyList<string> Labels { get; init; }

    /// <summary>Number of examples.</summary>
    public required int Count { get; init; }

    /// <summary>Share of examples whose predicted label set equals the gold set exactly.</summary>
    public required double SubsetAccuracy { get; init; }

    /// <summary>Share of (example, label) decisions that are wrong: (false positives + false negatives) / (examples ×
    /// labels).</summary>
    public required double HammingLoss { get; init; }

    /// <summary>Precision over all (example, label) decisions pooled.</summary>
    public required double MicroPrecision { get; init; }

    /// <summary>Recall over all (example, label) decisions pooled.</summary>
    public required double MicroRecall { get; init; }

    /// <summary>F1 over all (example, label) decisions pooled: 2TP / (2TP + FP + FN).</summary>
    public required double MicroF1 { get; init; }

    /// <summary>Unweighted mean of the per-label precisions (labels that occur).</summary>
    public required double MacroPrecision { get; init; }

    /// <summary>Unweighted mean of the per-label recalls (labels that occur).</summary>
    public required double MacroRecall { get; init; }

    /// <summary>Unweighted mean of the per-label F1 scores (labels that occur).</summary>
    public required double MacroF1 { get; init; }

    /// <summary>Support-weighted mean of the per-label F1 scores (1 when no text carries a label and none was predicted,
    /// 0 when labels were predicted for such data).</summary>
    public required double WeightedF1 { get; init; }

    /// <summary>Mean binary cross-entropy of every (example, label) probability against whether the example carries
    /// the label, probabilities clipped to [1e-15, 1 − 1e-15]; a label the model does not know has probability 0. NaN
    /// when no scores were given.</summary>
    public required double LogLoss { get; init; }

    /// <summary>Unweighted mean ROC AUC of the labels with both positive and negative examples, each ranked by its own
    /// probability (a label the model does not know scores a constant 0, AUC 0.5). NaN when no scores were given or no
    /// label has both.</summary>
    public required double RocAucMacro { get; init; }

    /// <summary>Label co-occurrence: <c>ConfusionMatrix[t][p]</c> counts the examples whose gold set holds label
    /// <c>t</c> and whose predicted set holds label <c>p</c> (in <see cref="Labels"/> order). Where every example has
    /// exactly one gold and one predicted label it is the ordinary confusion matrix; an example with an empty set adds
    /// nothing to it.</summary>
    public required int[][] ConfusionMatrix { get; init; }

    /// <summary>Precision, recall, F1 and support (examples carrying the label) of every label, in <see cref="Labels"/> order,
    /// with each label's ROC AUC where its curve is defined (<see cref="RocCurves"/>).</summary>
    public required IReadOnlyList<LabelMetrics> PerLabel { get; init; }

    /// <summary>Every label's ROC curve, in <see cref="Labels"/> order, ranking the examples by that label's probability
    /// (positives: the examples carrying it); empty when no scores were given. A curve without positive or negative
    /// examples is not <see cref="RocCurve.IsDefined"/>.</summary>
    public IReadOnlyList<RocCurve> RocCurves { get; init; } = [];

    /// <summary>Wall-clock training time in seconds; not set by <see cref="Compute"/>, filled in by callers (null when
    /// unknown, as when a saved model is evaluated), as <see cref="ClassificationMetrics.TrainSeconds"/>.</summary>
    public double? TrainSeconds { get; set; }

    /// <summary>Seconds spent classifying the examples, when known (null otherwise), as
    /// <see cref="ClassificationMetrics.EvalSeconds"/>.</summary>
    public double? EvalSeconds { get; set; }

    /// <summary>How many of the evaluated rows have a text that the training data also holds (equal ignoring case);
    /// null when not checked. Set by <see cref="TrainingOverlap.EvaluateMultiLabel(ITextClassifier, IReadOnlyList{Data.LabeledText}, IReadOnlyList{Data.LabeledText}, string, IProgress{EvaluationProgress}, CancellationToken)"/>.</summary>
    public int? SeenInTraining { get; set; }

    /// <summary>The metrics of the rows whose text is not in the training data, when some but not all are; set by
    /// <see cref="TrainingOverlap.EvaluateMultiLabel(ITextClassifier, IReadOnlyList{Data.LabeledText}, IReadOnlyList{Data.LabeledText}, string, IProgress{EvaluationProgress}, CancellationToken)"/>.</summary>
    public MultiLabelMetrics? Unseen { get; set; }

    /// <summary>Computes the metrics from the gold and predicted label sets of every example.</summary>
    /// <param name="labels">The model's labels, non-null and distinct; labels met in the sets but missing here are appended.</param>
    /// <param name="gold">Gold label set of every example (repeats within a set count once).</param>
    /// <param name="predicted">Predicted label set of every example, aligned with <paramref name="gold"/>.</param>
    /// <param name="scores">Optional: every example's probability of each of <paramref name="labels"/> (in that
    /// order), for <see cref="LogLoss"/> and <see cref="RocAucMacro"/>, which are NaN without it.</param>
    /// <returns>The metrics, with <see cref="TrainSeconds"/> (null) and <see cref="EvalSeconds"/> (null) left for the
    /// caller to fill in.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="labels"/>, <paramref name="gold"/> or
    /// <paramref name="predicted"/> is null.</exception>
    /// <exception cref="ArgumentException">No examples, the lists differ in length, <paramref name="labels"/> holds a
    /// null or repeated name, a label set is null or holds a null label, or a score row does not have one probability per
    /// label.</exception>
    public static MultiLabelMetrics Compute(
        IReadOnlyList<string> labels,
        IReadOnlyList<IReadOnlyList<string>> gold,
        IReadOnlyList<IReadOnlyList<string>> predicted,
        IReadOnlyList<IReadOnlyList<float>>? scores = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(predicted);
        if (gold.Count == 0 || gold.Count != predicted.Count)
        {
            throw new ArgumentException($"Expected one predicted set per gold set and at least one example; got {gold.Count} gold and {predicted.Count} predicted.", nameof(predicted));
        }

        if (scores is not null)
        {
            RequireScoreRows(scores, gold.Count, labels.Count);
        }

        int modelLabels = labels.Count;

        // Refused as MetricsCalculator refuses them: a repeated label was a column of its own, counted in the Hamming
        // loss's decisions and written twice under perLabel; a null one an ArgumentNullException for a "key".
        Dictionary<string, int> indexOf = MetricsCalculator.IndexOfDistinct(labels);
        var all = new List<string>(labels);

        int[][] goldSets = ToIndexSets(gold, all, indexOf, nameof(gold));
        int[][] predictedSets = ToIndexSets(predicted, all, indexOf, nameof(predicted));
        int labelCount = all.Count;
        long[] truePositives = new long[labelCount];
        long[] falsePositives = new long[labelCount];
        long[] falseNegatives = new long[labelCount];
        int[][] confusion = new int[labelCount][];
        for (int c = 0; c < labelCount; c++)
        {
            confusion[c] = new int[labelCount];
        }

        int exact = 0;
        for (int i = 0; i < goldSets.Length; i++)
        {
            int[] g = goldSets[i];
            int[] p = predictedSets[i];
            foreach (int t in g)
            {
                foreach (int label in p)
                {
                    confusion[t][label]++;
                }
            }

            foreach (int label in p)
            {
                if (Array.IndexOf(g, label) >= 0)
                {
                    truePositives[label]++;
                }
                else
                {
                    falsePositives[label]++;
                }
            }

            foreach (int label in g)
            {
                if (Array.IndexOf(p, label) < 0)
                {
                    falseNegatives[label]++;
                }
            }

            if (g.Length == p.Length && AllIn(g, p))
            {
                exact++;
            }
        }

        long tp = 0;
        long fp = 0;
        long fn = 0;
        double sumPrecision = 0;
        double sumRecall = 0;
        double sumF1 = 0;
        double weightedF1 = 0;
        int occurring = 0;
        var perLabel = new LabelMetrics[labelCount];
        for (int c = 0; c < labelCount; c++)
        {
            tp += truePositives[c];
            fp += falsePositives[c];
            fn += falseNegatives[c];
            long predictedCount = truePositives[c] + falsePositives[c];
            long support = truePositives[c] + falseNegatives[c];
            double precision = predictedCount == 0 ? 0 : (double)truePositives[c] / predictedCount;
            double recall = support == 0 ? 0 : (double)truePositives[c] / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perLabel[c] = new LabelMetrics(all[c], precision, recall, f1, (int)support) { Predicted = (int)predictedCount };
            weightedF1 += f1 * support;
            if (predictedCount + support > 0)
            {
                occurring++;
                sumPrecision += precision;
                sumRecall += recall;
                sumF1 += f1;
            }
        }

        RocCurve[] curves = scores is null ? [] : Curves(scores, goldSets, all, modelLabels);
        double aucSum = 0;
        int definedCurves = 0;
        for (int c = 0; c < curves.Length; c++)
        {
            if (curves[c].IsDefined)
            {
                aucSum += curves[c].Auc;
                definedCurves++;
                perLabel[c] = perLabel[c] with { RocAuc = curves[c].Auc };
            }
        }

        return new MultiLabelMetrics
        {
            Labels = all,
            Count = goldSets.Length,
            SubsetAccuracy = (double)exact / goldSets.Length,
            HammingLoss = (double)(fp + fn) / ((double)goldSets.Length * labelCount),
            MicroPrecision = tp + fp == 0 ? (fn == 0 ? 1 : 0) : (double)tp / (tp + fp),
            MicroRecall = tp + fn == 0 ? (fp == 0 ? 1 : 0) : (double)tp / (tp + fn),
            MicroF1 = tp + fp + fn == 0 ? 1 : 2.0 * tp / ((2.0 * tp) + fp + fn),
            MacroPrecision = occurring == 0 ? 1 : sumPrecision / occurring,
            MacroRecall = occurring == 0 ? 1 : sumRecall / occurring,
            MacroF1 = occurring == 0 ? 1 : sumF1 / occurring,
            WeightedF1 = tp + fn == 0 ? (fp == 0 ? 1 : 0) : weightedF1 / (tp + fn),
            LogLoss = scores is null ? double.NaN : MeanBinaryLogLoss(scores, goldSets, modelLabels, labelCount),
            RocAucMacro = definedCurves == 0 ? double.NaN : aucSum / definedCurves,
            ConfusionMatrix = confusion,
            PerLabel = perLabel,
            RocCurves = curves,
        };
    }

    private const double LogLossEpsilon = 1e-15;

    // The probability of label c in an example's score row: 0 for a label the model does not know (c ≥ modelLabels).
    private static float ScoreOf(IReadOnlyList<float> row, int c, int modelLabels) => c < modelLabels ? row[c] : 0f;

    // Checked once, before any metric reads the rows.
    private static void RequireScoreRows(IReadOnlyList<IReadOnlyList<float>> scores, int examples, int modelLabels)
    {
        if (scores.Count != examples)
        {
            throw new ArgumentException($"Expected one score row per example; got {scores.Count} for {examples} examples.", nameof(scores));
        }

        for (int i = 0; i < scores.Count; i++)
        {
            IReadOnlyList<float> row = scores[i] ?? throw new ArgumentException($"Score row {i} is null.", nameof(scores));
            if (row.Count != modelLabels)
            {
                throw new ArgumentException($"Score row {i} has {row.Count} probabilities for {modelLabels} labels.", nameof(scores));
            }
        }
    }

    private static double MeanBinaryLogLoss(IReadOnlyList<IReadOnlyList<float>> scores, int[][] goldSets, int modelLabels, int labelCount)
    {
        double sum = 0;
        for (int i = 0; i < goldSets.Length; i++)
        {
            IReadOnlyList<float> row = scores[i];
            for (int c = 0; c < labelCount; c++)
            {
                double p = Math.Clamp((double)ScoreOf(row, c, modelLabels), LogLossEpsilon, 1 - LogLossEpsilon);
                sum -= Array.IndexOf(goldSets[i], c) >= 0 ? Math.Log(p) : Math.Log(1 - p);
            }
        }

        return sum / ((double)goldSets.Length * labelCount);
    }

    private static RocCurve[] Curves(IReadOnlyList<IReadOnlyList<float>> scores, int[][] goldSets, List<string> all, int modelLabels)
    {
        int n = goldSets.Length;
        var labelScores = new float[n];
        var isPositive = new bool[n];
        var curves = new RocCurve[all.Count];
        for (int c = 0; c < all.Count; c++)
        {
            for (int i = 0; i < n; i++)
            {
                labelScores[i] = ScoreOf(scores[i], c, modelLabels);
                isPositive[i] = Array.IndexOf(goldSets[i], c) >= 0;
            }

            curves[c] = RocCurve.Create(all[c], labelScores, isPositive);
        }

        return curves;
    }

    /// <summary>
    /// The metrics as indented JSON with camelCase keys: <c>problemType</c> ("multiLabel"), <c>accuracy</c> (the subset
    /// accuracy, so the key every metrics file has keeps a strict meaning), <c>subsetAccuracy</c>, <c>hammingLoss</c>,
    /// <c>microPrecision</c>, <c>microRecall</c>, <c>microF1</c>, <c>macroPrecision</c>, <c>macroRecall</c>,
    /// <c>macroF1</c>, <c>weightedF1</c>, <c>logLoss</c>, <c>rocAucMacro</c>, <c>trainSeconds</c>, <c>evalSeconds</c>,
    /// <c>count</c>, <c>labels</c>, <c>confusionMatrix</c> (label co-occurrence, see <see cref="ConfusionMatrix"/>) and
    /// <c>perLabel</c> (keyed by label: <c>{"precision", "recall", "f1", "support", "rocAuc"}</c>). NaN is written as <c>null</c>.
    /// </summary>
    /// <returns>The JSON document.</returns>
    public string ToJson() => Encoding.UTF8.GetString(SerializeToUtf8());

    /// <summary>Writes <see cref="ToJson"/> to <paramref name="path"/> atomically (temporary file, then rename).</summary>
    /// <param name="path">The destination file; overwritten when it exists. The folder is created when missing.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or whitespace.</exception>
    public void WriteJson(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        MetricsJson.WriteFileAtomically(SerializeToUtf8(), path);
    }

    private byte[] SerializeToUtf8()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, MetricsJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("problemType", "multiLabel");
            MetricsJson.WriteNumber(writer, "accuracy", SubsetAccuracy);
            MetricsJson.WriteNumber(writer, "subsetAccuracy", SubsetAccuracy);
            MetricsJson.WriteNumber(writer, "hammingLoss", HammingLoss);
            MetricsJson.WriteNumber(writer, "microPrecision", MicroPrecision);
            MetricsJson.WriteNumber(writer, "microRecall", MicroRecall);
            MetricsJson.WriteNumber(writer, "microF1", MicroF1);
            MetricsJson.WriteNumber(writer, "macroPrecision", MacroPrecision);
            MetricsJson.WriteNumber(writer, "macroRecall", MacroRecall);
            MetricsJson.WriteNumber(writer, "macroF1", MacroF1);
            MetricsJson.WriteNumber(writer, "weightedF1", WeightedF1);
            MetricsJson.WriteNumber(writer, "logLoss", LogLoss);
            MetricsJson.WriteNumber(writer, "rocAucMacro", RocAucMacro);
            MetricsJson.WriteNumber(writer, "trainSeconds", TrainSeconds ?? double.NaN);
            MetricsJson.WriteNumber(writer, "evalSeconds", EvalSeconds ?? double.NaN);
            writer.WriteNumber("count", Count);
            MetricsJson.WriteOverlap(writer, SeenInTraining, Count, Unseen is { } unseen ? (unseen.SubsetAccuracy, unseen.MacroF1, unseen.WeightedF1, unseen.Count) : null);
            writer.WriteStartArray("labels");
            foreach (string label in Labels)
            {
                writer.WriteStringValue(label);
            }

            writer.WriteEndArray();
            MetricsJson.WriteMatrix(writer, "confusionMatrix", ConfusionMatrix);
            writer.WriteStartObject("perLabel");
            foreach (LabelMetrics label in PerLabel)
            {
                writer.WriteStartObject(label.Label);
                MetricsJson.WriteNumber(writer, "precision", label.Precision);
                MetricsJson.WriteNumber(writer, "recall", label.Recall);
                MetricsJson.WriteNumber(writer, "f1", label.F1);
                writer.WriteNumber("support", label.Support);
                MetricsJson.WriteNumber(writer, "rocAuc", label.RocAuc);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    // `parameter`: the caller's parameter the sets came in, named in the exception.
    private static int[][] ToIndexSets(IReadOnlyList<IReadOnlyList<string>> sets, List<string> all, Dictionary<string, int> indexOf, string parameter)
    {
        int[][] result = new int[sets.Count][];
        var set = new List<int>();
        for (int i = 0; i < sets.Count; i++)
        {
            IReadOnlyList<string> labels = sets[i] ?? throw new ArgumentException($"Label set {i} is null.", parameter);
            set.Clear();
            foreach (string label in labels)
            {
                if (label is null)
                {
                    throw new ArgumentException($"Label set {i} holds a null label.", parameter);
                }

                if (!indexOf.TryGetValue(label, out int index))
                {
                    index = all.Count;
                    indexOf.Add(label, index);
                    all.Add(label);
                }

                if (!set.Contains(index))
                {
                    set.Add(index);
                }
            }

            result[i] = [.. set];
        }

        return result;
    }

    private static bool AllIn(int[] subset, int[] set)
    {
        foreach (int value in subset)
        {
            if (Array.IndexOf(set, value) < 0)
            {
                return false;
            }
        }

        return true;
    }
}
