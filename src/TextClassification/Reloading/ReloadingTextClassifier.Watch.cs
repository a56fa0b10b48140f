using TextClassification.Bundles;

namespace TextClassification.Reloading;

/// <content>Noticing changes: a debounced <see cref="FileSystemWatcher"/> on the bundle folder plus polling.</content>
public sealed partial class ReloadingTextClassifier
{
    private readonly Timer _debounce;
    private FileSystemWatcher? _watcher;
    private Timer? _poll;

    private void StartWatching()
    {
        string folder = Path.GetDirectoryName(ManifestPath)!;
        if (_options.UseFileSystemWatcher)
        {
            try
            {
                // No name filter: a save moves the manifest in from a staging folder (a Created event on Linux) or
                // renames it in place (Renamed); both are matched by name below.
                var watcher = new FileSystemWatcher(folder)
                {
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
                    IncludeSubdirectories = false,
                };
                watcher.Changed += OnFileEvent;
                watcher.Created += OnFileEvent;
                watcher.Renamed += OnFileEvent;
                watcher.Error += OnWatcherError;
                watcher.EnableRaisingEvents = true;
                _watcher = watcher;
            }
            catch (Exception ex) when (ex is IOException or ArgumentException or PlatformNotSupportedException or UnauthorizedAccessException)
            {
                // Out of inotify watches, or a file system without notifications: polling still works.
                ReloadLog.WatcherFailed(_logger, ex, folder);
            }
        }

        TimeSpan interval = _options.PollInterval;
        if (interval > TimeSpan.Zero && interval != Timeout.InfiniteTimeSpan)
        {
            _poll = new Timer(static state => ((ReloadingTextClassifier)state!).OnTimer(), this, interval, interval);
        }
    }

    private void StopWatching()
    {
        _watcher?.Dispose();
        _poll?.Dispose();
        _debounce.Dispose();
    }

    private void OnFileEvent(object sender, FileSystemEventArgs e)
    {
        bool manifest = IsManifest(e.Name) || (e is RenamedEventArgs renamed && IsManifest(renamed.OldName));
        if (!manifest || _disposed)
        {
            return;
        }

        try
        {
            // Every event restarts the quiet period; the timer fires once after the last one.
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
        }
        catch (Exception ex)
        {
            // A timer thread must not throw (it would end the process); an unexpected failure is logged and the
            // next event or poll tries again.
            ReloadLog.Unreadable(_logger, ManifestPath, ex.Message);
        }
    }

    private static bool IsManifest(string? name) =>
        name is not null && string.Equals(Path.GetFileName(name), ModelBundle.ManifestFileName, StringComparison.Ordinal);
}
