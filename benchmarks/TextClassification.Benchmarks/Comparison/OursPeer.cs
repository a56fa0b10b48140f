using System.Diagnostics;
using System.Globalization;
using TextClassification.Training.Evaluation;
using TextClassification.Training.Trainers;
using TextClassification.Training.Tuning;

namespace TextClassification.Benchmarks.Comparison;

/// <summary>Our hashed n-gram model: <see cref="NGramTrainer.Train"/> in-process with the given options, or
/// <see cref="NGramAutotuner.Tune"/> from them when an autotune budget is given.</summary>
internal sealed class OursPeer(NGramTrainerOptions options, TimeSpan? autotune = null, bool reportMembers = false) : IPeer
{
    public string Key => "ours";

    public string Name => autotune is null ? "ours" : "ours (autotune)";

    public string Description =>
        (autotune is { } budget
            ? string.Create(CultureInfo.InvariantCulture, $"ours (autotune): `NGramAutotuner.Tune(train rows, {budget.TotalSeconds:F0} s, options)` in-process; train s includes the search. ")
            : "ours: `NGramTrainer.Train(train rows, options)` in-process (default `NGramTrainerOptions` unless flags are given). ") +
        "Train s: wall time of `Train` (tokenization included, file reading excluded). Pred/s: single thread, one text " +
        "at a time, `classifier.Classify(text)` over the test texts after one warm-up call (passes repeated for at least 0.5 s).";

    public bool InProcess => true;

    public string? Unavailable => null;

    public PeerRun Run(DatasetSplit split, bool probabilities = false)
    {
        var clock = Stopwatch.StartNew();
        NGramTrainingResult result = autotune is { } budget
            ? NGramAutotuner.Tune(split.Train.Rows, budget, options).Final
            : NGramTrainer.Train(split.Train.Rows, options);
        clock.Stop();
        double trainSeconds = clock.Elapsed.TotalSeconds;

        TextClassifier classifier = result.Classifier;
        if (reportMembers)
        {
            ReportMembers(classifier, split);
        }

        (string[] predictions, double perSecond) = Throughput.Measure(split.Test.Rows, text => classifier.Classify(text).Label);
        return new PeerRun(
            predictions,
            trainSeconds,
            perSecond,
            string.Create(CultureInfo.InvariantCulture, $"{result.Epochs} epochs"),
            probabilities ? Probabilities(classifier, split) : null);
    }

    // --calibration: TextClassifier.Score of every test text (the probabilities Classify's label and score come from).
    private static PeerProbabilities Probabilities(TextClassifier classifier, DatasetSplit split)
    {
        int labels = classifier.Labels.Count;
        var rows = split.Test.Rows;
        float[] values = new float[(long)rows.Count * labels];
        for (int i = 0; i < rows.Count; i++)
        {
            classifier.Score(rows[i].Text, values.AsSpan(i * labels, labels));
        }

        return new PeerProbabilities([.. classifier.Labels], values);
    }

    // --members: the test accuracy and macro-F1 of every non-empty subset of the ensemble's members (bit m = member m), to stderr.
    private static void ReportMembers(TextClassifier classifier, DatasetSplit split)
    {
        IReadOnlyList<NGramModel> members = classifier.Members;
        string[] labels = [.. classifier.Labels];
        var rows = split.Test.Rows;
        for (int mask = 1; mask < (1 << members.Count); mask++)
        {
            var subset = new List<NGramModel>();
            for (int m = 0; m < members.Count; m++)
            {
                if ((mask & (1 << m)) != 0)
                {
                    subset.Add(members[m]);
                }
            }

            // Combined as the trained ensemble combines its members.
            var sub = new TextClassifier(labels, [.. subset], null, combination: subset.Count > 1 ? EnsembleCombination.RootMean : EnsembleCombination.Mean);
            var predictions = new string[rows.Count];
            for (int i = 0; i < predictions.Length; i++)
            {
                predictions[i] = sub.Classify(rows[i].Text).Label;
            }

            // Scored as the table scores every peer.
            ClassificationMetrics metrics = PredictionScorer.Score(split, predictions);
            Console.Error.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {split.Name} members {Convert.ToString(mask, 2).PadLeft(members.Count, '0')}: acc {metrics.Accuracy:F4}  macro-F1 {metrics.MacroF1:F4}"));
        }
    }
}
