namespace TextClassification.Cli;

/// <summary>The streams a command talks to, and whether they are interactive terminals.</summary>
/// <param name="Out">Results (tables, predictions, JSON).</param>
/// <param name="Error">Errors, warnings and training progress.</param>
/// <param name="In">Texts to classify when <c>predict</c> gets none as arguments.</param>
/// <param name="OutIsTerminal">True when <paramref name="Out"/> is the process's standard output and a terminal.</param>
/// <param name="ErrorIsTerminal">True when <paramref name="Error"/> is the process's standard error and a terminal.</param>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, TextReader In, bool OutIsTerminal, bool ErrorIsTerminal)
{
    /// <summary>True when <see cref="In"/> is the process's standard input and a terminal (someone typing).</summary>
    public bool InIsTerminal { get; init; }

    /// <summary>Whether the reader of <see cref="Out"/> has gone (a pipe whose reading end closed), for commands that
    /// would otherwise write on without end (<c>predict</c> on a stream); null where nothing tells (tests' writers,
    /// Windows, a terminal).</summary>
    public Func<bool>? OutReaderGone { get; init; }

    /// <summary>Progress bars are drawn only when both output streams are terminals (never in CI logs or pipes).</summary>
    public bool ShowsProgressBar => OutIsTerminal && ErrorIsTerminal;

    /// <summary>Creates the console for the given writers, detecting whether they are the real, unredirected console.</summary>
    public static CliConsole For(TextWriter stdout, TextWriter stderr, TextReader stdin) =>
        For(stdout, stderr, stdin, new Redirection(Console.IsOutputRedirected, Console.IsErrorRedirected, Console.IsInputRedirected));

    /// <summary>Creates the console for the given writers, which are terminals where they are the console's own (also
    /// inside the <see cref="ConsoleStreamWriter"/> the program wraps them in) and <paramref name="redirected"/> says
    /// the process's stream is not redirected. The wrapped standard output had counted as no terminal, so a terminal
    /// got no progress bar and plain tables.</summary>
    internal static CliConsole For(TextWriter stdout, TextWriter stderr, TextReader stdin, Redirection redirected)
    {
        bool outIsTerminal = IsConsoles(stdout, Console.Out) && !redirected.Output;
        bool errorIsTerminal = IsConsoles(stderr, Console.Error) && !redirected.Error;
        return new CliConsole(stdout, stderr, stdin, outIsTerminal, errorIsTerminal)
        {
            InIsTerminal = ReferenceEquals(stdin, Console.In) && !redirected.Input,
        };
    }

    // Whether writer is the console's own writer, or wraps it.
    private static bool IsConsoles(TextWriter writer, TextWriter console) =>
        ReferenceEquals(writer is ConsoleStreamWriter wrapper ? wrapper.Inner : writer, console);

    /// <summary>Which of the process's standard streams are redirected (a file or a pipe rather than a terminal).</summary>
    /// <param name="Output">Standard output.</param>
    /// <param name="Error">Standard error.</param>
    /// <param name="Input">Standard input.</param>
    internal readonly record struct Redirection(bool Output, bool Error, bool Input);
}
