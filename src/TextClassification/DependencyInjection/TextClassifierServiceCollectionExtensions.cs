using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using TextClassification.Bundles;
using TextClassification.Reloading;

namespace TextClassification.DependencyInjection;

/// <summary>Registers <see cref="ITextClassifier"/> singletons.</summary>
public static class TextClassifierServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="ITextClassifier"/> loaded from <see cref="TextClassifierOptions.ModelPath"/>
    /// (a model bundle or a Hugging Face export folder). The options are validated now (an
    /// <see cref="InvalidOperationException"/> names the problem, such as a path that is neither a bundle nor an export;
    /// a bundle that is there but broken, with a manifest that cannot be read, a listed file missing or of another size,
    /// or an encoder folder without its files, throws a <see cref="BundleFormatException"/> naming the file); the model
    /// is loaded by a factory when first resolved and shared by all
    /// threads. A second registration of <see cref="ITextClassifier"/> is ignored (the first wins, as with every
    /// <c>TryAdd</c>), <paramref name="configure"/> not even called, so its options are not validated either (a test
    /// host may register its own model before the application's): use <see cref="AddKeyedTextClassifier"/> for several
    /// models.
    /// </summary>
    /// <param name="services">The service collection to add to.</param>
    /// <param name="configure">Sets the options; <see cref="TextClassifierOptions.ModelPath"/> is required.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is
    /// null.</exception>
    /// <exception cref="InvalidOperationException">The options are invalid: no model path, a path that is neither a
    /// bundle nor an export, <c>ReloadOnChange</c> for a model that cannot reload, or a model whose labels are not
    /// <see cref="TextClassifierOptions.ExpectedLabels"/>.</exception>
    /// <exception cref="BundleFormatException">The bundle or export is there but broken.</exception>
    public static IServiceCollection AddTextClassifier(this IServiceCollection services, Action<TextClassifierOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        if (services.Any(d => d.ServiceType == typeof(ITextClassifier) && !d.IsKeyedService))
        {
            // Ignored, so neither configured nor validated: a test host's registration first, then the application's
            // with a production path that is not there, had thrown.
            return services;
        }

        Registration registration = Configure(configure, name: null);
        if (registration.Reload)
        {
            services.TryAddSingleton<ITextClassifier>(sp => CreateReloading(sp, registration));
        }
        else if (registration.Eager)
        {
            Func<ITextClassifier> first = FirstThenLoad(registration);
            services.TryAddSingleton(_ => first());
        }
        else
        {
            services.TryAddSingleton<ITextClassifier>(_ => registration.Load());
        }

        return services;
    }

    /// <summary>
    /// Registers a keyed singleton <see cref="ITextClassifier"/> (resolve with <c>[FromKeyedServices(key)]</c> or
    /// <c>GetRequiredKeyedService&lt;ITextClassifier&gt;(key)</c>), so one host can serve several models.
    /// </summary>
    /// <param name="services">The service collection to add to.</param>
    /// <param name="serviceKey">The key the classifier is resolved by; its text names it in error messages.</param>
    /// <param name="configure">Sets the options; <see cref="TextClassifierOptions.ModelPath"/> is required.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/>, <paramref name="serviceKey"/> or
    /// <paramref name="configure"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The options are invalid: no model path, a path that is neither a
    /// bundle nor an export, <c>ReloadOnChange</c> for a model that cannot reload, or a model whose labels are not
    /// <see cref="TextClassifierOptions.ExpectedLabels"/>.</exception>
    /// <exception cref="BundleFormatException">The bundle or export is there but broken.</exception>
    public static IServiceCollection AddKeyedTextClassifier(this IServiceCollection services, object serviceKey, Action<TextClassifierOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(serviceKey);
        ArgumentNullException.ThrowIfNull(configure);
        if (services.Any(d => d.ServiceType == typeof(ITextClassifier) && d.IsKeyedService && Equals(d.ServiceKey, serviceKey)))
        {
            return services; // ignored, as AddTextClassifier's second registration
        }

        Registration registration = Configure(configure, serviceKey.ToString(), serviceKey as Type);
        if (registration.Reload)
        {
            services.TryAddKeyedSingleton<ITextClassifier>(serviceKey, (sp, _) => CreateReloading(sp, registration));
        }
        else if (registration.Eager)
        {
            Func<ITextClassifier> first = FirstThenLoad(registration);
            services.TryAddKeyedSingleton(serviceKey, (_, _) => first());
        }
        else
        {
            services.TryAddKeyedSingleton<ITextClassifier>(serviceKey, (_, _) => registration.Load());
        }

        return services;
    }

    // EagerLoad: the model is loaded now (a broken bundle fails registration) and handed to the first provider that
    // resolves it, which disposes it (an ONNX session) with itself. Every further provider built from the same
    // collection loads its own: one shared instance was disposed for all of them with the first. A registration that
    // TryAdd would ignore is not loaded at all (its session was never disposed).
    private static Func<ITextClassifier> FirstThenLoad(Registration registration)
    {
        ITextClassifier? preloaded = registration.Load();
        return () => Interlocked.Exchange(ref preloaded, null) ?? registration.Load();
    }

    private static ReloadingTextClassifier CreateReloading(IServiceProvider services, Registration registration)
    {
        ReloadingTextClassifierOptions options = registration.ReloadOptions.Snapshot();
        options.Logger ??= (services.GetService(typeof(ILoggerFactory)) as ILoggerFactory)?.CreateLogger(typeof(ReloadingTextClassifier).FullName!);
        // The model EagerLoad loaded at registration goes to the first provider, as FirstThenLoad's does; the manifest
        // is checked again there, so a bundle saved since is loaded.
        ReloadingTextClassifier reloading = registration.TakePreloaded() is { } preloaded
            ? ReloadingTextClassifier.CreateLoaded(Path.GetFullPath(registration.Path), preloaded.Model, preloaded.ManifestBytes, options)
            : ReloadingTextClassifier.Create(registration.Path, options);
        if (registration.Expected is { } expected)
        {
            try
            {
                // Checked again (the bundle may have been replaced since registration), then pinned: a reloaded bundle
                // with other labels is rejected and the current model keeps serving, as for the generated classifiers.
                // One read of the labels, pinned only while they are still the serving model's: read once to check and
                // again to pin, a reload between the two pinned the new model's labels unchecked (review 52d). A reload
                // between the check and the pin sends the loop round again, on the new model's labels.
                IReadOnlyList<string> labels;
                do
                {
                    labels = reloading.Labels;
                    expected.Require(registration.ModelPath, labels);
                    registration.AfterLabelsChecked?.Invoke(reloading);
                }
                while (!reloading.TryRequireLabels(labels, out _));
            }
            catch
            {
                reloading.Dispose();
                throw;
            }
        }

        return reloading;
    }

    private static Registration Configure(Action<TextClassifierOptions> configure, string? name, Type? typedKey = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new TextClassifierOptions();
        configure(options);
        string which = name is null ? "TextClassifierOptions" : $"TextClassifierOptions['{name}']";
        Type? generatedEnum = GeneratedEnum(typedKey);
        if (string.IsNullOrWhiteSpace(options.ModelPath))
        {
            throw new InvalidOperationException($"{which}.ModelPath is not set: point it at a model bundle folder (the folder holding {ModelBundle.ManifestFileName}).");
        }

        if (options.ExpectedLabels is { } listed)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (string label in listed)
            {
                if (label is null || !seen.Add(label))
                {
                    throw new InvalidOperationException($"{which}.ExpectedLabels lists {(label is null ? "a null label" : $"'{label}' twice")}: give each label once.");
                }
            }
        }

        // Copies: a lazily loaded model read the caller's objects at first resolution, so changes made after registration
        // applied then, and settings out of range failed only there (an outside review). Each is checked below where it
        // applies: the ONNX settings for an export (all) or an encoder plus a head (its session), the reload settings
        // with ReloadOnChange.
        Onnx.OnnxTextClassifierOptions onnx = options.Onnx?.Snapshot() ?? new();
        LabelExpectation? expected = options.ExpectedLabels is null ? null : new(
            [.. options.ExpectedLabels],
            generatedEnum is null
                ? $"{which}.ExpectedLabels"
                : $"those of {generatedEnum.FullName}, the enum the build generated for {typedKey!.FullName} ({which}.ExpectedLabels)",
            InOrder: generatedEnum is not null);
        ReloadingTextClassifierOptions reload = options.Reload?.Snapshot() ?? new();
        reload.ModelName ??= name; // a keyed model's reloads are counted under its key
        if (options.ReloadOnChange)
        {
            CheckSettings(which, "Reload", options.Reload, reload.Validate);
        }

        string[] candidates = ModelPathCandidates(options.ModelPath);
        // The first place that holds a model, else the first that exists: a folder of that name in the working directory
        // that is no model (a web project's own Models/ folder under `dotnet run`) had hidden the bundle in the app's
        // folder, and start-up failed saying it has no manifest (review 54e).
        string path = Array.Find(candidates, HoldsModel) ?? Array.Find(candidates, Path.Exists) ?? candidates[0];
        if (TextClassifierLoader.IsHuggingFaceExport(path))
        {
            if (options.ReloadOnChange)
            {
                throw new InvalidOperationException($"{which}.ReloadOnChange works with model bundles; '{options.ModelPath}' is a Hugging Face export.");
            }

            CheckSettings(which, "Onnx", options.Onnx, onnx.Validate);
            // config.json is cheap to check now; the ONNX session is created on first resolution (or now if eager).
            string configPath = Path.Combine(path, Onnx.HuggingFaceConfig.FileName);
            Onnx.HuggingFaceConfig config = Onnx.HuggingFaceConfig.Read(configPath);
            string[] exportLabels = config.LabelsInIdOrder(configPath);
            // A MaxLength past the position table failed the first resolution (review 49a), though config.json says it.
            CheckSettings(which, "Onnx", options.Onnx, name => Onnx.OnnxTextClassifier.CheckMaxLength(onnx.MaxLength, config.MaxPositionEmbeddings, configPath, name));
            // So was a sliding window's Stride under 1, or past the window of the MaxLength set here: neither needs the graph.
            CheckSettings(which, "Onnx", options.Onnx, name => Onnx.OnnxTextClassifier.CheckStride(onnx, name));
            expected?.Require(path, exportLabels);
            if (!File.Exists(Path.Combine(path, "tokenizer.json")) && !File.Exists(Path.Combine(path, "vocab.txt")))
            {
                // As cheap to find as config.json; without it the app would start and fail at the first request.
                throw new BundleFormatException(path, Onnx.ExportTokenizer.NoTokenizerProblem(path));
            }

            return new Registration(path, options.EagerLoad, Reload: false, onnx, expected, path, reload);
        }

        string manifest = Directory.Exists(path) ? Path.Combine(path, ModelBundle.ManifestFileName) : path;
        if (!File.Exists(manifest))
        {
            // Every place looked in: a relative path that is in neither had named the working directory's alone, which for
            // a service started in / pointed at /Models/x rather than the app's folder, where a deployment keeps it.
            // A half-copied export is named as such, as loading names it (review 51a: it was told only that it has no manifest).
            string why = Directory.Exists(path) ? $"the folder {path} has no {ModelBundle.ManifestFileName}" + (ModelBundle.HalfAnExport(path) is { } half ? ", and " + half : string.Empty)
                : candidates.Length == 1 ? $"{path} does not exist"
                : $"neither {candidates[0]} (from the working directory) nor {candidates[1]} (from the app's folder) exists";
            // A TextClassifierModel item copies the bundle to the app's output folder, never to a rooted path: the hint for
            // a rooted path had named the item as the way to put the bundle there.
            const string ItemPath = "at the path it has in the project, Models/<its ClassName or folder name> for a folder outside the project, or the item's OutputPath";
            // A rooted path inside the app's folder is where the item's copy goes (the generated Add<Name>Classifier reads
            // AppContext.BaseDirectory/Models/<Name>): the rooted-path hint had said the item does not put the bundle there
            // (review 51a).
            string copied = !Path.IsPathRooted(options.ModelPath)
                ? "A relative path is read from the working directory, else from the app's folder: a TextClassifierModel item copies the bundle to the " +
                  $"app's output folder ({ItemPath}), and ModelPath must name that path."
                : IsInAppFolder(path)
                ? $"It is in the app's folder, where the build copies a TextClassifierModel item's bundle ({ItemPath}): build the app again, and deploy " +
                  "that folder with the app (it is in the build and publish output)."
                : "A rooted path is read as given, so the bundle must be deployed to it; a TextClassifierModel item does not put it there: it copies " +
                  $"the bundle to the app's output folder ({ItemPath}), and a ModelPath relative to the app's folder reads that copy.";
            throw new InvalidOperationException(
                $"{which}.ModelPath '{options.ModelPath}' is not a model bundle nor a Hugging Face export (config.json + model.onnx): {why}. " +
                ReadAsRelative(options.ModelPath) + copied);
        }

        // The manifest is cheap to read, and the files it lists cheap to find: a bad manifest or a bundle copied without
        // its weights (a web project's publish copies *.json content alone) fails at start-up, not at the first request.
        ModelManifest read = ModelBundle.ReadManifest(manifest);
        expected?.Require(path, read.Labels);
        string bundleFolder = Path.GetDirectoryName(manifest)!;
        BundleFiles.RequireListed(bundleFolder, manifest, read);
        bool encoderHead = ModelBundle.IsEncoderHead(read);
        if (encoderHead)
        {
            CheckSettings(which, "Onnx", options.Onnx, name => (onnx.Session ?? throw new ArgumentNullException(name, "Session is null.")).Validate(name));
            ModelBundle.RequireEncoderFiles(bundleFolder, manifest, read);
        }

        if (options.ReloadOnChange && encoderHead)
        {
            throw new InvalidOperationException($"{which}.ReloadOnChange works with n-gram model bundles; '{options.ModelPath}' is an ONNX encoder plus a head.");
        }

        var registration = new Registration(manifest, options.EagerLoad, options.ReloadOnChange, onnx, expected, path, reload, options.AfterLabelsChecked);
        if (options.EagerLoad && options.ReloadOnChange)
        {
            // The reloading classifier needs the container's logger, so it is built on first resolution; the weights
            // are loaded here, keeping EagerLoad's promise that a corrupt bundle fails start-up, and handed to the first
            // provider's reloading classifier (they had been thrown away and loaded again there: twice at start-up).
            TextClassifier first = ModelBundle.Load(manifest, out byte[]? manifestBytes);
            expected?.Require(path, first.Labels);
            registration.Preload(first, manifestBytes);
        }

        return registration;
    }

    // A registration's settings object, refused when null or out of range as a registration mistake (the message names
    // it, e.g. TextClassifierOptions['spam'].Onnx).
    private static void CheckSettings(string which, string name, object? given, Action<string> validate)
    {
        if (given is null)
        {
            throw new InvalidOperationException($"{which}.{name} is null.");
        }

        try
        {
            validate(name);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"{which}.{name}: {ArgumentMessages.Reason(ex)}", ex);
        }
    }

    // The enum of a generated classifier's registration (keyed by its type, a [GeneratedCode] TypedTextClassifier<TEnum>),
    // or null. A mismatch names it, as the app never wrote the setting (review 51a: the message named only
    // TextClassifierOptions['….IntentClassifier'].ExpectedLabels), and its labels are expected in its order: its values
    // are the model's indices.
    private static Type? GeneratedEnum(Type? typedKey)
    {
        if (typedKey is null || !typedKey.IsDefined(typeof(System.CodeDom.Compiler.GeneratedCodeAttribute), inherit: false))
        {
            return null;
        }

        for (Type? type = typedKey.BaseType; type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(TypedTextClassifier<>))
            {
                return type.GetGenericArguments()[0];
            }
        }

        return null;
    }

    // Where a ModelPath is looked for, in order: a rooted path as given; a relative one in the working directory, then
    // in the app's folder (the two named once where they are the same folder).
    // Why a path written as rooted somewhere else was read as relative here (review 47b): a Windows path in the settings
    // of an app deployed to Linux or macOS ("C:\models\intent", "\\server\share\intent"), or one starting at '~', which
    // a shell expands and .NET does not. The relative-path hint alone, under "…/bin/C:\models\intent does not exist",
    // told how to write a relative path to someone who had not meant one.
    private static string ReadAsRelative(string path)
    {
        if (Path.IsPathRooted(path))
        {
            return string.Empty;
        }

        bool windowsRooted = (path.Length >= 3 && char.IsAsciiLetter(path[0]) && path[1] == ':' && path[2] is '\\' or '/') || path.StartsWith(@"\\", StringComparison.Ordinal);
        if (windowsRooted && !OperatingSystem.IsWindows())
        {
            return $"'{path}' is rooted on Windows only: here it is a relative path, so give the bundle's path on this machine. ";
        }

        return path == "~" || path.StartsWith("~/", StringComparison.Ordinal) || path.StartsWith(@"~\", StringComparison.Ordinal)
            ? "'~' is not the home folder here (a shell expands it, .NET does not): it is read as a folder named '~', so give the full path. "
            : string.Empty;
    }

    // Whether a full path lies inside the app's folder.
    private static bool IsInAppFolder(string fullPath)
    {
        string app = AppContext.BaseDirectory;
        app = Path.EndsInDirectorySeparator(app) ? app : app + Path.DirectorySeparatorChar;
        return Path.GetFullPath(fullPath).StartsWith(app, OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }

    // Whether a ModelPath candidate names something a model is read from: a file (a manifest, or a config.json), a folder
    // with a manifest, or an export folder.
    private static bool HoldsModel(string candidate) =>
        File.Exists(candidate) || File.Exists(Path.Combine(candidate, ModelBundle.ManifestFileName)) || TextClassifierLoader.IsHuggingFaceExport(candidate);

    private static string[] ModelPathCandidates(string path)
    {
        string fromWorkingDirectory = Path.GetFullPath(path);
        if (Path.IsPathRooted(path))
        {
            return [fromWorkingDirectory];
        }

        string besideApp = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, path));
        return string.Equals(besideApp, fromWorkingDirectory, StringComparison.Ordinal) ? [fromWorkingDirectory] : [fromWorkingDirectory, besideApp];
    }

    // A model loaded at registration and the bytes of the manifest it was loaded from.
    private sealed record Preloaded(TextClassifier Model, byte[] ManifestBytes);

    // ModelPath: the path as resolved at registration, which messages name (Path may be its manifest).
    private sealed record Registration(string Path, bool Eager, bool Reload, Onnx.OnnxTextClassifierOptions Onnx, LabelExpectation? Expected, string ModelPath, ReloadingTextClassifierOptions ReloadOptions, Action<ReloadingTextClassifier>? AfterLabelsChecked = null)
    {
        // With EagerLoad and ReloadOnChange: the model loaded at registration, until a provider takes it.
        private Preloaded? _preloaded;

        /// <summary>Keeps a model loaded at registration for the first provider (nothing where the manifest was not read
        /// whole, so its bytes are unknown: that provider loads its own).</summary>
        public void Preload(TextClassifier model, byte[]? manifestBytes) =>
            _preloaded = manifestBytes is null ? null : new Preloaded(model, manifestBytes);

        /// <summary>The model loaded at registration, once; null after.</summary>
        public Preloaded? TakePreloaded() => Interlocked.Exchange(ref _preloaded, null);

        // The labels are checked again on loading: a lazily loaded model may have been replaced since registration.
        public ITextClassifier Load()
        {
            ITextClassifier loaded = TextClassifierLoader.Load(Path, Onnx);
            try
            {
                Expected?.Require(ModelPath, loaded.Labels);
                return loaded;
            }
            catch
            {
                (loaded as IDisposable)?.Dispose();
                throw;
            }
        }
    }
}
