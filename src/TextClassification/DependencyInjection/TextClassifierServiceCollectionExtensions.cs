using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TextClassification.Bundles;

namespace TextClassification.DependencyInjection;

/// <summary>Registers <see cref="ITextClassifier"/> singletons.</summary>
public static class TextClassifierServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="ITextClassifier"/> loaded from <see cref="TextClassifierOptions.ModelPath"/>.
    /// The options are validated now (an <see cref="InvalidOperationException"/> names the problem); the model is
    /// loaded by a factory when first resolved and shared by all threads.
    /// </summary>
    public static IServiceCollection AddTextClassifier(this IServiceCollection services, Action<TextClassifierOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        (string manifest, bool eager, Onnx.OnnxTextClassifierOptions onnx) = Configure(configure, name: null);
        if (eager)
        {
            services.TryAddSingleton<ITextClassifier>(TextClassifierLoader.Load(manifest, onnx));
        }
        else
        {
            services.TryAddSingleton<ITextClassifier>(_ => TextClassifierLoader.Load(manifest, onnx));
        }

        return services;
    }

    /// <summary>
    /// Registers a keyed singleton <see cref="ITextClassifier"/> (resolve with <c>[FromKeyedServices(key)]</c> or
    /// <c>GetRequiredKeyedService&lt;ITextClassifier&gt;(key)</c>), so one host can serve several models.
    /// </summary>
    public static IServiceCollection AddKeyedTextClassifier(this IServiceCollection services, object serviceKey, Action<TextClassifierOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(serviceKey);
        (string manifest, bool eager, Onnx.OnnxTextClassifierOptions onnx) = Configure(configure, serviceKey.ToString());
        if (eager)
        {
            services.TryAddKeyedSingleton<ITextClassifier>(serviceKey, TextClassifierLoader.Load(manifest, onnx));
        }
        else
        {
            services.TryAddKeyedSingleton<ITextClassifier>(serviceKey, (_, _) => TextClassifierLoader.Load(manifest, onnx));
        }

        return services;
    }

    private static (string Manifest, bool Eager, Onnx.OnnxTextClassifierOptions Onnx) Configure(Action<TextClassifierOptions> configure, string? name)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new TextClassifierOptions();
        configure(options);
        string which = name is null ? "TextClassifierOptions" : $"TextClassifierOptions['{name}']";
        if (string.IsNullOrWhiteSpace(options.ModelPath))
        {
            throw new InvalidOperationException($"{which}.ModelPath is not set: point it at a model bundle folder (the folder holding {ModelBundle.ManifestFileName}).");
        }

        string path = ResolvePath(options.ModelPath);
        if (TextClassifierLoader.IsHuggingFaceExport(path))
        {
            // config.json is cheap to check now; the ONNX session is created on first resolution (or now if eager).
            Onnx.HuggingFaceConfig.Read(Path.Combine(path, Onnx.HuggingFaceConfig.FileName)).LabelsInIdOrder(path);
            return (path, options.EagerLoad, options.Onnx);
        }

        string manifest = Directory.Exists(path) ? Path.Combine(path, ModelBundle.ManifestFileName) : path;
        if (!File.Exists(manifest))
        {
            throw new InvalidOperationException($"{which}.ModelPath '{options.ModelPath}' is not a model bundle (no '{manifest}') nor a Hugging Face export (config.json + model.onnx).");
        }

        // The manifest is cheap to read: a bad one fails at start-up, not at the first request.
        ModelBundle.ReadManifest(manifest);
        return (manifest, options.EagerLoad, options.Onnx);
    }

    private static string ResolvePath(string path)
    {
        if (Path.IsPathRooted(path) || Path.Exists(path))
        {
            return Path.GetFullPath(path);
        }

        string besideApp = Path.Combine(AppContext.BaseDirectory, path);
        return Path.Exists(besideApp) ? besideApp : Path.GetFullPath(path);
    }
}
