using System.Diagnostics;
using System.Globalization;
using TextClassification.Bundles;
using TextClassification.Onnx;
using TextClassification.Training.Data;
using TextClassification.Training.Evaluation;
using TextClassification.Training.Trainers;

namespace TextClassification.Cli;

/// <summary><c>textclf train … --encoder &lt;folder&gt;</c>: a head trained on an ONNX sentence encoder's vectors.</summary>
internal static partial class TrainCommand
{
    /// <summary>The usage error for n-gram-only options given with <c>--encoder</c>.</summary>
    public static string EncoderOptionConflict(IReadOnlyList<string> options) =>
        $"--encoder trains a single-label head on an ONNX encoder; {string.Join(", ", options)} appl{(options.Count == 1 ? "ies" : "y")} to n-gram models only.";

    // The encoder that --encoder names, opened, and its folder: a folder with model.onnx, the .onnx file itself, or an
    // encoder + head bundle (its manifest, or the folder holding it), whose encoder is then opened as loading the bundle
    // opens it: the first of its folders (referenced, then carried copy) that is the encoder the head was trained on, with
    // the bundle's own sequence length, pooling and normalisation, so the new head reads the vectors the old one did. (The
    // referenced folder had been taken whenever it existed: changed since, it trained the new head on other vectors while
    // the bundle's carried copy held the right encoder, review 50e.)
    private static (string Folder, OnnxSentenceEncoder Encoder) OpenEncoder(string encoderPath)
    {
        string full = Path.GetFullPath(encoderPath);
        string manifestPath = Directory.Exists(full) ? Path.Combine(full, ModelBundle.ManifestFileName) : full;
        if (File.Exists(manifestPath) && string.Equals(Path.GetFileName(manifestPath), ModelBundle.ManifestFileName, StringComparison.Ordinal))
        {
            ModelManifest manifest = ModelBundle.ReadManifest(manifestPath);
            if (manifest.Encoder.Type != "onnx" || manifest.Encoder.Path is null)
            {
                throw new BundleFormatException(manifestPath, $"--encoder needs an ONNX encoder; this bundle's encoder is '{manifest.Encoder.Type}' (an n-gram model).");
            }

            OnnxSentenceEncoder opened = ModelBundle.OpenEncoder(Path.GetDirectoryName(manifestPath)!, manifestPath, manifest, out string openedFolder);
            return (openedFolder, opened);
        }

        string folder = ModelBundle.EncoderFolderOf(encoderPath, "--encoder");
        if (!Directory.Exists(folder))
        {
            throw new BundleFormatException(encoderPath, "the encoder folder does not exist.");
        }

        return (folder, OnnxSentenceEncoder.Create(folder));
    }

    /// <summary>Opens the encoder <c>--encoder</c> names (<see cref="OpenEncoder"/>) before the training data is read, so an
    /// encoder that does not open is found first. Its clock counts the opening and, restarted by
    /// <see cref="TrainOnEncoder"/>, the training: the training seconds, without the time spent reading the data in
    /// between.</summary>
    private static OpenedEncoder OpenEncoderTimed(string encoderPath)
    {
        var clock = Stopwatch.StartNew();
        (string folder, OnnxSentenceEncoder encoder) = OpenEncoder(encoderPath);
        clock.Stop();
        return new OpenedEncoder(folder, encoder, clock);
    }

    // The caller disposes it (the trained classifier disposes the encoder too; a second Dispose does nothing).
    private static int TrainOnEncoder(CliConsole console, OpenedEncoder opened, string trainPath, Dataset train, Dataset? testSet, string? testPath, DatasetReadOptions readOptions, string outPath,
        EncoderHeadTrainerOptions options, string? metricsPath, string? reportFolder, CancellationToken cancellationToken)
    {
        (string encoderFolder, OnnxSentenceEncoder encoder, Stopwatch stopwatch) = opened;
        stopwatch.Start();
        EncoderHeadTrainingResult result = ConsoleProgress.Run(console, progress => TrainingDataErrors.NamingFile(trainPath, () => EncoderHeadTrainer.Train(encoder, train.Rows, options, progress, cancellationToken)));

        using EncoderHeadClassifier classifier = result.Classifier;
        double seconds = stopwatch.Elapsed.TotalSeconds;
        CultureInfo inv = CultureInfo.InvariantCulture;
        string validation = double.IsFinite(result.ValidationAccuracy) ? string.Create(inv, $", validation accuracy {result.ValidationAccuracy:F4}") : string.Empty;
        console.Out.WriteLine(string.Create(inv, $"Trained a head on {encoder.Dimension}-dimensional encoder vectors for {CommonOptions.Counted(classifier.Labels.Count, "label")} ({CommonOptions.ListLabels(classifier.Labels)}) for {CommonOptions.Counted(result.Epochs, "epoch")} (best {result.BestEpoch}) in {seconds:F2} s{validation}; {result.EmbeddedTexts} texts embedded, {result.CachedTexts} from the cache."));
        if (!double.IsFinite(result.ValidationAccuracy))
        {
            // Nothing held out (the split keeps copies of a text, and texts inside longer ones, together): as the n-gram
            // trainer's TC2002 says; the summary had only left out its validation accuracy.
            MSBuildErrorFormat.WriteWarning(
                console.Error,
                MSBuildErrorFormat.NoValidationCode,
                string.Create(inv, $"no text could be held out for validation (too few distinct texts per label: copies of a text, and texts inside longer ones, stay together), so the head trained all {result.Epochs} epochs with no early stopping and no epoch chosen on held-out texts; a few distinct texts per label help most."),
                trainPath);
        }

        if (result.TruncatedTexts > 0)
        {
            int maxLength = encoder.Tokenizer.Options.MaxLength;
            console.Out.WriteLine(string.Create(inv, $"{result.TruncatedTexts} training {(result.TruncatedTexts == 1 ? "text has" : "texts have")} more tokens than the encoder reads ({maxLength:N0} with its special tokens): only the first are embedded, in training and in prediction."));
        }

        if (result.CacheFile is { } cacheFile && result.CacheProblem is null && File.Exists(cacheFile))
        {
            // The cache grows by a record per new text (3 KB for 768 floats) and is never pruned: say where it is and how
            // big, so a user can delete it.
            console.Out.WriteLine(string.Create(inv, $"Embeddings cached in {cacheFile} ({CommonOptions.Bytes(new FileInfo(cacheFile).Length)}; delete it to free the space, --embedding-cache none to train without it)."));
        }

        if (result.CacheProblem is { } cacheProblem)
        {
            MSBuildErrorFormat.WriteWarning(console.Error, MSBuildErrorFormat.EmbeddingCacheCode, $"{cacheProblem} (--embedding-cache none turns it off).");
        }

        ClassificationMetrics? metrics = null;
        var recorded = new Dictionary<string, double>(StringComparer.Ordinal);
        if (double.IsFinite(result.ValidationAccuracy))
        {
            recorded["validation.accuracy"] = result.ValidationAccuracy;
        }

        if (testSet is not null)
        {
            metrics = EvaluationConsoleProgress.Run(console, progress => TrainingOverlap.Evaluate(classifier, train.Rows, testSet.Rows, progress, cancellationToken));
            metrics.TrainSeconds = seconds;
            RecordTestMetrics(recorded, metrics);
        }

        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["hiddenSize"] = options.HiddenSize.ToString(inv),
            ["learningRate"] = options.LearningRate.ToString(inv),
            ["batchSize"] = options.BatchSize.ToString(inv),
            ["maxEpochs"] = options.MaxEpochs.ToString(inv),
            ["epochs"] = result.Epochs.ToString(inv),
            ["patience"] = options.Patience.ToString(inv),
            ["classWeighting"] = options.ClassWeighting.ToString(),
            ["seed"] = options.Seed.ToString(inv),
        };
        DataOptions.Record(settings, readOptions);
        DataOptions.RecordCounts(settings, train);
        var training = new TrainingSection
        {
            Trainer = "encoderHead",
            Settings = settings,
            Metrics = recorded,
            TrainedAt = DateTimeOffset.UtcNow,
            Seconds = seconds,
        };
        cancellationToken.ThrowIfCancellationRequested();
        ModelBundle.SaveEncoderHead(classifier, encoderFolder, outPath, training);
        console.Out.WriteLine($"Saved the model bundle to {Path.GetFullPath(outPath)} (it references the encoder at {Path.GetFullPath(encoderFolder)}{RelativeReference(outPath)})");

        if (testSet is null && metricsPath is not null)
        {
            CanceledAfterWorkException.ThrowIfCanceled(cancellationToken, Saved(outPath));
            OutputPaths.Write("--metrics-json", metricsPath, Saved(outPath), () => TrainingMetricsFile.Write(metricsPath, seconds, classifier.Labels));
            OutputPaths.ReportMetricsWritten(console, metricsPath);
        }

        if (metrics is not null)
        {
            MetricsTable.Write(console, metrics);
            CommonOptions.WarnAboutUnknownLabels(console, classifier.Labels.Count, metrics);
            if (metricsPath is not null)
            {
                CanceledAfterWorkException.ThrowIfCanceled(cancellationToken, Saved(outPath));
                OutputPaths.Write("--metrics-json", metricsPath, Saved(outPath), () => MetricsJson.Write(metrics, metricsPath));
                OutputPaths.ReportMetricsWritten(console, metricsPath);
            }

            if (reportFolder is not null)
            {
                string html = OutputPaths.Write("--report", reportFolder, Saved(outPath), () => ReportWriter.Write(reportFolder, metrics, classifier.Labels.Count, outPath, testPath!, testSet, () => CanceledAfterWorkException.ThrowIfCanceled(cancellationToken, Saved(outPath))));
                console.Out.WriteLine($"Wrote the report to {html}");
            }
        }

        return ExitCodes.Success;
    }

    /// <summary>An opened <c>--encoder</c>: its folder, the encoder and the clock of its training.</summary>
    private sealed record OpenedEncoder(string Folder, OnnxSentenceEncoder Encoder, Stopwatch Clock) : IDisposable
    {
        public void Dispose() => Encoder.Dispose();
    }

    // How the saved manifest reaches its encoder, where that is a path relative to the bundle (as it is written unless the
    // two lie on different drives): 'references the encoder at /abs' alone read as if the bundle could be moved anywhere,
    // and one moved without the encoder (cp -r bundle /srv/models/) no longer loaded though the encoder was still there.
    // Nothing is added for the bundle's own copy, or where the manifest cannot be read again (the bundle is saved).
    private static string RelativeReference(string outPath)
    {
        string? path;
        try
        {
            path = ModelBundle.ReadManifest(outPath).Encoder.Path;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or BundleFormatException)
        {
            return string.Empty;
        }

        return path is not null && !Path.IsPathRooted(path) && path != ModelBundle.CarriedEncoderFolderName
            ? $" by the path '{path}' relative to the bundle: move the two together, or copy the encoder into the bundle's {ModelBundle.CarriedEncoderFolderName}/ folder"
            : string.Empty;
    }
}
