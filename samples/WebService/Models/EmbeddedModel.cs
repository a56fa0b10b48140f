using System.Diagnostics;
using TextClassification.Training.Data;
using TextClassification.Training.Evaluation;
using TextClassification.Training.Splitting;
using TextClassification.Training.Trainers;

namespace TextClassification.WebService.Models;

/// <summary>
/// The model served when none is configured: the quick-start intent classifier, trained at start-up from
/// <c>data/support-intents.tsv</c> on a seeded stratified 80 % split (about a second on 2 cores), evaluated on the
/// other 20 % for the page's report, and saved as a bundle so it loads (and hot-reloads) like any other.
/// </summary>
internal sealed record EmbeddedModel(string BundlePath, ClassificationMetrics Metrics, int TrainExamples, double TrainSeconds)
{
    private const int Seed = 7;

    public static string DataPath => Path.Combine(AppContext.BaseDirectory, "data", "support-intents.tsv");

    /// <summary>Trains, evaluates and saves the quick-start model to <paramref name="bundlePath"/>.</summary>
    public static EmbeddedModel Train(string bundlePath)
    {
        Dataset data = DatasetReader.Read(DataPath);
        string[] labels = [.. data.Rows.Select(r => r.Label).Distinct().Order(StringComparer.Ordinal)];
        int[] ids = [.. data.Rows.Select(r => Array.IndexOf(labels, r.Label))];
        (int[] trainIndices, int[] testIndices) = StratifiedSplitter.Split(ids, labels.Length, 0.2, Seed);
        LabeledText[] train = [.. trainIndices.Select(i => data.Rows[i])];
        LabeledText[] test = [.. testIndices.Select(i => data.Rows[i])];

        var clock = Stopwatch.StartNew();
        NGramTrainingResult result = NGramTrainer.Train(train, new NGramTrainerOptions { Seed = Seed });
        double seconds = clock.Elapsed.TotalSeconds;
        ClassificationMetrics metrics = ModelEvaluator.Evaluate(result.Classifier, test);
        metrics.TrainSeconds = seconds;
        result.Classifier.Save(bundlePath);
        return new EmbeddedModel(Path.GetFullPath(bundlePath), metrics, train.Length, seconds);
    }
}
