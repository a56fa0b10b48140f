using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using TextClassification.Encoders;
using TextClassification.Heads;
using TextClassification.Onnx;
using TextClassification.Tokenization;

namespace TextClassification.Bundles;

/// <summary>
/// Reads and writes model bundles: a folder holding <c>textclassifier.json</c> and the weight files it names.
/// Loading checks every size and SHA-256 and names the file at fault; saving never damages an existing bundle.
/// </summary>
public static partial class ModelBundle
{
    [System.Text.RegularExpressions.GeneratedRegex("^(features|embeddings|head|idf)-[0-9a-f]{12}\\.bin$")]
    private static partial System.Text.RegularExpressions.Regex WeightFileName();

    /// <summary>File name of the manifest inside a bundle folder.</summary>
    public const string ManifestFileName = "textclassifier.json";

    private const int MaxDimension = 1 << 14;
    private const string MeanPooling = "mean";
    private const string TfIdfPooling = "tfidf";
    private const string SoftmaxActivation = "softmax";
    private const string SigmoidActivation = "sigmoid";
    private const string LinearHeadType = "linear";
    private const string IdentityHeadType = "identity";

    // Reads of a bundle that saves keep replacing: each attempt starts from the manifest then on disk.
    private const int MaxLoadAttempts = 5;

    // How long a save waits for another save to the same folder before giving up.
    private static readonly TimeSpan SaveWait = TimeSpan.FromMinutes(2);

    // The staging folder of a save into an existing bundle folder, inside it (a hidden name no loader reads).
    private const string InnerStagingPrefix = ".saving-";

    /// <summary>Reads only the manifest of a bundle (for inspection); weights are not loaded.</summary>
    /// <param name="path">A bundle folder or the path of its manifest.</param>
    /// <returns>The parsed and validated manifest.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or white space.</exception>
    /// <exception cref="BundleFormatException">The manifest is missing, not valid JSON or of an unknown format.</exception>
    public static ModelManifest ReadManifest(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string manifestPath = ManifestPathOf(path);
        if (!File.Exists(manifestPath))
        {
            // A path that is neither a file nor a folder (ManifestPathOf left it as it was), or a manifest in a missing folder.
            if (Path.GetFileName(manifestPath) != ManifestFileName || !Directory.Exists(Path.GetDirectoryName(manifestPath)))
            {
                throw new BundleFormatException(manifestPath, $"no such folder or file: a model path names a bundle folder or its {ManifestFileName}.");
            }

            string folder = Path.GetDirectoryName(manifestPath)!;
            string hint = OnnxTextClassifier.IsExportFolder(folder)
                ? " The folder looks like a Hugging Face export: load it with TextClassifierLoader.Load or OnnxTextClassifier.Create."
                : HalfAnExport(folder) is { } half ? $" The folder {half}." : string.Empty;
            throw new BundleFormatException(manifestPath, "the bundle manifest is missing." + hint);
        }

        return ParseManifest(ReadManifestBytes(manifestPath), manifestPath);
    }

    /// <summary>What a folder without a manifest holds of a Hugging Face export when it holds one of its two files
    /// (<c>config.json</c> or <c>model.onnx</c>) but not the other, as a clause after "the folder"; null otherwise.
    /// Loading and dependency-injection registration both say it.</summary>
    internal static string? HalfAnExport(string folder)
    {
        bool hasConfig = File.Exists(Path.Combine(folder, "config.json"));
        bool hasGraph = File.Exists(Path.Combine(folder, OnnxTextClassifier.ModelFileName));
        return hasConfig && !hasGraph
            ? $"has a Hugging Face config.json but no {OnnxTextClassifier.ModelFileName}: an export loads with its ONNX graph " +
              $"saved as {OnnxTextClassifier.ModelFileName} beside config.json (an exporter may have put it in a subfolder such as onnx/)"
            : hasGraph && !hasConfig
            ? $"has {OnnxTextClassifier.ModelFileName} but no config.json: a Hugging Face export loads with the config.json " +
              "(its id2label names the labels) saved beside the ONNX graph"
            : null;
    }

    /// <summary>The most bytes a manifest is read to: it holds labels, settings and metrics, kilobytes (a few megabytes
    /// for a model of a million labels). A larger file is another file given as the model (a data set, a weight file).
    /// Read whole, a 1 GB one cost 5 GB of allocations and 9 s in <c>TextClassifierLoader.Load</c> before its first
    /// byte was found not to open a JSON object, and one past 2 GB threw .NET's <see cref="IOException"/> "The file is
    /// too long" from every entry point, dependency-injection registration included, where a
    /// <see cref="BundleFormatException"/> is documented.</summary>
    internal const long MaxManifestBytes = 256L << 20;

    /// <summary>The bytes of the manifest at <paramref name="path"/>, refused unread past
    /// <see cref="MaxManifestBytes"/>.</summary>
    /// <exception cref="BundleFormatException">The file is larger than a manifest can be.</exception>
    /// <exception cref="IOException">The file cannot be read (missing, locked, cut short while read).</exception>
    private static byte[] ReadManifestBytes(string path)
    {
        if (path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) && File.Exists(path))
        {
            // A graph given for its folder (as --encoder takes one) was "not a JSON object", or, past 256 MB as most are,
            // "far more than a bundle manifest holds": neither said what to give instead.
            throw new BundleFormatException(
                path,
                $"not a model bundle: the file is an ONNX graph, and a model is named by its folder: a Hugging Face export's ('{Path.GetDirectoryName(Path.GetFullPath(path))}', " +
                $"with config.json beside {OnnxTextClassifier.ModelFileName}) or a bundle's (holding {ManifestFileName}). A sentence encoder's graph classifies nothing until a head is trained on it (textclf train --encoder).");
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        long length = stream.Length;
        if (length > MaxManifestBytes)
        {
            throw new BundleFormatException(
                path,
                $"not a model bundle: the file has {length} bytes, far more than a bundle manifest holds (a model path names a bundle folder or its {ManifestFileName}).");
        }

        if (length > 0)
        {
            byte[] bytes = new byte[length];
            stream.ReadExactly(bytes);
            return bytes;
        }

        // A length of 0 may be a file whose size the system does not report (a device, a pipe, a file system that
        // streams its files): read to the end, up to the limit.
        using var copy = new MemoryStream();
        byte[] buffer = new byte[1 << 16];
        for (int read; (read = stream.Read(buffer)) > 0;)
        {
            if (copy.Length + read > MaxManifestBytes)
            {
                throw new BundleFormatException(path, $"not a model bundle: the file runs past {MaxManifestBytes} bytes, far more than a bundle manifest holds (a model path names a bundle folder or its {ManifestFileName}).");
            }

            copy.Write(buffer, 0, read);
        }

        return copy.ToArray();
    }

    /// <summary>The manifest in <paramref name="json"/> (the bytes of <paramref name="manifestPath"/>), checked.</summary>
    private static ModelManifest ParseManifest(ReadOnlySpan<byte> json, string manifestPath)
    {
        // A UTF-8 byte order mark (an editor's) is read past; an error's byte on line 1 still counts the file's bytes.
        ReadOnlySpan<byte> body = Utf8ByteOrderMark.Skip(json);
        int mark = json.Length - body.Length;
        ModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(body, ManifestJsonContext.Default.ModelManifest);
        }
        catch (JsonException ex)
        {
            // System.Text.Json quotes the rest of a bad literal in its message: a data file given as the manifest would
            // put all of itself in ours, so the detail is cut short.
            const int MaxDetail = 200;
            string message = JsonErrorText.WithoutPosition(ex.Message);
            string detail = message.Length <= MaxDetail ? message : string.Concat(message.AsSpan(0, MaxDetail), "…");
            bool named = Path.GetFileName(manifestPath) == ManifestFileName;
            if (!named && !StartsLikeAnObject(body))
            {
                // Another file given as the model (a data file, a config): the JSON parser's view of its first bytes
                // ("'l' is an invalid start of a value", "Expected the literal 'true'") says nothing useful.
                throw new BundleFormatException(manifestPath, $"not a model bundle: a model path names a bundle folder or its {ManifestFileName}, and this file is not one (not a JSON object).", ex);
            }

            string notManifest = named ? string.Empty
                : $" (a model path names a bundle folder or its {ManifestFileName}; this is another file)";
            if (ex.Path is { Length: > 2 } member && JsonErrorText.NotText(ex) is { } notText)
            {
                // Well-formed JSON whose string is not text: "invalid JSON … could not be converted to System.String" sent
                // readers looking for a syntax error.
                throw new BundleFormatException(manifestPath, $"'{member[2..]}' {notText} (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1 + (ex.LineNumber == 0 ? mark : 0)}){notManifest}.", ex);
            }

            // Well-formed JSON that lacks a required property is not "invalid JSON": say what it is, and name the
            // properties without the serializer's view of them ("JSON deserialization for type
            // 'TextClassification.Bundles.ModelManifest' was missing required properties including: …").
            const string Missing = "missing required properties including: ";
            int missing = ex.Message.IndexOf(Missing, StringComparison.Ordinal);
            string what = missing >= 0 ? "incomplete manifest" : "invalid JSON";
            if (missing >= 0)
            {
                string names = ex.Message[(missing + Missing.Length)..].TrimEnd('.', ' ');
                detail = $"it lacks the required properties {(names.Length <= MaxDetail ? names : string.Concat(names.AsSpan(0, MaxDetail), "…"))}";
            }

            throw new BundleFormatException(manifestPath, $"{what} at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1 + (ex.LineNumber == 0 ? mark : 0)}{notManifest}: {detail}", ex);
        }

        if (manifest is null)
        {
            throw new BundleFormatException(manifestPath, "the manifest is empty (JSON null).");
        }

        Validate(manifest, manifestPath);
        return manifest;
    }

    // Whether the first byte after white space opens a JSON object, as a manifest does (given the bytes after a byte
    // order mark: ParseManifest reads past one).
    private static bool StartsLikeAnObject(ReadOnlySpan<byte> json)
    {
        int first = json.IndexOfAnyExcept(" \t\r\n"u8);
        return first >= 0 && json[first] == (byte)'{';
    }

    /// <summary>Loads a bundle folder (or its manifest path) as a classifier. When a save replaces the bundle while it is
    /// read (the old manifest's files are deleted after the new manifest is in place), the new bundle is read instead.</summary>
    /// <param name="path">A bundle folder or the path of its manifest.</param>
    /// <returns>The loaded classifier.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or white space.</exception>
    /// <exception cref="BundleFormatException">A file is missing, corrupt, of the wrong size or inconsistent with the manifest.</exception>
    public static TextClassifier Load(string path) => Load(path, out _);

    /// <summary>As <see cref="Load(string)"/>, stopping when <paramref name="cancellationToken"/> is canceled: it is looked
    /// at before each file is read and between pieces of a large one (16 MiB, each read and hashed), so a canceled load of
    /// a model of hundreds of MB stops within a piece rather than after seconds.</summary>
    /// <param name="path">A bundle folder or the path of its manifest.</param>
    /// <param name="cancellationToken">Stops the load.</param>
    /// <returns>The loaded classifier.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or white space.</exception>
    /// <exception cref="BundleFormatException">A file is missing, corrupt, of the wrong size or inconsistent with the manifest.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static TextClassifier Load(string path, CancellationToken cancellationToken) => Load(path, out _, cancellationToken);

    /// <summary>As <see cref="Load(string)"/>, and gives the bytes of the manifest that was loaded (null where it was
    /// read otherwise than whole): a save may replace the manifest between a caller's look at it and this load, which
    /// then loads the newer bundle.</summary>
    internal static TextClassifier Load(string path, out byte[]? manifestBytes, CancellationToken cancellationToken = default)
    {
        string manifestPath = ManifestPathOf(path);
        cancellationToken.ThrowIfCancellationRequested();
        byte[]? loaded = null;
        TextClassifier model = ReadConsistent(manifestPath, manifest => LoadOnce(manifestPath, manifest, cancellationToken), json => loaded = json);
        manifestBytes = loaded;
        return model;
    }

    // Reads the manifest and, with readFiles, the files it names; when a file fails and the manifest changed meanwhile
    // (a save replaced the bundle and deleted the old manifest's files), reads the new one, up to MaxLoadAttempts times.
    private static T ReadConsistent<T>(string manifestPath, Func<ModelManifest, T> readFiles, Action<byte[]?>? readFrom = null)
    {
        for (int attempt = 1; ; attempt++)
        {
            // The manifest is read once per attempt: parsed from these bytes, and compared with the file after a failure.
            // Its write time is compared too: two saves can put back a manifest with the same bytes (the same model
            // saved again) after the first one deleted the files this load was reading.
            DateTime written = File.GetLastWriteTimeUtc(manifestPath);
            byte[]? json = TryReadAllBytes(manifestPath);
            ModelManifest manifest = json is null ? ReadManifest(manifestPath) : ParseManifest(json, manifestPath);
            try
            {
                T result = readFiles(manifest);
                readFrom?.Invoke(json);
                return result;
            }
            catch (BundleFormatException) when (attempt < MaxLoadAttempts && json is not null && TryReadAllBytes(manifestPath) is { } now
                && (!now.AsSpan().SequenceEqual(json) || File.GetLastWriteTimeUtc(manifestPath) != written))
            {
                // The manifest changed while its files were read: a save replaced the bundle. Read the new one.
            }
        }
    }

    // Cleanup after the manifest swap, which has already made the save: a file a reader holds open (Windows refuses to
    // delete it) stays until the next save.
    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    // A staging folder no save has added a file to for this long is a killed save's.
    private static readonly TimeSpan OrphanStagingAge = TimeSpan.FromMinutes(5);

    private static readonly System.Buffers.SearchValues<char> LowerHexDigits = System.Buffers.SearchValues.Create("0123456789abcdef");

    private static void TryDeleteFolder(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The manifest's bytes, or null when it cannot be read now (missing: <see cref="ReadManifest"/> says so).</summary>
    /// <exception cref="BundleFormatException">The file is larger than a manifest can be.</exception>
    private static byte[]? TryReadAllBytes(string path)
    {
        try
        {
            return ReadManifestBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static TextClassifier LoadOnce(string manifestPath, ModelManifest manifest, CancellationToken cancellationToken)
    {
        string folder = Path.GetDirectoryName(manifestPath)!;
        if (IsEncoderHead(manifest))
        {
            throw new BundleFormatException(manifestPath, "this bundle is an ONNX encoder plus a head: load it with TextClassifierLoader.Load.");
        }

        bool sigmoid = manifest.ProblemType == ModelManifest.MultiLabel;

        var members = new NGramModel[1 + (manifest.Ensemble?.Count ?? 0)];
        var indexes = new Dictionary<string, (FeatureIndex Index, float[]? Idf)>(StringComparer.Ordinal);
        members[0] = LoadMember(folder, manifestPath, manifest, manifest.Tokenizer, manifest.Encoder, manifest.Pooling, manifest.Head, sigmoid, indexes, cancellationToken);
        for (int m = 1; m < members.Length; m++)
        {
            EnsembleMemberSection member = manifest.Ensemble![m - 1];
            members[m] = LoadMember(folder, manifestPath, manifest, member.Tokenizer, member.Encoder, member.Pooling, member.Head, sigmoid, indexes, cancellationToken);
        }

        float[]? thresholds = sigmoid ? [.. manifest.Thresholds!] : null;
        EnsembleCombination combination = manifest.EnsembleCombination == ModelManifest.RootMeanCombination
            ? EnsembleCombination.RootMean
            : EnsembleCombination.Mean;
        return new TextClassifier([.. manifest.Labels], members, manifest.Training, manifest.Abstain, thresholds, combination, (float)(manifest.Temperature ?? 1));
    }

    // indexes: the feature index and IDF of the members loaded so far, by their files (named by content). Members on the
    // same files (the linear and naive Bayes members) share one index and one IDF array, which also lets the classifier
    // featurise a text once for both (TextClassifier).
    private static NGramModel LoadMember(
        string folder,
        string manifestPath,
        ModelManifest manifest,
        TokenizerSection tokenizer,
        EncoderSection encoder,
        PoolingSection pooling,
        HeadSection head,
        bool sigmoid,
        Dictionary<string, (FeatureIndex Index, float[]? Idf)> indexes,
        CancellationToken cancellationToken)
    {
        string featuresPath = BundleFiles.Resolve(folder, manifestPath, encoder.FeaturesFile);
        string embeddingsPath = BundleFiles.Resolve(folder, manifestPath, encoder.WeightsFile);
        string headPath = BundleFiles.Resolve(folder, manifestPath, head.WeightsFile);

        float[] table = BundleFiles.Read<float>(embeddingsPath, (long)encoder.Rows * encoder.Dimension, manifest, cancellationToken);
        bool identity = head.Type == IdentityHeadType;
        long weightCount = identity ? 0 : (long)head.Outputs * head.Inputs;
        float[] headValues = BundleFiles.Read<float>(headPath, weightCount + head.Outputs, manifest, cancellationToken);
        string indexKey = $"{encoder.FeaturesFile}|{encoder.IdfFile}|{pooling.Type}|{tokenizer.Buckets}|{encoder.Rows}";
        if (!indexes.TryGetValue(indexKey, out (FeatureIndex Index, float[]? Idf) shared))
        {
            shared = ReadIndex(folder, manifestPath, manifest, tokenizer, encoder, pooling, featuresPath, cancellationToken);
            indexes[indexKey] = shared;
        }

        LinearHead linear = HeadOf(headValues, (int)weightCount, head.Inputs);
        var featurizer = new HashedNGramFeaturizer(ToOptions(tokenizer));
        return new NGramModel(featurizer, new EmbeddingBag(shared.Index, table, encoder.Dimension, shared.Idf), linear, sigmoid);
    }

    // The head from its file's values: the weights (none for an identity head) and then the bias. A dense head that is
    // the identity matrix (bundles before format version 5 stored the linear and naive Bayes members' heads so) becomes
    // the identity head, which predicts the same without labels² multiplications per text.
    private static LinearHead HeadOf(float[] values, int weightCount, int inputs)
    {
        float[] bias = values[weightCount..];
        ReadOnlySpan<float> weights = values.AsSpan(0, weightCount);
        return weightCount == 0 || (inputs == bias.Length && LinearHead.IsIdentityMatrix(weights, inputs))
            ? LinearHead.Identity(bias.Length, bias)
            : new LinearHead(weights.ToArray(), bias, inputs);
    }

    // The bucket → row index of a member's features file, checked against the tokenizer's bucket count, and its IDF
    // (TF-IDF pooling).
    private static (FeatureIndex Index, float[]? Idf) ReadIndex(
        string folder, string manifestPath, ModelManifest manifest, TokenizerSection tokenizer, EncoderSection encoder, PoolingSection pooling, string featuresPath, CancellationToken cancellationToken)
    {
        int[] buckets = BundleFiles.Read<int>(featuresPath, encoder.Rows, manifest, cancellationToken);
        float[]? idf = null;
        if (pooling.Type == TfIdfPooling)
        {
            string idfPath = BundleFiles.Resolve(folder, manifestPath, encoder.IdfFile!);
            idf = BundleFiles.Read<float>(idfPath, encoder.Rows, manifest, cancellationToken);
            foreach (float value in idf)
            {
                if (!float.IsFinite(value) || value < 0)
                {
                    throw new BundleFormatException(idfPath, $"inverse document frequency {value} is not a finite non-negative number.");
                }
            }
        }

        FeatureIndex index;
        try
        {
            foreach (int bucket in buckets)
            {
                if (bucket < 0 || bucket >= tokenizer.Buckets)
                {
                    throw new ArgumentException($"bucket id {bucket} is outside [0, {tokenizer.Buckets}).");
                }
            }

            index = new FeatureIndex(buckets, cancellationToken);
        }
        catch (ArgumentException ex)
        {
            throw new BundleFormatException(featuresPath, ex.Message, ex);
        }

        return (index, idf);
    }

    /// <summary>
    /// Saves <paramref name="model"/> to <paramref name="directory"/>. A folder that does not exist yet is written under
    /// a temporary name beside it and renamed into place. An existing bundle, or an existing empty folder (a mounted
    /// volume, say), is written from a hidden staging folder inside it, so nothing is written above it: the new weight
    /// files (named by content hash) go in beside whatever is there, then the manifest in one atomic rename, so an
    /// interrupted save leaves the old bundle loadable. A non-empty folder that is not a bundle is never overwritten, but
    /// for one that holds only what a stopped save leaves (weight files by this writer's naming, its hidden staging
    /// folders) and a file system's <c>lost+found</c>: the save finishes the bundle there and removes those weight files.
    /// Saves to the same folder from several threads or processes (of one user) take turns; the last to finish wins.
    /// </summary>
    /// <param name="model">The model to save.</param>
    /// <param name="directory">The bundle folder to create or update.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="directory"/> is
    /// null.</exception>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is empty or white space.</exception>
    /// <exception cref="IOException"><paramref name="directory"/> is a file (a bundle's manifest included: Save takes its
    /// folder) or holds other files (anything but a bundle or what a stopped save leaves), writing failed (permissions and
    /// full disks included: the message names <paramref name="directory"/>, the inner exception the file at fault), or
    /// another save to the folder held it for two minutes.</exception>
    public static void Save(TextClassifier model, string directory) => Save(model, directory, CancellationToken.None);

    /// <summary>
    /// <see cref="Save(TextClassifier, string)"/>, stopped by <paramref name="cancellationToken"/> until the manifest is
    /// replaced: a canceled save leaves the folder as it was (no bundle where there was none, the old one where there was
    /// one), and is seen between weight files and every 16 MiB of one.
    /// </summary>
    /// <param name="model">The model to save.</param>
    /// <param name="directory">The bundle folder to create or update.</param>
    /// <param name="cancellationToken">Stops the save before its manifest is replaced.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled before the
    /// bundle was replaced.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="directory"/> is
    /// null.</exception>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is empty or white space.</exception>
    /// <exception cref="IOException">As <see cref="Save(TextClassifier, string)"/>.</exception>
    public static void Save(TextClassifier model, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        cancellationToken.ThrowIfCancellationRequested();
        SaveWith(directory, (staging, _) => WriteWeights(model, staging, cancellationToken), cancellationToken);
    }

    // Every save (n-gram and encoder + head bundles) goes through here: writeFiles writes the bundle's files into a staging
    // folder (its first argument; the second is the bundle folder, for paths relative to it) and returns their manifest.
    private static void SaveWith(string directory, Func<string, string, ModelManifest> writeFiles, CancellationToken cancellationToken = default)
    {
        // "model/" names the folder model: without trimming, its "parent" would be model itself.
        string target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        string parent = Path.GetDirectoryName(target) ?? throw new IOException($"Cannot save a bundle at the file-system root '{target}'.");
        if (File.Exists(target))
        {
            // Load takes a manifest's path too; the file system's own error ("Cannot create … because a file … already
            // exists") said nothing of which path Save wants.
            throw new IOException(Path.GetFileName(target) == ManifestFileName
                ? $"'{target}' is a bundle's {ManifestFileName}: Save takes the bundle folder ('{parent}')."
                : $"'{target}' is a file: a bundle is a folder, which Save creates or updates.");
        }

        if (!Directory.Exists(target))
        {
            Attempt(target, () => Directory.CreateDirectory(parent));
        }

        // One save at a time per folder (threads and processes of this user): whether the folder holds a bundle is
        // decided under the lock, and a save deletes the files of the manifest it replaces, which must be the one
        // written last, not one another save is about to replace.
        using SaveLock folderLock = SaveLock.Acquire(target, SaveWait, cancellationToken);
        if (!Attempt(target, () => CanSaveInto(target)))
        {
            throw new IOException($"'{target}' is not empty and holds no {ManifestFileName}: refusing to overwrite it with a bundle.");
        }

        Attempt(target, () => Write(target, parent, writeFiles));
    }

    /// <summary>
    /// Whether a save may write to <paramref name="folder"/> (a full path): it does not exist, holds a bundle manifest,
    /// or holds nothing but what saves leave before their manifest (weight files by this writer's naming, hidden staging
    /// folders and temporary manifests: the next save finishes the bundle), a file system's <c>lost+found</c> (a
    /// freshly formatted volume's) and an encoder + head bundle's carried <see cref="CarriedEncoderFolderName"/> folder
    /// (an encoder put there for the bundle to reference). Anything else is someone's files.
    /// </summary>
    internal static bool CanSaveInto(string folder)
    {
        if (!Directory.Exists(folder) || File.Exists(Path.Combine(folder, ManifestFileName)))
        {
            return true;
        }

        foreach (string entry in Directory.EnumerateFileSystemEntries(folder))
        {
            string name = Path.GetFileName(entry);
            bool leftover = Directory.Exists(entry)
                ? name == "lost+found" || name == CarriedEncoderFolderName || IsHex32After(name, InnerStagingPrefix)
                : WeightFileName().IsMatch(name) || IsEncoderHeadManifestTemp(name);
            if (!leftover)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether a file of the user's (a metrics file) may be written as <paramref name="name"/> directly in the bundle
    /// folder <paramref name="folder"/>, beside the bundle: no save writes, renames or sweeps a file of that name there
    /// (the manifest, weight files, hidden staging entries and temporary manifests, the carried <c>encoder</c> folder),
    /// and the folder's manifest, when it has one, names no such file. The bundle's loaders read only the files its
    /// manifest names.
    /// </summary>
    internal static bool IsFreeFileName(string folder, string name)
    {
        StringComparison comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        string lower = name.ToLowerInvariant();
        if (name.Length == 0 || name[0] == '.' || string.Equals(name, ManifestFileName, comparison) || string.Equals(name, CarriedEncoderFolderName, comparison) ||
            WeightFileName().IsMatch(comparison == StringComparison.Ordinal ? name : lower))
        {
            return false;
        }

        string manifestPath = Path.Combine(folder, ManifestFileName);
        ModelManifest? manifest = File.Exists(manifestPath) ? TryReadManifest(manifestPath) : null;
        return manifest is null || !manifest.Files.Keys.Any(file => string.Equals(file, name, comparison));
    }

    // "<prefix><32 lower-case hex digits>": the names saves give their staging folders.
    private static bool IsHex32After(string name, string prefix) =>
        name.Length == prefix.Length + 32 && name.StartsWith(prefix, StringComparison.Ordinal) &&
        name.AsSpan(prefix.Length).IndexOfAnyExcept(LowerHexDigits) < 0;

    // ".textclassifier.json.<32 hex>.tmp": the temporary manifest SaveEncoderHead wrote beside the bundle's until session
    // 32 (it saved into the folder directly); a killed save left it behind. Saves now stage like Save and sweep these.
    private static bool IsEncoderHeadManifestTemp(string name) =>
        name.EndsWith(".tmp", StringComparison.Ordinal) && IsHex32After(name[..^4], "." + ManifestFileName + ".");

    private static void Write(string target, string parent, Func<string, string, ModelManifest> writeFiles)
    {
        // Staging folders of this bundle that are still there were left by saves that were killed (SIGKILL, a second
        // Ctrl+C) before their cleanup ran: under the lock no other save of this folder is writing one. A large model
        // would otherwise leave its size behind on every such interruption. Only folders no entry was added to for a
        // while go: a save that reached this folder by another path (a symbolic link above it) holds another lock.
        string outerPrefix = $".{Path.GetFileName(target)}.saving-";
        bool exists = Directory.Exists(target);
        SweepStagingOrphans(parent, outerPrefix);
        if (exists)
        {
            SweepStagingOrphans(target, InnerStagingPrefix);
        }

        // Inside an existing folder, so nothing is written above it (a volume mounted where the process may not write
        // beside it) and every move below is a rename on the folder's own file system.
        string staging = exists
            ? Path.Combine(target, $"{InnerStagingPrefix}{Guid.NewGuid():N}")
            : Path.Combine(parent, $"{outerPrefix}{Guid.NewGuid():N}");
        string targetManifest = Path.Combine(target, ManifestFileName);
        Directory.CreateDirectory(staging);
        try
        {
            ModelManifest manifest = writeFiles(staging, target);
            WriteManifest(manifest, Path.Combine(staging, ManifestFileName));
            if (!exists)
            {
                Directory.Move(staging, target);
                return;
            }

            ModelManifest? previous = TryReadManifest(targetManifest);
            foreach (string name in manifest.Files.Keys)
            {
                string destination = Path.Combine(target, name);
                if (!File.Exists(destination) || !BundleFiles.Matches(destination, manifest.Files[name]))
                {
                    File.Move(Path.Combine(staging, name), destination, overwrite: true);
                }
            }

            // The atomic step: rename(2) replaces the manifest in one go. Nothing after it may fail the save.
            File.Move(Path.Combine(staging, ManifestFileName), targetManifest, overwrite: true);
            RemoveStaleFiles(target, manifest, previous);
        }
        finally
        {
            TryDeleteFolder(staging);
        }
    }

    // After the manifest swap, best effort (an error here would report a save that took effect as failed): the files
    // the replaced manifest listed, weight files no manifest lists (left by a save that was killed before its
    // manifest swap, or listed by a previous manifest that could not be read), and older encoder + head saves'
    // temporary manifests. Only names this writer gives
    // ("head-0123456789ab.bin") are touched, and under the folder's save lock no other save is writing any.
    private static void RemoveStaleFiles(string target, ModelManifest manifest, ModelManifest? previous)
    {
        if (previous is not null)
        {
            foreach (string stale in previous.Files.Keys)
            {
                // Plain names only (as BundleFiles.Resolve reads them): "C:x.bin" or "../x" is not ours to delete.
                if (!manifest.Files.ContainsKey(stale) && stale.IndexOfAny(['/', '\\', ':']) < 0 && stale is not ("." or ".."))
                {
                    TryDelete(Path.Combine(target, stale));
                }
            }
        }

        try
        {
            foreach (string file in Directory.EnumerateFiles(target, "*-*.bin"))
            {
                string name = Path.GetFileName(file);
                if (!manifest.Files.ContainsKey(name) && WeightFileName().IsMatch(name))
                {
                    TryDelete(file);
                }
            }

            foreach (string file in Directory.EnumerateFiles(target, $".{ManifestFileName}.*.tmp"))
            {
                if (IsEncoderHeadManifestTemp(Path.GetFileName(file)))
                {
                    TryDelete(file);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A folder that cannot be listed: the unlisted files stay until a save that can.
        }
    }

    private static void SweepStagingOrphans(string folder, string prefix)
    {
        try
        {
            // Hidden names only (the bundle's own name is not a safe search pattern: '?' and '*' are wildcards there).
            foreach (string orphan in Directory.EnumerateDirectories(folder, ".*"))
            {
                if (IsHex32After(Path.GetFileName(orphan), prefix) && DateTime.UtcNow - Directory.GetLastWriteTimeUtc(orphan) > OrphanStagingAge)
                {
                    TryDeleteFolder(orphan);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A folder this process may not list (a parent above a mounted volume): nothing of ours to sweep there.
        }
    }

    // File-system failures (a read-only folder, a full disk, a mount point) name the bundle folder being saved; the
    // inner exception keeps the file at fault (often a hidden staging file the caller never named). Every failure
    // reaching here came before the manifest swap, so the bundle there is the old one.
    private static T Attempt<T>(string target, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Could not save the bundle '{target}' (any bundle already there is unchanged): {ex.Message}", ex);
        }
    }

    private static void Attempt(string target, Action action) => Attempt(target, () =>
    {
        action();
        return true;
    });

    private static ModelManifest WriteWeights(TextClassifier model, string folder, CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, BundleFileEntry>(StringComparer.Ordinal);
        IReadOnlyList<NGramModel> members = model.Members;
        EnsembleMemberSection first = WriteMember(members[0], folder, files, cancellationToken);
        EnsembleMemberSection[]? ensemble = null;
        if (members.Count > 1)
        {
            ensemble = new EnsembleMemberSection[members.Count - 1];
            for (int m = 1; m < members.Count; m++)
            {
                ensemble[m - 1] = WriteMember(members[m], folder, files, cancellationToken);
            }
        }

        return new ModelManifest
        {
            FormatVersion = model.Temperature != 1f ? 15 : FormatVersionFor(model.Combination, first, ensemble),
            EnsembleCombination = model.Combination == EnsembleCombination.RootMean ? ModelManifest.RootMeanCombination : null,
            // The float's shortest decimal form (0.4, not 0.4000000059604645), which reads back as the same float.
            Temperature = model.Temperature != 1f ? double.Parse(model.Temperature.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : null,
            ProblemType = model.IsMultiLabel ? ModelManifest.MultiLabel : ModelManifest.SingleLabel,
            Labels = [.. model.Labels],
            Thresholds = model.Thresholds is { } thresholds ? [.. thresholds] : null,
            Tokenizer = first.Tokenizer,
            Encoder = first.Encoder,
            Pooling = first.Pooling,
            Head = first.Head,
            Ensemble = ensemble,
            Abstain = model.Abstain,
            Files = files,
            Training = model.Training,
            CreatedBy = $"TextClassification {typeof(ModelBundle).Assembly.GetName().Version}",
        };
    }

    private static EnsembleMemberSection WriteMember(NGramModel member, string folder, Dictionary<string, BundleFileEntry> files, CancellationToken cancellationToken)
    {
        EmbeddingBag encoder = member.Encoder;
        LinearHead head = member.Head;

        int[] buckets = new int[encoder.Index.Count];
        encoder.Index.CopyBucketsByRow(buckets);
        float[] headValues = head.Weights is null ? head.Bias : [.. head.Weights, .. head.Bias];

        string featuresFile = WriteNamed(folder, "features", buckets, files, cancellationToken);
        string weightsFile = WriteNamed(folder, "embeddings", encoder.Table, files, cancellationToken);
        string headFile = WriteNamed(folder, "head", headValues, files, cancellationToken);
        string? idfFile = encoder.Idf is null ? null : WriteNamed(folder, "idf", encoder.Idf, files, cancellationToken);

        HashedNGramOptions tokenizer = member.Featurizer.Options;
        return new EnsembleMemberSection
        {
            Tokenizer = new TokenizerSection
            {
                Type = "hashedNGrams",
                Lowercase = tokenizer.Lowercase,
                WordNGrams = tokenizer.WordNGrams,
                CharNGramMin = tokenizer.CharNGramMin,
                CharNGramMax = tokenizer.CharNGramMax,
                Buckets = tokenizer.Buckets,
                MaxTokens = tokenizer.MaxTokens,
                CaseShapes = tokenizer.CaseShapes,
                SkipBigrams = tokenizer.SkipBigrams,
                SplitUnspacedScripts = tokenizer.SplitUnspacedScripts,
                NormalizeAccents = tokenizer.NormalizeAccents,
                // Written only where it does something (it needs char n-grams), so the bundle is not made version 6 for nothing.
                UnspacedRunNGrams = tokenizer.UnspacedRunNGrams && tokenizer.UsesCharNGrams,
                SymbolSuffixes = tokenizer.SymbolSuffixes,
                // Written only where it does something (it reads the decomposed letters).
                FoldDiacritics = tokenizer.FoldDiacritics && tokenizer.NormalizeAccents,
                FoldWidth = tokenizer.FoldWidth,
                StripMarkup = tokenizer.StripMarkup,
                // Both written only where they do something (with the folding and the decomposition they extend).
                FoldAbjadMarks = tokenizer.FoldAbjadMarks && tokenizer.FoldDiacritics && tokenizer.NormalizeAccents,
                ComposeHangul = tokenizer.ComposeHangul && tokenizer.NormalizeAccents,
                FoldCompatibilityForms = tokenizer.FoldCompatibilityForms && tokenizer.NormalizeAccents,
                SkipFormatChars = tokenizer.SkipFormatChars,
                FoldConfusables = tokenizer.FoldConfusables,
                JoinSpacedLetters = tokenizer.JoinSpacedLetters,
            },
            Encoder = new EncoderSection
            {
                Type = "embeddingBag",
                Dimension = encoder.Dimension,
                Rows = encoder.Index.Count,
                FeaturesFile = featuresFile,
                WeightsFile = weightsFile,
                IdfFile = idfFile,
            },
            Pooling = new PoolingSection { Type = idfFile is null ? MeanPooling : TfIdfPooling },
            Head = new HeadSection
            {
                Type = head.IsIdentity ? IdentityHeadType : LinearHeadType,
                Activation = member.Sigmoid ? SigmoidActivation : SoftmaxActivation,
                WeightsFile = headFile,
                Inputs = head.Inputs,
                Outputs = head.Outputs,
            },
        };
    }

    // Content-addressed names: an update never overwrites a file the current manifest still uses, and members with the
    // same content (e.g. the linear member's features and IDF, which are the word model's) share one file.
    private static string WriteNamed<T>(string folder, string stem, T[] values, Dictionary<string, BundleFileEntry> files, CancellationToken cancellationToken)
        where T : unmanaged
    {
        cancellationToken.ThrowIfCancellationRequested();
        ReadOnlySpan<byte> bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan());
        string sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        string name = $"{stem}-{sha[..12]}.bin";
        if (files.TryGetValue(name, out BundleFileEntry? written))
        {
            if (written.Bytes == bytes.Length && string.Equals(written.Sha256, sha, StringComparison.Ordinal))
            {
                return name;
            }

            throw new IOException($"Two different {stem} files of this bundle share the name '{name}' (a 48-bit hash collision).");
        }

        files[name] = BundleFiles.Write<T>(Path.Combine(folder, name), values, cancellationToken);
        return name;
    }

    // Labels in any script, emoji included, stay readable in textclassifier.json (the default encoder wrote every
    // non-ASCII character as a \u escape).
    private static readonly JsonWriterOptions ManifestWriterOptions = new() { Indented = true, Encoder = ReadableJsonEncoder.Instance };

    private static void WriteManifest(ModelManifest manifest, string path)
    {
        using FileStream stream = new(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        using (var writer = new Utf8JsonWriter(stream, ManifestWriterOptions))
        {
            JsonSerializer.Serialize(writer, manifest, ManifestJsonContext.Default.ModelManifest);
        }

        stream.Flush(flushToDisk: true);
    }

    private static ModelManifest? TryReadManifest(string path)
    {
        try
        {
            return ReadManifest(path);
        }
        catch (BundleFormatException)
        {
            return null;
        }
    }

    private static string ManifestPathOf(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        return Directory.Exists(full) ? Path.Combine(full, ManifestFileName) : full;
    }

    // The oldest layout that describes the model: see ModelManifest.CurrentFormatVersion.
    private static int FormatVersionFor(EnsembleCombination combination, EnsembleMemberSection first, EnsembleMemberSection[]? ensemble)
    {
        bool version3 = combination == EnsembleCombination.RootMean || first.Tokenizer.NeedsVersion3;
        bool version4 = first.Tokenizer.NeedsVersion4;
        bool version5 = first.Head.Type == IdentityHeadType;
        bool version6 = first.Tokenizer.UnspacedRunNGrams;
        bool version7 = first.Tokenizer.SymbolSuffixes;
        bool version8 = first.Tokenizer.NeedsVersion8;
        bool version9 = first.Tokenizer.StripMarkup;
        bool version10 = first.Tokenizer.NeedsVersion10;
        bool version11 = first.Tokenizer.FoldCompatibilityForms;
        bool version12 = first.Tokenizer.SkipFormatChars;
        bool version13 = first.Tokenizer.FoldConfusables;
        bool version14 = first.Tokenizer.JoinSpacedLetters;
        foreach (EnsembleMemberSection member in ensemble ?? [])
        {
            version14 |= member.Tokenizer.JoinSpacedLetters;
            version13 |= member.Tokenizer.FoldConfusables;
            version12 |= member.Tokenizer.SkipFormatChars;
            version11 |= member.Tokenizer.FoldCompatibilityForms;
            version10 |= member.Tokenizer.NeedsVersion10;
            version9 |= member.Tokenizer.StripMarkup;
            version8 |= member.Tokenizer.NeedsVersion8;
            version7 |= member.Tokenizer.SymbolSuffixes;
            version3 |= member.Tokenizer.NeedsVersion3;
            version4 |= member.Tokenizer.NeedsVersion4;
            version5 |= member.Head.Type == IdentityHeadType;
            version6 |= member.Tokenizer.UnspacedRunNGrams;
        }

        return version14 ? 14 : version13 ? 13 : version12 ? 12 : version11 ? 11 : version10 ? 10 : version9 ? 9 : version8 ? 8 : version7 ? 7 : version6 ? 6 : version5 ? 5 : version4 ? 4 : version3 ? 3 : ensemble is null ? 1 : 2;
    }

    private static HashedNGramOptions ToOptions(TokenizerSection section) => new()
    {
        Lowercase = section.Lowercase,
        WordNGrams = section.WordNGrams,
        CharNGramMin = section.CharNGramMin,
        CharNGramMax = section.CharNGramMax,
        Buckets = section.Buckets,
        MaxTokens = section.MaxTokens,
        CaseShapes = section.CaseShapes,
        SkipBigrams = section.SkipBigrams,
        SplitUnspacedScripts = section.SplitUnspacedScripts,
        NormalizeAccents = section.NormalizeAccents,
        UnspacedRunNGrams = section.UnspacedRunNGrams,
        SymbolSuffixes = section.SymbolSuffixes,
        FoldDiacritics = section.FoldDiacritics,
        FoldWidth = section.FoldWidth,
        StripMarkup = section.StripMarkup,
        FoldAbjadMarks = section.FoldAbjadMarks,
        ComposeHangul = section.ComposeHangul,
        FoldCompatibilityForms = section.FoldCompatibilityForms,
        SkipFormatChars = section.SkipFormatChars,
        FoldConfusables = section.FoldConfusables,
        JoinSpacedLetters = section.JoinSpacedLetters,
    };
}
