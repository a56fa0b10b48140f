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
        "at a time, `classifier.Classify(text)` over the test texts after one warm-up call (passes repeated for at least 0.5 s).";

    public bool InProcess => true;

    public string? Unavailable => null;

    public PeerRun Run(DatasetSplit split)
    {
        var clock = Stopwatch.StartNew();
        NGramTrainingResult result = NGramTrainer.Train(split.Train.Rows, options);
        clock.Stop();
        double trainSeconds = clock.Elapsed.TotalSeconds;

        TextClassifier classifier = result.Classifier;
        (string[] predictions, double perSecond) = Throughput.Measure(split.Test.Rows, text => classifier.Classify(text).Label);
        return new PeerRun(
            predictions,
            trainSeconds,
            perSecond,
            string.Create(CultureInfo.InvariantCulture, $"{result.Epochs} epochs"));
    }
}
