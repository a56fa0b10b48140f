using System.Diagnostics;
using System.Globalization;
using TextClassification.Training.Trainers;

namespace TextClassification.Benchmarks.Comparison;

/// <summary>Our hashed n-gram model: <see cref="NGramTrainer.Train"/> in-process with the given options.</summary>
internal sealed class OursPeer(NGramTrainerOptions options) : IPeer
{
    public string Key => "ours";

    public string Name => "ours";

    public string Description =>
        "ours: `NGramTrainer.Train(train rows, options)` in-process (default `NGramTrainerOptions` unless flags are given). " +
        "Train s: wall time of `Train` (tokenization included, file reading excluded). Pred/s: single thread, one text " +
        "at a time, `classifier.Classify(text)` over the test texts after one warm-up call.";

    public string? Unavailable => null;

    public PeerRun Run(DatasetSplit split)
    {
        var clock = Stopwatch.StartNew();
        NGramTrainingResult result = NGramTrainer.Train(split.Train.Rows, options);
        clock.Stop();
        double trainSeconds = clock.Elapsed.TotalSeconds;

        TextClassifier classifier = result.Classifier;
        var rows = split.Test.Rows;
        classifier.Classify(rows[0].Text);
        var predictions = new string[rows.Count];
        clock.Restart();
        for (int i = 0; i < predictions.Length; i++)
        {
            predictions[i] = classifier.Classify(rows[i].Text).Label;
        }

        clock.Stop();
        return new PeerRun(
            predictions,
            trainSeconds,
            rows.Count / clock.Elapsed.TotalSeconds,
            string.Create(CultureInfo.InvariantCulture, $"{result.Epochs} epochs"));
    }
}
