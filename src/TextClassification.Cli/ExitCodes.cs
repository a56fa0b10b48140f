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
}
