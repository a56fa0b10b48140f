using Microsoft.Extensions.Logging;

namespace TextClassification.Reloading;

/// <summary>How a <see cref="ReloadingTextClassifier"/> notices a replaced bundle and where it reports.</summary>
public sealed class ReloadingTextClassifierOptions
{
    /// <summary>Watch the bundle folder with a <see cref="FileSystemWatcher"/> (default true). Changes then load after
    /// <see cref="Debounce"/>; the polling below catches what a watcher misses (network shares, containers, a
    /// replaced folder, an overflowed event queue).</summary>
    public bool UseFileSystemWatcher { get; set; } = true;

    /// <summary>Quiet time after the last file-system event before the manifest is read (default 250 ms), so a burst
    /// of events from one save causes one reload.</summary>
    public TimeSpan Debounce { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often the manifest is compared with the loaded one regardless of events (default 2 s);
    /// <see cref="TimeSpan.Zero"/> or <see cref="Timeout.InfiniteTimeSpan"/> turns polling off.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Where reloads and rejected bundles are logged; nothing is logged when null.</summary>
    public ILogger? Logger { get; set; }

    /// <summary>A copy that later changes to this instance do not reach.</summary>
    internal ReloadingTextClassifierOptions Snapshot() => (ReloadingTextClassifierOptions)MemberwiseClone();
}
