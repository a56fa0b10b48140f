using TextClassification.Training.Data;
using TextClassification.Training.Trainers;

namespace TextClassification.Benchmarks;

/// <summary>Data the suites share: the quick-start intents shipped in samples/data (found by walking up from the
/// binary), and a model trained on them.</summary>
internal static class BenchmarkData
{
    /// <summary>A 20-word support message (the latency target's text).</summary>
    public const string TwentyWordText =
        "hi there I ordered a pair of running shoes last week and the tracking page still says the label was created";

    public static IReadOnlyList<LabeledText> SampleRows()
    {
        string? directory = AppContext.BaseDirectory;
        while (directory is not null)
        {
            string candidate = Path.Combine(directory, "samples", "data", "support-intents.tsv");
            if (File.Exists(candidate))
            {
                return DatasetReader.Read(candidate).Rows;
            }

            directory = Path.GetDirectoryName(directory);
        }

        throw new FileNotFoundException("samples/data/support-intents.tsv not found above " + AppContext.BaseDirectory);
    }

    public static TextClassifier TrainSampleModel(bool ensemble = true)
    {
        var options = new NGramTrainerOptions { Threads = 1 };
        return NGramTrainer.Train(SampleRows(), ensemble ? options : options with { EnsembleTokenizer = null }).Classifier;
    }
}
