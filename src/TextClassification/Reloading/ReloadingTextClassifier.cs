using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TextClassification.Bundles;
using TextClassification.Diagnostics;

namespace TextClassification.Reloading;

/// <summary>
/// An <see cref="ITextClassifier"/> that follows a bundle on disk: when the bundle's manifest
/// (<c>textclassifier.json</c>) changes, the new bundle is loaded completely and then swapped in with one reference
/// write. A call reads the reference once, so calls in flight finish on the model they started with. A bundle that
/// fails to load is rejected (logged, <see cref="Reloaded"/> raised with the error) and the old model keeps serving.
/// </summary>
/// <remarks>
/// The manifest is the file to watch: <see cref="ModelBundle.Save(TextClassifier, string)"/> writes new content-named weight files first and
/// replaces the manifest last with one atomic rename, so a changed manifest always names a complete set of files.
/// Changes are noticed by a <see cref="FileSystemWatcher"/> (debounced) and by polling; either way the manifest's
/// SHA-256 is compared with the loaded one, so touching the file without changing it reloads nothing.
/// Thread-safe. <see cref="Labels"/> and a following <see cref="Score"/> may see different models across a swap:
/// use <see cref="Classify"/> (whose <see cref="Prediction"/> carries its labels) or <see cref="Current"/> when they
/// must agree, and <see cref="GetCurrent"/> for a model with its <see cref="Generation"/>.
/// </remarks>
public sealed partial class ReloadingTextClassifier : ITextClassifier, IDisposable
{
    private readonly ReloadingTextClassifierOptions _options;
    private readonly ILogger _logger;
    private readonly string _modelTag;
    private readonly Lock _reloadGate = new();

    // Canceled by Dispose: a reload in flight stops loading (a large bundle took seconds, and Dispose waited for it).
    private readonly CancellationTokenSource _stopping = new();

    // Held while Reloaded's handlers run (never with the reload lock: a handler may call Reload), and taken by Dispose,
    // so that no handler is called after Dispose returned: a reload that computed its outcome before Dispose had raised
    // the event after it.
    private readonly Lock _raiseGate = new();

    // The model and its generation in one object, swapped with one write: read separately, a swap between the two
    // reads paired one model with the next one's generation.
    private volatile Serving _serving;
    private byte[] _loadedManifestHash;

    // The bundle last rejected, until a bundle loads or the loaded manifest is back. Volatile: the watcher's handler
    // reads it without the lock, to let every file event in the folder count while it is set.
    private volatile RejectedBundle? _rejected;

    // The manifest could not be read at the last check (already logged as a warning).
    private bool _unreadable;
    private volatile bool _disposed;
    private volatile string[]? _requiredLabels;

    private ReloadingTextClassifier(string manifestPath, TextClassifier initial, byte[] manifestHash, ReloadingTextClassifierOptions options)
    {
        ManifestPath = manifestPath;
        _serving = new Serving(initial, 1);
        _loadedManifestHash = manifestHash;
        _options = options;
        _logger = options.Logger ?? NullLogger.Instance;
        _modelTag = options.ModelName ?? Path.GetDirectoryName(manifestPath)!;
        _debounce = new Timer(static state => ((ReloadingTextClassifier)state!).OnTimer(), this, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>Raised after every reload attempt that found a changed manifest, successful or rejected. Handlers run one
    /// after another on the thread that reloaded (the watcher's timer, or the caller of <see cref="Reload"/>), outside the
    /// reload lock (a handler may call <see cref="Reload"/> or <see cref="Dispose"/>), and one reload's handlers at a time;
    /// one that throws is logged with its exception and neither undoes the reload nor keeps the other handlers from
    /// running. None is called after <see cref="Dispose"/> returned: Dispose waits for handlers running on other threads
    /// (so a handler must not wait for a thread that disposes this classifier), and the outcome of a reload that ended
    /// while Dispose ran is not raised.</summary>
    public event EventHandler<ModelReloadEventArgs>? Reloaded;

    /// <summary>Tests only: run between the manifest check and the load, where a save may land, with the load's
    /// token.</summary>
    internal Action<CancellationToken>? BeforeLoad { get; set; }

    /// <summary>Tests only: run after a reload released the reload lock, before <see cref="Reloaded"/> is raised.</summary>
    internal Action? BeforeRaise { get; set; }

    /// <summary>Full path of the watched manifest.</summary>
    public string ManifestPath { get; }

    /// <summary>The model serving now. Keep the returned instance to make several calls on one model.</summary>
    public TextClassifier Current => _serving.Model;

    /// <summary>1 for the model loaded by <see cref="Create(string, ReloadingTextClassifierOptions?)"/>, plus one for every successful swap. Read apart from
    /// <see cref="Current"/>, it may belong to the next model: use <see cref="GetCurrent"/> to have both.</summary>
    public long Generation => _serving.Generation;

    /// <inheritdoc />
    public IReadOnlyList<string> Labels => _serving.Model.Labels;

    /// <summary>Why the bundle now at <see cref="ManifestPath"/> was rejected (the error <see cref="Reloaded"/> carried),
    /// while it is there: null once a bundle loads or the loaded manifest is back, and while no reload was rejected.
    /// Not null means the model serving is an older one than the bundle on disk, as a health check may report.
    /// A manifest that is missing or unreadable is not a rejection: it leaves this as it was.</summary>
    public Exception? LastReloadError => _rejected?.Error;

    /// <summary>The model serving now and its <see cref="Generation"/>, read together: a swap can come between reading
    /// <see cref="Current"/> (or <see cref="Labels"/>) and <see cref="Generation"/>, and pair one model with the next
    /// one's generation.</summary>
    /// <param name="generation">The generation of the returned model.</param>
    /// <returns>The model serving now, as <see cref="Current"/>.</returns>
    public TextClassifier GetCurrent(out long generation)
    {
        Serving serving = _serving;
        generation = serving.Generation;
        return serving.Model;
    }

    /// <summary>
    /// Loads the bundle at <paramref name="path"/> (a bundle folder or its manifest) and starts watching it.
    /// </summary>
    /// <param name="path">A bundle folder or the path of its manifest.</param>
    /// <param name="options">How changes are noticed and logged; null for the defaults.</param>
    /// <returns>The classifier, serving the bundle as it is now and watching it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or white space.</exception>
    /// <exception cref="BundleFormatException">The initial bundle is missing, corrupt or inconsistent.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="ReloadingTextClassifierOptions.Debounce"/> is negative or
    /// longer than a timer takes, or <see cref="ReloadingTextClassifierOptions.PollInterval"/> is negative (other than
    /// <see cref="Timeout.InfiniteTimeSpan"/>) or too long.</exception>
    public static ReloadingTextClassifier Create(string path, ReloadingTextClassifierOptions? options = null) =>
        Create(path, options, CancellationToken.None);

    /// <summary>
    /// Loads the bundle at <paramref name="path"/> (a bundle folder or its manifest) and starts watching it, as
    /// <see cref="Create(string, ReloadingTextClassifierOptions?)"/> does; the first load can be canceled (a bundle of a
    /// GB takes seconds to read and hash).
    /// </summary>
    /// <param name="path">A bundle folder or the path of its manifest.</param>
    /// <param name="options">How changes are noticed and logged; null for the defaults.</param>
    /// <param name="cancellationToken">Checked while the first bundle is read (between pieces of its files); nothing is
    /// watched when it is canceled.</param>
    /// <returns>The classifier, serving the bundle as it is now and watching it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or white space.</exception>
    /// <exception cref="BundleFormatException">The initial bundle is missing, corrupt or inconsistent.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A timer setting of <paramref name="options"/> is out of range (see
    /// the other overload).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static ReloadingTextClassifier Create(string path, ReloadingTextClassifierOptions? options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        // A copy: Debounce was read from the caller's object at every file event, so a negative value set after the
        // checks below threw on the watcher's thread and ended the process (an outside review).
        options = options?.Snapshot() ?? new ReloadingTextClassifierOptions();
        options.Validate(nameof(options));

        string manifestPath = Path.GetFullPath(Directory.Exists(path) ? Path.Combine(path, ModelBundle.ManifestFileName) : path);
        byte[] hash;
        try
        {
            hash = HashManifest(manifestPath);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BundleFormatException(manifestPath, "the bundle manifest does not exist.", ex);
        }

        options.BeforeFirstLoad?.Invoke();
        TextClassifier initial = ModelBundle.Load(manifestPath, out byte[]? loaded, cancellationToken);

        // The manifest loaded, as in ReloadLocked: a save between the hash above and the load served the newer bundle
        // under the older manifest's hash, and a rollback to the older manifest was never loaded (review 54e).
        if (loaded is not null)
        {
            hash = SHA256.HashData(loaded);
        }

        return Start(manifestPath, initial, hash, options);
    }

    /// <summary>Starts on a model already loaded from <paramref name="manifestPath"/> (the dependency-injection
    /// registration's <c>EagerLoad</c>, which loaded it to fail start-up on a broken bundle), and checks the manifest
    /// once at once: a bundle saved since the load is loaded (or rejected) as any reload is.</summary>
    /// <param name="manifestPath">Full path of the manifest the model was loaded from.</param>
    /// <param name="loaded">The model.</param>
    /// <param name="manifestBytes">The bytes of the manifest it was loaded from.</param>
    /// <param name="options">Checked with <see cref="ReloadingTextClassifierOptions.Validate"/> by the caller; copied.</param>
    internal static ReloadingTextClassifier CreateLoaded(string manifestPath, TextClassifier loaded, byte[] manifestBytes, ReloadingTextClassifierOptions options)
    {
        ReloadingTextClassifier classifier = Start(manifestPath, loaded, SHA256.HashData(manifestBytes), options.Snapshot());
        try
        {
            classifier.Reload();
            return classifier;
        }
        catch
        {
            classifier.Dispose();
            throw;
        }
    }

    private static ReloadingTextClassifier Start(string manifestPath, TextClassifier initial, byte[] manifestHash, ReloadingTextClassifierOptions options)
    {
        var classifier = new ReloadingTextClassifier(manifestPath, initial, manifestHash, options);
        if (options.Logger is not null)
        {
            ReloadLog.Loaded(options.Logger, manifestPath, 1, initial.Labels.Count);
        }

        classifier.StartWatching();
        return classifier;
    }

    /// <summary>
    /// Checks the manifest now and, when it changed, loads and swaps in the new bundle (or rejects it). Also what the
    /// watcher and the poll call; concurrent calls are serialised.
    /// </summary>
    /// <remarks>After <see cref="Dispose"/> it loads nothing and returns false; a reload in flight when
    /// <see cref="Dispose"/> is called has its load canceled and swaps nothing in.</remarks>
    /// <returns>True when a new model was swapped in.</returns>
    public bool Reload()
    {
        ModelReloadEventArgs? outcome;
        lock (_reloadGate)
        {
            if (_disposed)
            {
                return false;
            }

            outcome = ReloadLocked();
        }

        if (outcome is not null)
        {
            RaiseReloaded(outcome);
        }

        return outcome?.Succeeded == true;
    }

    // Each handler on its own: a handler's exception had escaped into the timer's catch-all, logged as "Cannot read the
    // manifest … will retry" (after a reload that had succeeded), without its stack, and the handlers after it never ran;
    // a direct Reload() threw after swapping the model in.
    private void RaiseReloaded(ModelReloadEventArgs outcome)
    {
        BeforeRaise?.Invoke();
        if (Reloaded is not { } handlers)
        {
            return;
        }

        lock (_raiseGate)
        {
            foreach (Delegate handler in handlers.GetInvocationList())
            {
                // Looked at before each handler: Dispose may have run meanwhile, or been called by the handler before.
                if (_disposed)
                {
                    return;
                }

                Invoke(handler, outcome);
            }
        }
    }

    private void Invoke(Delegate handler, ModelReloadEventArgs outcome)
    {
        try
        {
            ((EventHandler<ModelReloadEventArgs>)handler)(this, outcome);
        }
        catch (Exception ex)
        {
            ReloadLog.HandlerFailed(_logger, ex, handler.Method.DeclaringType is { } type ? $"{type.FullName}.{handler.Method.Name}" : handler.Method.Name, outcome.Generation, ManifestPath);
        }
    }

    /// <summary>
    /// From now on a new bundle must have exactly <paramref name="labels"/>, in this order, or it is rejected as a broken
    /// bundle is (logged, <see cref="Reloaded"/> raised with a <see cref="BundleFormatException"/> naming the
    /// differences) and the current model keeps serving. A <see cref="TypedTextClassifier{TLabel}"/> over this
    /// classifier calls it: its enum stands for the label at each index.
    /// </summary>
    /// <param name="labels">The labels every bundle must have, in model order; copied.</param>
    /// <exception cref="ArgumentNullException"><paramref name="labels"/> is null.</exception>
    /// <exception cref="ArgumentException">A label of <paramref name="labels"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The current model's labels are not <paramref name="labels"/>.</exception>
    public void RequireLabels(IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        for (int i = 0; i < labels.Count; i++)
        {
            // A caller's mistake, not a model that differs: it was reported as "missing [, sports]", the null printed as
            // nothing.
            if (labels[i] is null)
            {
                throw new ArgumentException($"The label at index {i} is null.", nameof(labels));
            }
        }

        if (!TryRequireLabels(labels, out string? difference))
        {
            throw new InvalidOperationException($"The model serving now does not have the labels to require: {difference}");
        }
    }

    /// <summary>As <see cref="RequireLabels"/>, but false (nothing pinned, <paramref name="difference"/> in words) where
    /// the model serving now does not have <paramref name="labels"/>: a reload came after the caller read them.</summary>
    internal bool TryRequireLabels(IReadOnlyList<string> labels, [NotNullWhen(false)] out string? difference)
    {
        lock (_reloadGate)
        {
            difference = LabelDifference(_serving.Model.Labels, labels);
            if (difference is not null)
            {
                return false;
            }

            _requiredLabels = [.. labels];
            return true;
        }
    }

    /// <inheritdoc />
    public Prediction Classify(string text) => _serving.Model.Classify(text);

    /// <inheritdoc />
    public IReadOnlyList<Prediction> ClassifyBatch(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        _serving.Model.ClassifyBatch(texts, cancellationToken);

    /// <inheritdoc />
    public ValueTask<Prediction> ClassifyAsync(string text, CancellationToken cancellationToken = default) =>
        _serving.Model.ClassifyAsync(text, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Prediction>> ClassifyBatchAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        _serving.Model.ClassifyBatchAsync(texts, cancellationToken);

    /// <inheritdoc />
    public void Score(ReadOnlySpan<char> text, Span<float> probabilities) => _serving.Model.Score(text, probabilities);

    /// <summary>Stops watching; the current model keeps answering calls. A reload in flight has its load canceled (it
    /// is looked at between files and 16 MiB pieces of one) and swaps nothing in: Dispose waits for that, not for the
    /// whole load, and no model is swapped in after it returns. It also waits for <see cref="Reloaded"/> handlers
    /// running on other threads, and none is called after it returned.</summary>
    public void Dispose()
    {
        // Told before the lock is taken: a reload holds it for its whole load, which this cancels.
        _disposed = true;
        _stopping.Cancel();
        lock (_reloadGate)
        {
            // A reload in flight has ended; the ones after see _disposed.
        }

        lock (_raiseGate)
        {
            // Handlers running on another thread have returned; the ones after see _disposed.
        }

        StopWatching();
    }

    private ModelReloadEventArgs? ReloadLocked()
    {
        CancellationToken stopping = _stopping.Token;
        byte[] hash;
        try
        {
            hash = HashManifest(ManifestPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Missing or locked for a moment (a folder being replaced): the next event or poll tries again. Said once
            // as a warning, then at Debug until the manifest reads again: a deleted folder would otherwise log a
            // warning every poll interval for as long as it stays away.
            if (_unreadable)
            {
                ReloadLog.StillUnreadable(_logger, ManifestPath, ex.Message);
            }
            else
            {
                _unreadable = true;
                ReloadLog.Unreadable(_logger, ManifestPath, ex.Message);
            }

            return null;
        }

        _unreadable = false;

        if (hash.AsSpan().SequenceEqual(_loadedManifestHash))
        {
            _rejected = null; // the rejected manifest was put back: nothing is waiting for files any more
            return null;
        }

        // A bundle rejected before is tried again only when something in its folder changed (a weight file put right
        // by saving the same model again leaves the manifest byte-identical), so the poll neither reloads it nor logs
        // it again every interval.
        // Only the files the new manifest names count (with the manifest): a log written beside a rejected bundle had
        // retried it, and logged the rejection again, at every write.
        HashSet<string>? bundleFiles = BundleFileNames();
        long folderStamp = FolderStamp(bundleFiles);
        if (_rejected is { } rejected && rejected.ManifestHash.AsSpan().SequenceEqual(hash) && rejected.FolderStamp == folderStamp)
        {
            return null;
        }

        TextClassifier next;
        try
        {
            BeforeLoad?.Invoke(stopping);
            next = ModelBundle.Load(ManifestPath, out byte[]? loaded, stopping);

            // The manifest loaded, which a save between the check above and the load made a newer one than the manifest
            // hashed: remembered by the older hash, the same bundle was loaded again at the next check, and a rollback
            // to the older manifest matched it and was never loaded (review 50i).
            if (loaded is not null)
            {
                hash = SHA256.HashData(loaded);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Disposed while loading: not a rejection (the bundle may be fine), and nothing to report.
            ReloadLog.Canceled(_logger, ManifestPath);
            return null;
        }
        catch (Exception ex) when (ex is BundleFormatException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return Reject(hash, folderStamp, bundleFiles, ex);
        }

        if (stopping.IsCancellationRequested)
        {
            // Loaded just before Dispose canceled the load: Dispose swaps nothing in.
            ReloadLog.Canceled(_logger, ManifestPath);
            return null;
        }

        if (_requiredLabels is { } required && LabelDifference(next.Labels, required) is { } difference)
        {
            return Reject(hash, folderStamp, bundleFiles, new BundleFormatException(ManifestPath, $"the new bundle's labels differ from those this classifier must keep: {difference}"));
        }

        // The one write that swaps models: calls already running hold the old instance and finish on it. Swaps are
        // made under the reload lock, so the generation read here is the latest.
        long generation = _serving.Generation + 1;
        _serving = new Serving(next, generation);
        _loadedManifestHash = hash;
        _rejected = null;
        TextClassificationTelemetry.RecordReload(succeeded: true, _modelTag);
        ReloadLog.Loaded(_logger, ManifestPath, generation, next.Labels.Count);
        return new ModelReloadEventArgs(ManifestPath, next, error: null, generation);
    }

    private ModelReloadEventArgs Reject(byte[] hash, long folderStamp, HashSet<string>? bundleFiles, Exception error)
    {
        _rejected = new RejectedBundle(hash, folderStamp, bundleFiles, error);
        TextClassificationTelemetry.RecordReload(succeeded: false, _modelTag);
        ReloadLog.Rejected(_logger, error, ManifestPath, Generation);

        // A file that arrived while the bundle was read, before the rejection was set, had its event ignored: the
        // folder listing tells, and the watcher's quiet period is started again as that event would have.
        // (A listing that fails does not count: the retry would fail alike, and be logged, every quiet period.)
        if (TryFolderStamp(bundleFiles, out long now) && now != folderStamp)
        {
            RestartQuietPeriod();
        }

        return new ModelReloadEventArgs(ManifestPath, model: null, error, Generation);
    }

    /// <summary>A model and its generation.</summary>
    private sealed record Serving(TextClassifier Model, long Generation);

    /// <summary>A rejected manifest (its SHA-256), the folder listing it was rejected with, the names of the files it is
    /// made of (the manifest and the files it names; null where the manifest could not be read: every file counts), and
    /// why it was rejected.</summary>
    private sealed record RejectedBundle(byte[] ManifestHash, long FolderStamp, HashSet<string>? Files, Exception Error)
    {
        /// <summary>Whether a file of this name may change what a retry finds.</summary>
        public bool Concerns(string? name) => Files is null || (name is not null && Files.Contains(name));
    }

    // The manifest's name and the names of the files the manifest names now; null where it cannot be read as one.
    private HashSet<string>? BundleFileNames()
    {
        try
        {
            var names = new HashSet<string>(ModelBundle.ReadManifest(ManifestPath).Files.Keys, StringComparer.Ordinal) { ModelBundle.ManifestFileName };
            return names;
        }
        catch (Exception ex) when (ex is BundleFormatException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Null when <paramref name="actual"/> is <paramref name="required"/> (same labels, same order); else the
    /// differences in words.</summary>
    private static string? LabelDifference(IReadOnlyList<string> actual, IReadOnlyList<string> required)
    {
        int differs = LabelMismatch.FirstDifference(actual, required);
        if (differs < 0)
        {
            return null;
        }

        (List<string> added, List<string> missing) = LabelMismatch.Compare(actual, required);
        return missing.Count == 0 && added.Count == 0
            ? $"the same labels in another order ({LabelMismatch.AtIndex(actual, required, differs, "the required labels")})"
            : $"missing {LabelMismatch.List(missing)}, new {LabelMismatch.List(added)}";
    }

    /// <summary>A fingerprint of the bundle folder's listing: every file's name, size and last write time (of the files
    /// named in <paramref name="only"/>, when given), and for a symbolic link also the path, size and time of the file
    /// it leads to.</summary>
    private long FolderStamp(HashSet<string>? only) =>
        // The folder is changing under us: a stamp that matches nothing makes the next check try again.
        TryFolderStamp(only, out long stamp) ? stamp : Environment.TickCount64;

    private bool TryFolderStamp(HashSet<string>? only, out long folderStamp)
    {
        var stamp = new HashCode();
        try
        {
            foreach (FileInfo entry in new DirectoryInfo(Path.GetDirectoryName(ManifestPath)!).EnumerateFiles().OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                if (only is not null && !only.Contains(entry.Name))
                {
                    continue;
                }

                stamp.Add(entry.Name, StringComparer.Ordinal);
                stamp.Add(entry.Length);
                stamp.Add(entry.LastWriteTimeUtc.Ticks);
                if (entry.LinkTarget is not null)
                {
                    AddLinkTarget(ref stamp, entry);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            folderStamp = 0;
            return false;
        }

        folderStamp = stamp.ToHashCode();
        return true;
    }

    // A link's own size and time (added above) stay when the file it leads to is put right, or when a folder link on
    // its way is re-pointed (a Kubernetes ConfigMap's ..data): the target's are added too.
    private static void AddLinkTarget(ref HashCode stamp, FileInfo link)
    {
        FileInfo file;
        try
        {
            file = FileTarget.Of(link.FullName);
        }
        catch (IOException)
        {
            // Links in a circle: nothing more to add (a changing mark would retry a rejected bundle every poll).
            return;
        }

        stamp.Add(file.FullName, StringComparer.Ordinal);
        if (file.Exists)
        {
            stamp.Add(file.Length);
            stamp.Add(file.LastWriteTimeUtc.Ticks);
        }
    }

    private static byte[] HashManifest(string manifestPath)
    {
        if (!File.Exists(manifestPath))
        {
            throw new FileNotFoundException($"The bundle manifest '{manifestPath}' does not exist.", manifestPath);
        }

        // Streamed, and only up to one byte past the manifest limit: a file too large to be a manifest (another file
        // given as the model) is refused by the load that follows. File.ReadAllBytes threw "The file is too long" past
        // 2 GB; a whole-file hash read a large one through first, and /dev/zero for ever (review 49d). A file past the
        // limit hashes as its first bytes, which no manifest within it matches.
        using FileStream stream = new(manifestPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = new byte[1 << 16];
        long left = ModelBundle.MaxManifestBytes + 1;
        for (int read; left > 0 && (read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left))) > 0; left -= read)
        {
            hash.AppendData(buffer, 0, read);
        }

        return hash.GetHashAndReset();
    }
}
