using System.Diagnostics;
using System.Globalization;
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

    public PeerRun Run(DatasetSplit split)
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
            string.Create(CultureInfo.InvariantCulture, $"{result.Epochs} epochs"));
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

            var sub = new TextClassifier(labels, [.. subset], null);
            int correct = 0;
            var truePositives = new Dictionary<string, int>(StringComparer.Ordinal);
            var predicted = new Dictionary<string, int>(StringComparer.Ordinal);
            var gold = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var row in rows)
            {
                string label = sub.Classify(row.Text).Label;
                predicted[label] = predicted.GetValueOrDefault(label) + 1;
                gold[row.Label] = gold.GetValueOrDefault(row.Label) + 1;
                if (label == row.Label)
                {
                    correct++;
                    truePositives[label] = truePositives.GetValueOrDefault(label) + 1;
                }
            }

            // Macro-F1 over the training labels and any test label beside them, as MetricsCalculator averages it.
            var all = new HashSet<string>(labels, StringComparer.Ordinal);
            all.UnionWith(gold.Keys);
            double f1Sum = 0;
            foreach (string label in all)
            {
                int tp = truePositives.GetValueOrDefault(label);
                int denominator = predicted.GetValueOrDefault(label) + gold.GetValueOrDefault(label);
                f1Sum += denominator == 0 ? 0 : 2.0 * tp / denominator;
            }

            Console.Error.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {split.Name} members {Convert.ToString(mask, 2).PadLeft(members.Count, '0')}: acc {(double)correct / rows.Count:F4}  macro-F1 {f1Sum / all.Count:F4}"));
        }
    }
}
