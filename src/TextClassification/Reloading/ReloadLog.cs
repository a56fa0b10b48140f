using Microsoft.Extensions.Logging;

namespace TextClassification.Reloading;

/// <summary>The log lines of <see cref="ReloadingTextClassifier"/> (source-generated, no boxing or formatting when
/// the level is off).</summary>
internal static partial class ReloadLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Loaded model {ManifestPath} (generation {Generation}, {LabelCount} labels)")]
    public static partial void Loaded(ILogger logger, string manifestPath, long generation, int labelCount);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Rejected the new bundle at {ManifestPath}; generation {Generation} keeps serving")]
    public static partial void Rejected(ILogger logger, Exception error, string manifestPath, long generation);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Cannot read the manifest {ManifestPath} now ({Reason}); will retry")]
    public static partial void Unreadable(ILogger logger, string manifestPath, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "The manifest {ManifestPath} is still unreadable ({Reason}); will retry")]
    public static partial void StillUnreadable(ILogger logger, string manifestPath, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "The file-system watcher on {Folder} failed; polling continues")]
    public static partial void WatcherFailed(ILogger logger, Exception error, string folder);

    [LoggerMessage(EventId = 7, Level = LogLevel.Debug, Message = "Stopped loading {ManifestPath}: the classifier was disposed")]
    public static partial void Canceled(ILogger logger, string manifestPath);

    [LoggerMessage(EventId = 8, Level = LogLevel.Error, Message = "Checking {ManifestPath} for a new bundle failed unexpectedly; generation {Generation} keeps serving and the next change or poll tries again")]
    public static partial void CheckFailed(ILogger logger, Exception error, string manifestPath, long generation);

    [LoggerMessage(EventId = 9, Level = LogLevel.Debug, Message = "Checking {ManifestPath} for a new bundle still fails; will retry")]
    public static partial void StillFailing(ILogger logger, Exception error, string manifestPath);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "A Reloaded event handler ({Handler}) threw after generation {Generation} of {ManifestPath}; the reload stands and the other handlers ran")]
    public static partial void HandlerFailed(ILogger logger, Exception error, string handler, long generation, string manifestPath);
}
