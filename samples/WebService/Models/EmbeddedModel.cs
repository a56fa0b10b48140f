using System.Diagnostics;
using System.Text.Json.Nodes;
using TextClassification.Bundles;
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
        if (!HoldsTheSameModel(bundlePath, result.Classifier))
        {
            RequireNoOtherModel(bundlePath, result.Classifier);
            result.Classifier.Save(bundlePath);
        }

        return new EmbeddedModel(Path.GetFullPath(bundlePath), metrics, train.Length, seconds);
    }

    // The same seed and data give the same weights, so a second instance of the service (or a restart) usually finds
    // its model already there. Saving it again would rewrite the manifest, and an instance that serves the folder
    // with ReloadOnChange would reload it and lose its start-up report. Same weight files and labels: same model.
    private static JsonNode? Comparable(string bundlePath)
    {
        JsonNode? manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(bundlePath, ModelBundle.ManifestFileName)));
        if (manifest is JsonObject root)
        {
            root.Remove("createdBy");
            if (root["training"] is JsonObject training)
            {
                training.Remove("trainedAt");
                training.Remove("seconds");
                if (training["metrics"] is JsonObject metrics)
                {
                    metrics.Remove("trainSeconds");
                }
            }
        }

        return manifest;
    }

    // A bundle of other labels in the quick-start model's folder is a model of the user's (saved there to swap it in,
    // as the README's hot reload describes): every start had retrained the quick-start model and saved it over it, and
    // running instances that watch the folder switched back to the quick-start model (an outside check). A bundle of
    // the same labels is an older quick-start model, replaced as before.
    private static void RequireNoOtherModel(string bundlePath, TextClassifier model)
    {
        string manifest = Path.Combine(bundlePath, ModelBundle.ManifestFileName);
        if (!File.Exists(manifest))
        {
            return;
        }

        IReadOnlyList<string> labels;
        try
        {
            labels = ModelBundle.ReadManifest(manifest).Labels;
        }
        catch (BundleFormatException)
        {
            return; // not a model anyone could serve: the quick-start model replaces it
        }

        if (!labels.SequenceEqual(model.Labels, StringComparer.Ordinal))
        {
            throw new InvalidOperationException(
                $"{Path.GetFullPath(bundlePath)} holds a model of other labels than the quick-start model the service trains and saves there at every start; " +
                $"it would be replaced. To serve it, set {ServiceOptions.Section}:Models:default:ModelPath to its folder (or move it and keep the quick-start model), " +
                $"or set {ServiceOptions.Section}:EmbeddedModelPath to another folder.");
        }
    }

    private static bool HoldsTheSameModel(string bundlePath, TextClassifier model)
    {
        if (!File.Exists(Path.Combine(bundlePath, ModelBundle.ManifestFileName)))
        {
            return false;
        }

        string probe = Path.Combine(Path.GetTempPath(), "tc-embedded-" + Guid.NewGuid().ToString("N"));
        try
        {
            model.Save(probe);
            ModelManifest existing = ModelBundle.ReadManifest(bundlePath);
            // The whole manifest but what differs between two saves of one model (when and by what it was written).
            return JsonNode.DeepEquals(Comparable(probe), Comparable(bundlePath))
                && existing.Files.All(file => new FileInfo(Path.Combine(bundlePath, file.Key)) is { Exists: true } info && info.Length == file.Value.Bytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or BundleFormatException or System.Text.Json.JsonException or ArgumentException)
        {
            return false;
        }
        finally
        {
            if (Directory.Exists(probe))
            {
                Directory.Delete(probe, recursive: true);
            }
        }
    }
}
