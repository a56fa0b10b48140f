using Microsoft.Extensions.Logging;

namespace TextClassification.Reloading;

/// <summary>How a <see cref="ReloadingTextClassifier"/> notices a replaced bundle and where it reports.</summary>
public sealed class ReloadingTextClassifierOptions
{
    /// <summary>Watch the bundle folder with a <see cref="FileSystemWatcher"/> (default true). Changes then load after
    /// <see cref="Debounce"/>; the polling below catches what a watcher misses (network shares, containers, a
    /// replaced folder, an overflowed event queue, a re-pointed symbolic link: see <see cref="PollInterval"/>).</summary>
    public bool UseFileSystemWatcher { get; set; } = true;

    /// <summary>Quiet time after the last file-system event before the manifest is read (default 250 ms), so a burst
    /// of events from one save causes one reload.</summary>
    public TimeSpan Debounce { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often the manifest is compared with the loaded one regardless of events (default 2 s);
    /// <see cref="TimeSpan.Zero"/> or <see cref="Timeout.InfiniteTimeSpan"/> turns polling off.</summary>
    /// <remarks>Keep polling on when models are switched by re-pointing a symbolic link on the way to the bundle: a
    /// release link above it (<c>current -> releases/2</c>, swapped by <c>ln -s releases/2 tmp &amp;&amp; mv -T tmp
    /// current</c>), or the <c>..data</c> link of a Kubernetes ConfigMap or Secret volume, whose files are links through
    /// it. The watcher stays on the folder it opened and no event names the manifest, so such a switch is noticed by
    /// polling only; with polling off the old model serves until the process restarts.</remarks>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Where reloads and rejected bundles are logged; nothing is logged when null.</summary>
    public ILogger? Logger { get; set; }

    /// <summary>The model's name in the <c>model</c> tag of the reload counter
    /// (<see cref="Diagnostics.TextClassificationTelemetry.ReloadsInstrument"/>), so a host serving several models
    /// can tell which one reloaded or had a bundle rejected. Null (the default): the bundle folder's full path.
    /// <c>AddKeyedTextClassifier</c> sets it to the service key's text when it is null.</summary>
    public string? ModelName { get; set; }

    /// <summary>Tests only: run by <c>Create</c> between the manifest's hash and the first load, where a save may
    /// land.</summary>
    internal Action? BeforeFirstLoad { get; set; }

    // The longest due time a System.Threading.Timer takes (uint.MaxValue − 1 ms, about 49.7 days).
    private const double MaxTimerMilliseconds = 4294967294;

    /// <summary>A copy that later changes to this instance do not reach.</summary>
    internal ReloadingTextClassifierOptions Snapshot() => (ReloadingTextClassifierOptions)MemberwiseClone();

    /// <summary>Refuses timer settings out of range: the timers take them on the file watcher's thread, where a throw
    /// would end the process.</summary>
    internal void Validate(string paramName)
    {
        if (Debounce < TimeSpan.Zero || Debounce.TotalMilliseconds > MaxTimerMilliseconds)
        {
            throw new ArgumentOutOfRangeException(paramName, Debounce, "ReloadingTextClassifierOptions.Debounce must be zero or more (and under 49 days).");
        }

        if ((PollInterval < TimeSpan.Zero && PollInterval != Timeout.InfiniteTimeSpan) || PollInterval.TotalMilliseconds > MaxTimerMilliseconds)
        {
            throw new ArgumentOutOfRangeException(paramName, PollInterval, "ReloadingTextClassifierOptions.PollInterval must be zero or more (zero or Timeout.InfiniteTimeSpan turns polling off; under 49 days).");
        }
    }
}
