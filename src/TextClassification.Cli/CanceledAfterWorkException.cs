namespace TextClassification.Cli;

/// <summary>
/// Ctrl+C (or a termination signal) after a command's main work, while it writes its outputs (metrics file, report):
/// it stops there, exit code 130, saying what was already done. The signal had been swallowed: the command went on
/// writing every output and exited 0.
/// </summary>
internal sealed class CanceledAfterWorkException : OperationCanceledException
{
    private CanceledAfterWorkException(string? done, CancellationToken cancellationToken)
        : base("canceled after the command's main work", cancellationToken)
    {
        Done = done;
    }

    /// <summary>What the command had done (e.g. saved the bundle, evaluated), for the message; null for "its main work".</summary>
    public string? Done { get; }

    /// <summary>Throws when <paramref name="cancellationToken"/> was canceled.</summary>
    /// <param name="cancellationToken">Canceled by Ctrl+C or SIGTERM.</param>
    /// <param name="done">What the command had done, for the message; null for "its main work".</param>
    public static void ThrowIfCanceled(CancellationToken cancellationToken, string? done = null)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            throw new CanceledAfterWorkException(done, cancellationToken);
        }
    }
}
