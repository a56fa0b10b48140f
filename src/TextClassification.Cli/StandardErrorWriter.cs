namespace TextClassification.Cli;

/// <summary>
/// The process's standard error, written as far as it takes writes: once a write fails (closed with <c>2&gt;&amp;-</c>,
/// a log file on a full disk, <c>2&gt;/dev/full</c>) the rest of the messages are dropped and the command goes on, its
/// exit code saying how it ended. Before, the first progress line or error message that could not be written ended
/// the process with an unhandled exception (SIGABRT, exit code 134): <c>train</c> stopped before saving its bundle.
/// </summary>
internal sealed class StandardErrorWriter(TextWriter inner) : ConsoleStreamWriter(inner)
{
    private volatile bool _failed;

    /// <inheritdoc/>
    protected override bool Dropping => _failed;

    /// <inheritdoc/>
    protected override void Failed(Exception ex) => _failed = true;
}
