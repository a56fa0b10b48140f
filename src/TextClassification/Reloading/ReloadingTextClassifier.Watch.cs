using TextClassification.Bundles;

namespace TextClassification.Reloading;

/// <content>Noticing changes: a debounced <see cref="FileSystemWatcher"/> on the bundle folder (and one on its parent
/// for the folder itself being replaced) plus polling.</content>
public sealed partial class ReloadingTextClassifier
{
    private readonly Timer _debounce;
    private readonly Lock _watchGate = new();
    private FileSystemWatcher? _watcher;
    private FileSystemWatcher? _parentWatcher;
    private Timer? _poll;

    // 1 while the checks on the timer throw something unexpected (the first logged as an error). Exchanged atomically:
    // timer callbacks may overlap, and two first failures had both been errors.
    private int _timerFailing;

    private void StartWatching()
    {
        string folder = Path.GetDirectoryName(ManifestPath)!;
        if (_options.UseFileSystemWatcher)
        {
            _watcher = WatchFolder(folder);
            _parentWatcher = WatchParent(folder);
        }

        TimeSpan interval = _options.PollInterval;
        if (interval > TimeSpan.Zero && interval != Timeout.InfiniteTimeSpan)
        {
            _poll = new Timer(static state => ((ReloadingTextClassifier)state!).OnTimer(), this, interval, interval);
        }
    }

    // No name filter: a save moves the manifest in from a staging folder (a Created event on Linux) or renames it in
    // place (Renamed); both are matched by name in OnFileEvent.
    private FileSystemWatcher? WatchFolder(string folder) =>
        Watch(folder, filter: null, NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime, watcher =>
        {
            watcher.Changed += OnFileEvent;
            watcher.Created += OnFileEvent;
            watcher.Renamed += OnFileEvent;
            watcher.Error += OnWatcherError;
        });

    /// <summary>A watcher on the bundle folder stays on the folder it opened: one deleted and made again, or replaced by
    /// a rename or a symbolic link, sent no more events (an outside user found that with polling off no later save
    /// was loaded, and with it every reload waited for the poll). The parent folder is watched for the bundle
    /// folder's name, and a new folder of that name gets a new watcher and a reload.</summary>
    private FileSystemWatcher? WatchParent(string folder)
    {
        string? parent = Path.GetDirectoryName(folder);
        string name = Path.GetFileName(folder);
        return parent is null || name.Length == 0
            ? null
            : Watch(parent, name, NotifyFilters.DirectoryName | NotifyFilters.FileName, watcher =>
            {
                watcher.Created += OnFolderReplaced;
                watcher.Renamed += OnFolderReplaced;
            });
    }

    // A started watcher on `folder`, or null where none can be had (out of inotify watches, a file system without
    // notifications, the folder gone): logged, and polling still works.
    private FileSystemWatcher? Watch(string folder, string? filter, NotifyFilters notifyFilter, Action<FileSystemWatcher> subscribe)
    {
        FileSystemWatcher? watcher = null;
        try
        {
            watcher = filter is null ? new FileSystemWatcher(folder) : new FileSystemWatcher(folder, filter);
            watcher.NotifyFilter = notifyFilter;
            watcher.IncludeSubdirectories = false;
            subscribe(watcher);
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            watcher?.Dispose();
            ReloadLog.WatcherFailed(_logger, ex, folder);
            return null;
        }
    }

    private void OnFolderReplaced(object sender, FileSystemEventArgs e)
    {
        string folder = Path.GetDirectoryName(ManifestPath)!;
        lock (_watchGate)
        {
            if (_disposed)
            {
                return;
            }

            FileSystemWatcher? old = _watcher;
            _watcher = Directory.Exists(folder) ? WatchFolder(folder) : null;
            old?.Dispose();
        }

        // The manifest may already be in place: read it after the quiet period, as for any save.
        OnFileEvent(sender, new FileSystemEventArgs(WatcherChangeTypes.Changed, folder, ModelBundle.ManifestFileName));
    }

    private void StopWatching()
    {
        lock (_watchGate)
        {
            _parentWatcher?.Dispose();
            _watcher?.Dispose();
        }

        _poll?.Dispose();
        _debounce.Dispose();
    }

    private void OnFileEvent(object sender, FileSystemEventArgs e)
    {
        // A save replaces the manifest last, so its events are the ones that matter. But while a bundle is rejected,
        // the files its manifest names may be the ones it waited for: a copy over the folder (whose order is arbitrary)
        // that put the manifest in before the weight files was rejected for their absence, and with polling off nothing
        // else retried it when they came. The retry is cheap (the manifest hashed and read, the folder listed; the
        // bundle is loaded only when those files changed). Other files' events are left alone: files written beside
        // the bundle all the time (a log) would keep restarting the quiet period (a review: holding the retry back for
        // as long as the log is written) and hold a save's reload back.
        bool manifest = IsManifest(e.Name) || (e is RenamedEventArgs renamed && IsManifest(renamed.OldName));
        bool waitedFor = _rejected is { } rejected && (rejected.Concerns(e.Name) || (e is RenamedEventArgs moved && rejected.Concerns(moved.OldName)));
        if ((!manifest && !waitedFor) || _disposed)
        {
            return;
        }

        RestartQuietPeriod();
    }

    /// <summary>Every event restarts the quiet period; the timer fires once after the last one. Without watching there
    /// are no events to stand in for, and nothing is started (a caller of <see cref="Reload"/> decides when).</summary>
    private void RestartQuietPeriod()
    {
        if (!_options.UseFileSystemWatcher || _disposed)
        {
            return;
        }

        try
        {
            _debounce.Change(_options.Debounce, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Disposed between the check and the call.
        }
    }

    private void OnWatcherError(object sender, ErrorEventArgs e)
    {
        ReloadLog.WatcherFailed(_logger, e.GetException(), Path.GetDirectoryName(ManifestPath)!);

        // An overflowed queue may have dropped the manifest's event: check now rather than wait for the poll.
        OnFileEvent(sender, new FileSystemEventArgs(WatcherChangeTypes.Changed, Path.GetDirectoryName(ManifestPath)!, ModelBundle.ManifestFileName));
    }

    private void OnTimer()
    {
        try
        {
            Reload();
            Volatile.Write(ref _timerFailing, 0);
        }
        catch (Exception ex)
        {
            // A timer thread must not throw (it would end the process); an unexpected failure is logged, with its
            // exception, and the next event or poll tries again. It had been logged as a manifest that cannot be read
            // (a warning, the message alone): a bug looked like a file being replaced and its stack was lost. Said
            // once as an error, then at Debug while it goes on, as an unreadable manifest is.
            if (Interlocked.Exchange(ref _timerFailing, 1) == 0)
            {
                ReloadLog.CheckFailed(_logger, ex, ManifestPath, Generation);
            }
            else
            {
                ReloadLog.StillFailing(_logger, ex, ManifestPath);
            }
        }
    }

    private static bool IsManifest(string? name) =>
        name is not null && string.Equals(Path.GetFileName(name), ModelBundle.ManifestFileName, StringComparison.Ordinal);
}
