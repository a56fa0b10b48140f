using System.Diagnostics.CodeAnalysis;
using TextClassification.Onnx;
using TextClassification.Reloading;

namespace TextClassification.WebService.Models;

/// <summary>The served models by name: each is a keyed <see cref="ITextClassifier"/> singleton.</summary>
internal sealed class ModelCatalog(IServiceProvider services, ServiceOptions options, IReadOnlyDictionary<string, string> sources, EmbeddedModel? embedded)
{
    public string DefaultModel { get; } = options.DefaultModel;

    public IEnumerable<string> Names => sources.Keys;

    public ServiceOptions Options { get; } = options;

    /// <summary>Resolves <paramref name="name"/> (null or empty: the default model).</summary>
    public bool TryGet(string? name, [NotNullWhen(true)] out string? resolved, [NotNullWhen(true)] out ITextClassifier? classifier)
    {
        name = string.IsNullOrEmpty(name) ? DefaultModel : name;
        foreach (string known in sources.Keys)
        {
            if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase))
            {
                resolved = known;
                classifier = services.GetRequiredKeyedService<ITextClassifier>(known);
                return true;
            }
        }

        resolved = null;
        classifier = null;
        return false;
    }

    public ModelInfo Describe(string name)
    {
        TryGet(name, out string? resolved, out ITextClassifier? classifier);
        (ITextClassifier model, long generation) = Serving(classifier!);
        (bool multiLabel, IReadOnlyList<float>? thresholds) = model switch
        {
            TextClassifier ngram => (ngram.IsMultiLabel, ngram.Thresholds),
            OnnxTextClassifier onnx when onnx.IsMultiLabel => (true, Enumerable.Repeat(onnx.Options.MultiLabelThreshold, onnx.Labels.Count).ToArray()),
            _ => (false, null),
        };
        float? confidenceThreshold = model is TextClassifier { Abstain: not null } abstaining ? abstaining.ConfidenceThreshold : null;
        return new ModelInfo(resolved!, string.Equals(resolved, DefaultModel, StringComparison.OrdinalIgnoreCase), sources[resolved!], model.Labels, generation, multiLabel, thresholds, confidenceThreshold);
    }

    /// <summary>The evaluation report: the start-up evaluation for the embedded model while it is the one loaded at
    /// start-up, else the metrics recorded in the bundle's manifest.</summary>
    public ModelReport Report(string name)
    {
        TryGet(name, out string? resolved, out ITextClassifier? classifier);
        (ITextClassifier model, long generation) = Serving(classifier!);
        bool isEmbedded = embedded is not null && string.Equals(sources[resolved!], embedded.BundlePath, StringComparison.Ordinal);
        if (isEmbedded && generation == 1)
        {
            return ModelReport.From(resolved!, $"held-out 20 % of {Path.GetFileName(EmbeddedModel.DataPath)} (trained on {embedded!.TrainExamples} messages at start-up)", embedded.Metrics);
        }

        return ModelReport.FromManifest(resolved!, "metrics recorded in the bundle manifest at training time", (model as TextClassifier)?.Training?.Metrics);
    }

    /// <summary>Why the model serving <paramref name="name"/> is not the bundle at its path, or null: the bundle's
    /// manifest (or the model's path) is gone, or the bundle there was rejected when it was reloaded. The model loaded
    /// before serves on in both cases. <c>Summary</c> is safe to answer to anyone (no path, no exception text);
    /// <c>Detail</c> names the path and the reason, for the log.</summary>
    public (string Summary, string Detail)? Staleness(string name)
    {
        TryGet(name, out string? resolved, out ITextClassifier? classifier);
        if (classifier is ReloadingTextClassifier reloading)
        {
            reloading.GetCurrent(out long generation);
            return !File.Exists(reloading.ManifestPath)
                ? ($"the bundle's manifest is gone; generation {generation} serves on", $"the bundle's manifest {reloading.ManifestPath} is gone; generation {generation} serves on")
                : reloading.LastReloadError is { } error
                ? ($"the bundle on disk was rejected; generation {generation} serves on", $"the bundle at {reloading.ManifestPath} was rejected ({error.Message.TrimEnd('.')}); generation {generation} serves on")
                : null;
        }

        // A model loaded once: its path (a bundle folder or manifest, an export folder) must still be there for a restart.
        string path = sources[resolved!];
        string manifest = Directory.Exists(path) && classifier is TextClassifier ? Path.Combine(path, Bundles.ModelBundle.ManifestFileName) : path;
        return File.Exists(manifest) || (manifest == path && Directory.Exists(path))
            ? null
            : ("the model's files are gone; the model loaded at start serves on", $"{manifest} is gone; the model loaded at start serves on");
    }

    /// <summary>The model serving now and its generation, read once: a hot reload between reading a reloading
    /// classifier's labels (or model) and its generation paired one model with the next one's generation.</summary>
    internal static (ITextClassifier Model, long Generation) Serving(ITextClassifier classifier)
    {
        if (classifier is ReloadingTextClassifier reloading)
        {
            TextClassifier current = reloading.GetCurrent(out long generation);
            return (current, generation);
        }

        return (classifier, 1);
    }
}
