namespace TextClassification.Cli;

/// <summary>Process exit codes of <c>textclf</c>.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>Bad input data, a bad or missing model bundle, or an I/O error; the message says which file.</summary>
    public const int Failure = 1;

    /// <summary>The command line itself is wrong (unknown option, missing argument, conflicting options).</summary>
    public const int Usage = 2;

    /// <summary>Stopped by Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Canceled = 130;

    /// <summary>Stopped by SIGTERM (128 + SIGTERM, as shells report a process it ended): <c>docker stop</c>,
    /// systemd and <c>kill</c> see the code they expect of a process that stopped on their signal.</summary>
    public const int Terminated = 143;

    /// <summary><c>predict</c> reading standard input stopped because its piped output had no reader any more
    /// (<c>textclf predict … | head -1</c>): without a message, as a process that SIGPIPE ended (128 + 13).</summary>
    public const int OutputClosed = 141;
}
