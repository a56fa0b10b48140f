using TextClassification.Heads;
using TextClassification.Onnx;
using TextClassification.Pooling;

namespace TextClassification.Bundles;

/// <summary>Bundles of an ONNX sentence encoder plus a head trained in .NET: the manifest names the encoder folder
/// (relative to the bundle) and holds the pooling and tokenizer settings; the head's weights are a bundle file.</summary>
public static partial class ModelBundle
{
    /// <summary>What the message of a bundle whose encoder changed says of it (inspect names the case).</summary>
    internal const string NotTheTrainedEncoder = "is not the one the head was trained on";

    /// <summary>How the message of a bundle whose encoder lacks its files begins (inspect names the case).</summary>
    internal const string IncompleteEncoder = "the encoder is incomplete";

    private const string OnnxEncoderType = "onnx";
    private const string ClsPooling = "cls";

    /// <summary>
    /// The subfolder of an encoder + head bundle that holds a copy of its encoder. The build copies the referenced
    /// encoder there when it copies such a bundle to the output and publish folders (where the manifest's relative path
    /// no longer leads to it), and loading uses it when the referenced folder is missing.
    /// </summary>
    public const string CarriedEncoderFolderName = "encoder";

    /// <summary>Saves an encoder + head classifier as a bundle that references <paramref name="encoderFolder"/>
    /// (by a path relative to <paramref name="directory"/>, so moving both together keeps it valid). The encoder
    /// itself is not copied. Saved as <see cref="Save(TextClassifier, string)"/> saves: the files are written beside the bundle's first, the
    /// manifest is replaced in one step, and the replaced bundle's weight files are removed after it, so a save that
    /// fails leaves the bundle there as it was.</summary>
    /// <param name="classifier">The classifier.</param>
    /// <param name="encoderFolder">The folder the classifier's encoder was loaded from (or its <c>model.onnx</c>).</param>
    /// <param name="directory">The bundle folder to write: absent (it is created), empty, a bundle (n-gram or encoder +
    /// head, which is replaced), or holding only what a stopped save leaves.</param>
    /// <param name="training">What training recorded, or null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="classifier"/>, <paramref name="encoderFolder"/> or
    /// <paramref name="directory"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="encoderFolder"/> or <paramref name="directory"/> is empty or
    /// white space, or <paramref name="encoderFolder"/> (a folder, or its <c>.onnx</c> file) does not hold the
    /// classifier's encoder: it is missing, or its graph, vocabulary or settings differ (the fingerprints are
    /// compared).</exception>
    /// <exception cref="IOException"><paramref name="directory"/> is a file, or holds other files (the encoder's own folder among
    /// them: the bundle goes into a folder of its own), writing failed (permissions and full disks included: the message
    /// names <paramref name="directory"/>, the inner exception the file at fault), or another save to the folder held it
    /// for two minutes.</exception>
    public static void SaveEncoderHead(EncoderHeadClassifier classifier, string encoderFolder, string directory, TrainingSection? training = null)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentException.ThrowIfNullOrWhiteSpace(encoderFolder);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        string encoderPath = CheckedEncoderFolder(classifier, encoderFolder);
        SaveWith(directory, (staging, target) => WriteEncoderHead(classifier, encoderPath, target, staging, training));
    }

    // The folder the manifest will reference (the .onnx file's folder where the file is given, as textclf's --encoder
    // takes it), checked to hold the classifier's encoder: a missing folder or another encoder saved a bundle that only
    // failed when it was loaded.
    private static string CheckedEncoderFolder(EncoderHeadClassifier classifier, string encoderFolder)
    {
        string folder;
        string fingerprint;
        try
        {
            folder = EncoderFolderOf(encoderFolder, nameof(encoderFolder));
            // On the CPU whatever the classifier's session uses (the fingerprint does not depend on it): a second copy of
            // the model on a GPU, or a session setup that cannot run twice, is not what a save should cost.
            OnnxSentenceEncoderOptions used = classifier.Encoder.Options;
            var onCpu = new OnnxSentenceEncoderOptions { MaxLength = used.MaxLength, Pooling = used.Pooling, Normalize = used.Normalize, MaxBatchSize = used.MaxBatchSize };
            using OnnxSentenceEncoder encoder = OnnxSentenceEncoder.Create(folder, onCpu);
            fingerprint = encoder.Fingerprint;
        }
        catch (Exception ex) when (ex is BundleFormatException or IOException or UnauthorizedAccessException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException or ArgumentOutOfRangeException)
        {
            // The settings' own words: .NET's "(Parameter 'options')" and "Actual value was …" line had been kept in.
            string reason = ex is ArgumentOutOfRangeException outOfRange ? ArgumentMessages.Reason(outOfRange) : ex.Message;
            throw new ArgumentException($"'{encoderFolder}' does not hold the classifier's encoder ({reason}); give the folder it was created from.", nameof(encoderFolder), ex);
        }

        string expected = classifier.Encoder.Fingerprint;
        return string.Equals(fingerprint, expected, StringComparison.Ordinal)
            ? folder
            : throw new ArgumentException(
                $"The encoder in '{folder}' is not the classifier's (fingerprint {fingerprint[..12]}…, the classifier's {expected[..12]}…): the bundle would not load. Give the folder it was created from.",
                nameof(encoderFolder));
    }

    /// <summary>The encoder folder a path names: the folder itself, or the folder of its <c>model.onnx</c> graph (full,
    /// without a trailing separator).</summary>
    /// <exception cref="BundleFormatException">The path is a file other than an <c>.onnx</c> graph, or a graph not named
    /// <c>model.onnx</c>: the encoder is loaded (and a bundle references it) by its folder, whose <c>model.onnx</c> is the
    /// graph run, so another graph named there (an export's <c>model_quantized.onnx</c> beside its <c>model.onnx</c>)
    /// would have been replaced by that one without a word.</exception>
    internal static string EncoderFolderOf(string path, string argument)
    {
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (!File.Exists(full))
        {
            return full;
        }

        if (!full.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            throw new BundleFormatException(path, $"{argument} takes an encoder folder ({OnnxTextClassifier.ModelFileName} with vocab.txt or tokenizer.json), its .onnx graph, or an encoder + head bundle; this is another file.");
        }

        // Case-insensitive only where the file system is (Model.onnx is model.onnx there, another file on Linux).
        StringComparison names = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        string name = Path.GetFileName(full);
        return string.Equals(name, OnnxTextClassifier.ModelFileName, names)
            ? Path.GetDirectoryName(full)!
            : throw new BundleFormatException(path,
                $"{argument} names the graph {name}, but an encoder is its folder, whose graph is always {OnnxTextClassifier.ModelFileName} " +
                "(a bundle references the folder, and loading it runs that file). To use this graph, put it as " +
                $"{OnnxTextClassifier.ModelFileName} in a folder of its own with the tokenizer files and config.json, and give that folder.");
    }

    // The head's weights into the staging folder, and the manifest that names them and the encoder (by its path relative
    // to the bundle folder, not to the staging folder).
    private static ModelManifest WriteEncoderHead(EncoderHeadClassifier classifier, string encoderFolder, string target, string staging, TrainingSection? training)
    {
        EncoderHead head = classifier.Head;
        // EncoderHead's layers are dense (its constructor refuses the identity).
        float[] values = head.Hidden is null
            ? [.. head.Output.Weights!, .. head.Output.Bias]
            : [.. head.Hidden.Weights!, .. head.Hidden.Bias, .. head.Output.Weights!, .. head.Output.Bias];
        var files = new Dictionary<string, BundleFileEntry>(StringComparer.Ordinal);
        string name = WriteNamed(staging, "head", values, files, CancellationToken.None);

        OnnxSentenceEncoder encoder = classifier.Encoder;
        return new ModelManifest
        {
            FormatVersion = 1,
            Labels = [.. classifier.Labels],
            Tokenizer = new TokenizerSection { Type = "wordPiece", Lowercase = encoder.Tokenizer.Options.Lowercase, MaxTokens = encoder.Tokenizer.Options.MaxLength },
            Encoder = new EncoderSection
            {
                Type = OnnxEncoderType,
                Dimension = encoder.Dimension,
                // '/' on every system: a bundle written on Windows still loads on Linux (Path.Combine reads '/' everywhere).
                // Relative to the bundle folder as given, as the build's model copy reads it (MSBuild cannot resolve
                // links); loading also reads it from the folder's real place (EncoderFolderCandidates).
                Path = Path.GetRelativePath(target, encoderFolder).Replace(Path.DirectorySeparatorChar, '/'),
                Fingerprint = encoder.Fingerprint,
                FeaturesFile = string.Empty,
                WeightsFile = string.Empty,
            },
            Pooling = new PoolingSection { Type = encoder.Options.Pooling == SentencePoolingMode.Cls ? ClsPooling : MeanPooling, Normalize = encoder.Options.Normalize },
            Head = new HeadSection
            {
                Type = head.Hidden is null ? "linear" : "mlp",
                Activation = "softmax",
                WeightsFile = name,
                Inputs = head.Inputs,
                Outputs = head.Outputs,
                Hidden = head.Hidden?.Outputs ?? 0,
            },
            Files = files,
            Training = training,
            CreatedBy = $"TextClassification {typeof(ModelBundle).Assembly.GetName().Version}",
        };
    }

    /// <summary>Loads a bundle written by <see cref="SaveEncoderHead"/>: the referenced encoder and the head.</summary>
    /// <param name="path">The bundle folder or its manifest.</param>
    /// <param name="session">ONNX Runtime settings; null for defaults.</param>
    /// <returns>The classifier (dispose it to release the session).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or white space.</exception>
    /// <exception cref="BundleFormatException">The manifest or a file is missing, corrupt or inconsistent.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting of <paramref name="session"/> is out of range.</exception>
    public static EncoderHeadClassifier LoadEncoderHead(string path, OnnxSessionOptions? session = null) =>
        LoadEncoderHead(path, session, CancellationToken.None);

    /// <summary>As <see cref="LoadEncoderHead(string, OnnxSessionOptions?)"/>, stopping when
    /// <paramref name="cancellationToken"/> is canceled: it is looked at while the head's weights are read and before and
    /// after each encoder session is made (ONNX Runtime's own loading of a model cannot be interrupted).</summary>
    /// <param name="path">The bundle folder or its manifest.</param>
    /// <param name="session">ONNX Runtime settings; null for defaults.</param>
    /// <param name="cancellationToken">Stops the load; a session already made is disposed.</param>
    /// <returns>The classifier (dispose it to release the session).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or white space.</exception>
    /// <exception cref="BundleFormatException">The manifest or a file is missing, corrupt or inconsistent.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting of <paramref name="session"/> is out of range.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static EncoderHeadClassifier LoadEncoderHead(string path, OnnxSessionOptions? session, CancellationToken cancellationToken)
    {
        session?.Validate(nameof(session));
        cancellationToken.ThrowIfCancellationRequested();
        string manifestPath = ManifestPathOf(path);
        string folder = Path.GetDirectoryName(manifestPath)!;
        // The manifest and the head's weights as one consistent pair (a save that replaces the bundle meanwhile deletes
        // the old head file: then the new manifest is read), the encoder after.
        (ModelManifest manifest, float[] values) = ReadConsistent(manifestPath, read =>
        {
            if (!IsEncoderHead(read))
            {
                throw new BundleFormatException(manifestPath, "this bundle is not an ONNX encoder plus a head.");
            }

            HeadSection weights = read.Head;
            int inputs = read.Encoder.Dimension;
            long count = weights.Hidden == 0
                ? ((long)weights.Outputs * inputs) + weights.Outputs
                : ((long)weights.Hidden * inputs) + weights.Hidden + ((long)weights.Outputs * weights.Hidden) + weights.Outputs;
            return (read, BundleFiles.Read<float>(BundleFiles.Resolve(folder, manifestPath, weights.WeightsFile), count, read, cancellationToken));
        });

        HeadSection section = manifest.Head;
        int d = manifest.Encoder.Dimension;
        int c = section.Outputs;
        int h = section.Hidden;
        EncoderHead head;
        if (h == 0)
        {
            head = new EncoderHead(null, new LinearHead(values[..(c * d)], values[(c * d)..], d));
        }
        else
        {
            int o = (h * d) + h;
            head = new EncoderHead(
                new LinearHead(values[..(h * d)], values[(h * d)..o], d),
                new LinearHead(values[o..(o + (c * h))], values[(o + (c * h))..], h));
        }

        OnnxSentenceEncoder encoder = OpenEncoder(folder, manifestPath, manifest, out _, session, cancellationToken);
        if (cancellationToken.IsCancellationRequested)
        {
            encoder.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
        }

        return new EncoderHeadClassifier([.. manifest.Labels], encoder, head);
    }

    /// <summary>The encoder an encoder + head bundle loads: the first of its folders (<see cref="EncoderFolderCandidates"/>)
    /// that opens with the manifest's settings and is the one the head was trained on (its width and fingerprint).</summary>
    /// <exception cref="BundleFormatException">No folder holds that encoder; the message says why the last one tried is
    /// not it.</exception>
    internal static OnnxSentenceEncoder OpenEncoder(string folder, string manifestPath, ModelManifest manifest, OnnxSessionOptions? session = null) =>
        OpenEncoder(folder, manifestPath, manifest, out _, session);

    /// <summary>As <see cref="OpenEncoder(string, string, ModelManifest, OnnxSessionOptions?)"/>, giving the folder of the
    /// encoder it opened in <paramref name="encoderFolder"/>.</summary>
    internal static OnnxSentenceEncoder OpenEncoder(string folder, string manifestPath, ModelManifest manifest, out string encoderFolder, OnnxSessionOptions? session = null, CancellationToken cancellationToken = default)
    {
        int d = manifest.Encoder.Dimension;
        var options = new OnnxSentenceEncoderOptions
        {
            MaxLength = manifest.Tokenizer.MaxTokens,
            Pooling = manifest.Pooling.Type == ClsPooling ? SentencePoolingMode.Cls : SentencePoolingMode.Mean,
            Normalize = manifest.Pooling.Normalize,
            Session = session ?? new OnnxSessionOptions(),
        };
        // What makes an encoder unusable for this head, or null when it fits.
        string? Mismatch(OnnxSentenceEncoder candidate, string encoderFolder) =>
            candidate.Dimension != d
                ? $"the encoder at '{encoderFolder}' gives {candidate.Dimension} values; the manifest says {d}."
            : manifest.Encoder.Fingerprint is { } trainedOn && !string.Equals(trainedOn, candidate.Fingerprint, StringComparison.Ordinal)
                ? $"the encoder at '{encoderFolder}' {NotTheTrainedEncoder} (its model.onnx, vocabulary or settings changed: fingerprint {candidate.Fingerprint[..12]}…, trained on {trainedOn[..Math.Min(12, trainedOn.Length)]}…); retrain the head on it or restore the original encoder."
            : null;

        // The referenced folder first, then the bundle's carried copy: a path that leads to another (or a changed)
        // encoder, which a deployed bundle's relative or absolute path can, must not hide a good copy. Only the last
        // candidate's failure is reported.
        string[] candidates = EncoderFolderCandidates(folder, manifestPath, manifest);
        OnnxSentenceEncoder? encoder = null;
        string? chosen = null;
        for (int i = 0; encoder is null; i++)
        {
            bool last = i == candidates.Length - 1;
            cancellationToken.ThrowIfCancellationRequested();
            OnnxSentenceEncoder candidate;
            try
            {
                candidate = OnnxSentenceEncoder.Create(candidates[i], options);
            }
            catch (Exception ex) when (!last && ex is IOException or UnauthorizedAccessException or BundleFormatException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException or ArgumentOutOfRangeException)
            {
                continue; // an incomplete referenced folder (or another encoder, whose axes refuse the settings): the carried copy may still load
            }
            catch (ArgumentOutOfRangeException ex)
            {
                // The manifest's settings do not fit this encoder (its max_position_embeddings or fixed sequence axis), in
                // their own words: .NET's "(Parameter 'options')" and its "Actual value was …" line, which inspect printed
                // as a second line, had been kept in.
                throw new BundleFormatException(manifestPath, $"the encoder at '{candidates[i]}' does not take the manifest's settings: {ArgumentMessages.Reason(ex)}", ex);
            }

            if (Mismatch(candidate, candidates[i]) is not { } problem)
            {
                encoder = candidate;
                chosen = candidates[i];
            }
            else
            {
                candidate.Dispose();
                if (last)
                {
                    throw new BundleFormatException(manifestPath, problem);
                }
            }
        }

        encoderFolder = chosen!;
        return encoder;
    }

    /// <summary>The encoder folder an encoder + head bundle loads first: the folder its manifest references (a relative
    /// path is read from the bundle folder's real place, its symbolic links resolved, then from its place as given),
    /// or, where neither exists, the copy in the bundle's <see cref="CarriedEncoderFolderName"/> subfolder.</summary>
    /// <param name="path">The bundle folder or its manifest.</param>
    /// <returns>The full path of the encoder folder.</returns>
    /// <exception cref="BundleFormatException">The bundle is not an ONNX encoder plus a head, or neither folder exists.</exception>
    public static string EncoderFolder(string path) => EncoderFolders(path)[0];

    /// <summary>Every encoder folder an encoder + head bundle may load, in the order it tries them (the referenced one,
    /// the one as written, the carried copy), those that exist: <c>textclf</c> keeps its outputs out of all of them.</summary>
    /// <exception cref="BundleFormatException">The bundle is not an ONNX encoder plus a head, or no folder exists.</exception>
    internal static IReadOnlyList<string> EncoderFolders(string path)
    {
        string manifestPath = ManifestPathOf(path);
        ModelManifest manifest = ReadManifest(manifestPath);
        if (!IsEncoderHead(manifest))
        {
            throw new BundleFormatException(manifestPath, $"this bundle is not an ONNX encoder plus a head (its encoder is '{manifest.Encoder.Type}').");
        }

        return EncoderFolderCandidates(Path.GetDirectoryName(manifestPath)!, manifestPath, manifest);
    }

    // The folders that exist, the referenced one first; at least one, else the error naming both. A relative path is
    // read from the bundle folder's real place (its links resolved), as the system reads "../": a bundle saved in
    // models/v3 and loaded through the link models/current; then from the folder's place as given, as it was written
    // (a bundle saved through a link, or through a build folder that is one, and loaded the same way).
    private static string[] EncoderFolderCandidates(string folder, string manifestPath, ModelManifest manifest)
    {
        string full = Path.GetFullPath(folder);
        string referenced = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(RealPath.Of(full), manifest.Encoder.Path!)));
        string asWritten = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(full, manifest.Encoder.Path!)));
        string carried = Path.Combine(full, CarriedEncoderFolderName);
        var found = new List<string>(3);
        foreach (string candidate in (ReadOnlySpan<string>)[referenced, asWritten, carried])
        {
            if (Directory.Exists(candidate) && !found.Contains(candidate, StringComparer.Ordinal))
            {
                found.Add(candidate);
            }
        }

        return found.Count > 0
            ? [.. found]
            : throw new BundleFormatException(
                manifestPath,
                $"the encoder folder '{referenced}'{(Path.IsPathRooted(manifest.Encoder.Path!) ? string.Empty : $" (the manifest's '{manifest.Encoder.Path}', relative to the bundle: a bundle moved without its encoder loses it)")} does not exist, and the bundle carries no copy in '{carried}'; deploy the encoder with the bundle (a TextClassifierModel item copies it).");
    }

    /// <summary>Checks, without loading it, that an encoder + head bundle has an encoder to load: the referenced folder or
    /// the carried copy holding <c>model.onnx</c> and <c>tokenizer.json</c> or <c>vocab.txt</c> (whether it is the encoder
    /// the head was trained on is checked when it loads).</summary>
    /// <returns>The first folder that holds them (the referenced one before the carried copy).</returns>
    /// <exception cref="BundleFormatException">Neither folder exists or holds those files; the message names them.</exception>
    internal static string RequireEncoderFiles(string folder, string manifestPath, ModelManifest manifest)
    {
        string[] candidates = EncoderFolderCandidates(folder, manifestPath, manifest);
        var missing = new List<string>(candidates.Length);
        foreach (string candidate in candidates)
        {
            bool model = File.Exists(Path.Combine(candidate, OnnxTextClassifier.ModelFileName));
            bool vocabulary = File.Exists(Path.Combine(candidate, "tokenizer.json")) || File.Exists(Path.Combine(candidate, "vocab.txt"));
            if (model && vocabulary)
            {
                return candidate;
            }

            string lacks = !model && !vocabulary ? $"{OnnxTextClassifier.ModelFileName} and a vocabulary" : model ? "a vocabulary" : OnnxTextClassifier.ModelFileName;
            missing.Add($"'{candidate}' lacks {lacks}");
        }

        throw new BundleFormatException(
            manifestPath,
            $"{IncompleteEncoder}: {string.Join("; ", missing)} (an encoder folder holds {OnnxTextClassifier.ModelFileName} and tokenizer.json or vocab.txt; deploy it whole with the bundle).");
    }

    internal static bool IsEncoderHead(ModelManifest manifest) =>
        string.Equals(manifest.Encoder?.Type, OnnxEncoderType, StringComparison.Ordinal);

    private static void ValidateEncoderHead(ModelManifest manifest, string manifestPath)
    {
        void Fail(string message) => throw new BundleFormatException(manifestPath, message);

        // One softmax over the labels is all such a bundle gives: these were loaded and left unread, while inspect showed
        // them (an abstain threshold, per-label thresholds, "members 2 models") and predict answered every text.
        string? unread = string.Equals(manifest.ProblemType, ModelManifest.MultiLabel, StringComparison.Ordinal) ? $"'problemType' '{ModelManifest.MultiLabel}'"
            : manifest.Thresholds is not null ? "'thresholds'"
            : manifest.Abstain is not null ? "'abstain'"
            : manifest.Ensemble is not null ? "'ensemble'"
            : manifest.EnsembleCombination is not null ? "'ensembleCombination'"
            : null;
        if (unread is not null)
        {
            Fail($"{unread} belongs to n-gram models: an encoder + head bundle is a single-label softmax over its labels, and nothing reads {unread} in it.");
        }

        EncoderSection encoder = manifest.Encoder;
        if (string.IsNullOrWhiteSpace(encoder.Path) || encoder.Dimension < 1 || encoder.Dimension > MaxDimension)
        {
            Fail($"an 'onnx' encoder needs 'path' and 1 ≤ dimension ≤ {MaxDimension}.");
        }

        if (encoder.Path!.Contains('\0', StringComparison.Ordinal))
        {
            // Path.GetFullPath's own "Null character in path" named neither the bundle nor the setting.
            Fail("the encoder's 'path' holds a NUL character; it names the encoder's folder, relative to the bundle.");
        }

        if (manifest.Tokenizer?.Type != "wordPiece" || manifest.Tokenizer.MaxTokens < 3)
        {
            Fail("an 'onnx' encoder needs a 'wordPiece' tokenizer with maxTokens ≥ 3.");
        }

        if (manifest.Pooling?.Type is not (MeanPooling or ClsPooling))
        {
            Fail($"pooling must be '{MeanPooling}' or '{ClsPooling}'.");
        }

        HeadSection? head = manifest.Head;
        if (head?.Type is not ("linear" or "mlp") || head.Activation != "softmax" || (head.Type == "mlp") != (head.Hidden > 0)
            || head.Hidden < 0 || head.Hidden > MaxDimension)
        {
            Fail("head must be 'linear' (hidden 0) or 'mlp' (hidden ≥ 1) with softmax activation.");
        }

        if (head!.Outputs != manifest.Labels.Count || head.Inputs != encoder.Dimension)
        {
            Fail($"the head maps {head.Inputs} → {head.Outputs}; the encoder gives {encoder.Dimension} and there are {manifest.Labels.Count} labels.");
        }

        if (manifest.Files is null)
        {
            Fail("'files' is missing.");
        }
    }
}
