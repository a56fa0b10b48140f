using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace TextClassification.Cli;

/// <summary>The <c>textclf</c> application, callable in-process (tests pass their own writers and reader).</summary>
internal static class CliApp
{
    /// <summary>Runs one command line and returns its exit code (see <see cref="ExitCodes"/>).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, TextReader stdin) =>
        RunAsync(args, stdout, stderr, stdin, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Runs one command line; <paramref name="cancellationToken"/> stops training or prediction cleanly.</summary>
    /// <param name="outReaderGone">Whether the reader of <paramref name="stdout"/> has gone
    /// (<see cref="CliConsole.OutReaderGone"/>); null when nothing tells.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, TextReader stdin, CancellationToken cancellationToken, Func<bool>? outReaderGone = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        CliConsole console = CliConsole.For(stdout, stderr, stdin) with { OutReaderGone = outReaderGone };
        RootCommand root = CreateRootCommand(console);

        // No response files: a text to classify such as "@team" must stay a text, not name a file to read.
        ParseResult parseResult = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        (string Token, bool IsText)? unknownOption = AsksForHelpOrVersion(parseResult) ? null : UnknownOption(parseResult);
        if (unknownOption is { } unknown)
        {
            // Reported before System.CommandLine's own errors, which follow from it ("Required argument missing" when
            // '--bogus' took the bundle folder's place).
            string hint = unknown.IsText
                ? "To classify a text that starts with '-', put it after '--'."
                : $"To name a file or folder that starts with '-', put it after '--' or write ./{unknown.Token}.";
            string message = $"Unrecognized option '{unknown.Token}'. {hint}{NearestOption(parseResult, unknown.Token)}";
            return await UsageErrorAsync(stderr, message, parseResult).ConfigureAwait(false);
        }

        if (!AsksForHelpOrVersion(parseResult) && FlagGivenAValue(parseResult.CommandResult.Command, args) is { } flag)
        {
            // "--json=true" is split into the flag and a word the command takes as a text to classify.
            return await UsageErrorAsync(stderr, $"{flag.Name} takes no value; got '{flag.Token}'.", parseResult).ConfigureAwait(false);
        }

        if (parseResult.Action is ParseErrorAction && UnknownCommand(parseResult) is { } command)
        {
            // The words after a mistyped command are its arguments, not mistakes of their own: named alone, with the
            // command nearest it.
            string message = $"Unrecognized command or argument '{command}'.{NearestCommand(root, command)}";
            await stderr.WriteLineAsync(MSBuildErrorFormat.IsRequested ? MSBuildErrorFormat.Usage(message) : $"error: {message}").ConfigureAwait(false);
            await stderr.WriteLineAsync("Run 'textclf --help' for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (parseResult.Action is ParseErrorAction)
        {
            HashSet<string> valuesOfUnknownOptions = ValuesOfUnknownOptions(parseResult);
            foreach (System.CommandLine.Parsing.ParseError error in parseResult.Errors)
            {
                if (parseResult.Errors.Count > 1 && error.Message == MissingCommandMessage)
                {
                    // "textclf foo": the unrecognized 'foo' is the error to read; that no command was given follows from it.
                    continue;
                }

                string message = WithOptionName(error);
                if (UnrecognizedToken(error) is { } token)
                {
                    if (valuesOfUnknownOptions.Contains(token))
                    {
                        // "train data.tsv --epoch 3" also said "Unrecognized command or argument '3'", a second mistake to
                        // the reader: the value goes with the option named below or above.
                        continue;
                    }

                    if (LooksLikeOption(token))
                    {
                        message = $"Unrecognized option '{token}'.{NearestOption(parseResult, token)}";
                    }
                }

                await stderr.WriteLineAsync(MSBuildErrorFormat.IsRequested ? MSBuildErrorFormat.Usage(message) : $"error: {message}").ConfigureAwait(false);
            }

            string commandPath = CommandPath(parseResult.CommandResult.Command);
            await stderr.WriteLineAsync($"Run '{commandPath} --help' for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var invocation = new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            // Program.Main turns Ctrl+C into the token; tests must not install process-wide signal handlers.
            ProcessTerminationTimeout = null,
        };
        int exitCode = await parseResult.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        return exitCode;
    }

    // A usage error of the command parsed, as System.CommandLine's own are printed: exit 2.
    private static async Task<int> UsageErrorAsync(TextWriter stderr, string message, ParseResult parseResult)
    {
        await stderr.WriteLineAsync(MSBuildErrorFormat.IsRequested ? MSBuildErrorFormat.Usage(message) : $"error: {message}").ConfigureAwait(false);
        await stderr.WriteLineAsync($"Run '{CommandPath(parseResult.CommandResult.Command)} --help' for usage.").ConfigureAwait(false);
        return ExitCodes.Usage;
    }

    /// <summary>An option of <paramref name="command"/> that takes no value (predict's <c>--json</c>) written with one in
    /// the same word, <c>--json=true</c> or <c>--json:true</c>, before a <c>--</c> separator: its name and the word, or
    /// null. The parser splits such a word into the flag and a positional argument (a text to classify).</summary>
    private static (string Name, string Token)? FlagGivenAValue(Command command, string[] args)
    {
        foreach (string arg in args)
        {
            if (arg == "--")
            {
                return null;
            }

            int separator = arg.AsSpan().IndexOfAny('=', ':');
            if (separator < 2 || arg[0] != '-')
            {
                continue;
            }

            string name = arg[..separator];
            foreach (Option option in command.Options)
            {
                if (option.Arity.MaximumNumberOfValues == 0 && (option.Name == name || option.Aliases.Contains(name)))
                {
                    return (option.Name, arg);
                }
            }
        }

        return null;
    }

    // The first word of the command line where it names no command (and is no option): "textclf trian data.tsv".
    private static string? UnknownCommand(ParseResult parseResult) =>
        parseResult.CommandResult.Command is RootCommand
        && parseResult.Tokens is [{ Type: System.CommandLine.Parsing.TokenType.Argument } first, ..]
        && !LooksLikeOption(first.Value)
        && parseResult.UnmatchedTokens.Contains(first.Value)
            ? first.Value
            : null;

    // --help and --version answer whatever else the command line holds.
    private static bool AsksForHelpOrVersion(ParseResult parseResult) =>
        parseResult.CommandResult.Children.Any(child => child is System.CommandLine.Parsing.OptionResult { Option: HelpOption or VersionOption });

    /// <summary>
    /// A token that looks like an option (<c>--jsn</c>, <c>--bogus</c>) but names none of the command's is taken by
    /// System.CommandLine for a positional argument when one is free: a bundle folder, a data file or a text to classify,
    /// which would then fail as a missing file (exit 1) or be classified. Returns the first such token before a <c>--</c>
    /// separator, and whether it took the place of a text, or null. A lone <c>-</c> (standard input) is no option.
    /// </summary>
    private static (string Token, bool IsText)? UnknownOption(ParseResult parseResult)
    {
        var positional = new Dictionary<System.CommandLine.Parsing.Token, Argument>(ReferenceEqualityComparer.Instance);
        foreach (System.CommandLine.Parsing.SymbolResult child in parseResult.CommandResult.Children)
        {
            if (child is System.CommandLine.Parsing.ArgumentResult argument)
            {
                foreach (System.CommandLine.Parsing.Token token in argument.Tokens)
                {
                    positional[token] = argument.Argument;
                }
            }
        }

        foreach (System.CommandLine.Parsing.Token token in parseResult.Tokens)
        {
            if (token.Type == System.CommandLine.Parsing.TokenType.DoubleDash)
            {
                return null;
            }

            if (token.Value.Length > 1 && token.Value[0] == '-' && positional.TryGetValue(token, out Argument? taken))
            {
                return (token.Value, taken.Name == PredictCommand.TextsArgumentName);
            }
        }

        return null;
    }

    // System.CommandLine's message (English only) for a token nothing took: the token, or null for another error.
    private static string? UnrecognizedToken(System.CommandLine.Parsing.ParseError error)
    {
        const string Prefix = "Unrecognized command or argument '";
        return error.Message.StartsWith(Prefix, StringComparison.Ordinal) && error.Message.EndsWith("'.", StringComparison.Ordinal)
            ? error.Message[Prefix.Length..^2]
            : null;
    }

    private static bool LooksLikeOption(string token) => token.Length > 1 && token[0] == '-';

    // The unmatched words right after an unmatched option (before a '--' separator): the values of an option misspelt.
    private static HashSet<string> ValuesOfUnknownOptions(ParseResult parseResult)
    {
        var unmatched = new HashSet<string>(parseResult.UnmatchedTokens, StringComparer.Ordinal);
        var values = new HashSet<string>(StringComparer.Ordinal);
        IReadOnlyList<System.CommandLine.Parsing.Token> tokens = parseResult.Tokens;
        for (int i = 0; i + 1 < tokens.Count && tokens[i].Type != System.CommandLine.Parsing.TokenType.DoubleDash; i++)
        {
            string next = tokens[i + 1].Value;
            if (LooksLikeOption(tokens[i].Value) && unmatched.Contains(tokens[i].Value) && !LooksLikeOption(next) && unmatched.Contains(next)
                && tokens[i + 1].Type != System.CommandLine.Parsing.TokenType.DoubleDash)
            {
                values.Add(next);
            }
        }

        return values;
    }

    /// <summary>" Did you mean --epochs?" for a misspelt option (an edit or two from one of the command's options, the
    /// nearest alone) or one cut short (the start of one option's name alone), else empty.</summary>
    internal static string NearestOption(ParseResult parseResult, string token)
    {
        string typed = token.Split('=', ':')[0];
        // A name cut short ('--multi-label' for --multi-label-delimiter) is many edits away: the one option it starts.
        return DidYouMean(
            typed,
            parseResult.CommandResult.Command.Options.Select(option => (option.Name, option.Aliases.Prepend(option.Name))),
            typed.StartsWith("--", StringComparison.Ordinal) ? 5 : int.MaxValue);
    }

    /// <summary>" Did you mean train?" for a misspelt command ('trian', 'evl') or one cut short ('pred'), as
    /// <see cref="NearestOption"/> does for options; else empty.</summary>
    internal static string NearestCommand(Command root, string typed) =>
        DidYouMean(typed, root.Subcommands.Select(command => (command.Name, command.Aliases.Prepend(command.Name))), shortestPrefix: 3);

    // The one candidate nearest typed (fewer edits than half its spelling's length, the nearest alone), or else the one
    // whose name starts with typed where it is at least shortestPrefix long: " Did you mean <name>?", else empty.
    private static string DidYouMean(string typed, IEnumerable<(string Name, IEnumerable<string> Spellings)> candidates, int shortestPrefix)
    {
        var nearest = new List<string>(2);
        var names = new List<string>();
        int best = 3;
        foreach ((string candidate, IEnumerable<string> spellings) in candidates)
        {
            names.Add(candidate);
            foreach (string name in spellings)
            {
                int distance = EditDistance(typed, name);
                if (distance >= name.Length / 2)
                {
                    continue;
                }

                if (distance < best)
                {
                    (best, nearest) = (distance, [candidate]);
                }
                else if (distance == best && !nearest.Contains(candidate))
                {
                    nearest.Add(candidate);
                }
            }
        }

        if (nearest.Count == 0 && typed.Length >= shortestPrefix)
        {
            nearest = [.. names.Where(name => name.StartsWith(typed, StringComparison.OrdinalIgnoreCase)).Distinct()];
        }

        return nearest.Count == 1 ? $" Did you mean {nearest[0]}?" : string.Empty;
    }

    // Edit distance with two neighbouring letters swapped counting as one edit (optimal string alignment), letter case
    // ignored: 'trian' is one edit from train, where Levenshtein's two (half the name) suggested nothing.
    private static int EditDistance(string a, string b)
    {
        var beforePrevious = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (Same(a[i - 1], b[j - 1]) ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
                if (i > 1 && j > 1 && Same(a[i - 1], b[j - 2]) && Same(a[i - 2], b[j - 1]))
                {
                    current[j] = Math.Min(current[j], beforePrevious[j - 2] + 1);
                }
            }

            (beforePrevious, previous, current) = (previous, current, beforePrevious);
        }

        return previous[b.Length];

        static bool Same(char x, char y) => char.ToLowerInvariant(x) == char.ToLowerInvariant(y);
    }

    // A value an option refused, named with its option: System.CommandLine says "Argument 'xml' not recognized. Must be
    // one of: …" without saying which option was given it.
    private static string WithOptionName(System.CommandLine.Parsing.ParseError error)
    {
        Option? option = error.SymbolResult switch
        {
            System.CommandLine.Parsing.OptionResult result => result.Option,
            System.CommandLine.Parsing.ArgumentResult { Parent: System.CommandLine.Parsing.OptionResult result } => result.Option,
            _ => null,
        };
        return option is null || error.Message.Contains(option.Name, StringComparison.Ordinal) ? error.Message : $"{option.Name}: {error.Message}";
    }

    // System.CommandLine's message (its resources are English only) when the root is given no command.
    private const string MissingCommandMessage = "Required command was not provided.";

    /// <summary>Builds the command tree.</summary>
    public static RootCommand CreateRootCommand(CliConsole console)
    {
        var root = new RootCommand("textclf: train, evaluate, inspect and run TextClassification models.");
        root.Subcommands.Add(TrainCommand.Create(console));
        root.Subcommands.Add(EvalCommand.Create(console));
        root.Subcommands.Add(PredictCommand.Create(console));
        root.Subcommands.Add(InspectCommand.Create(console));
        root.Subcommands.Add(SplitCommand.Create(console));

        // Every command answers --version as the root does ("textclf predict --version" took it for the bundle folder).
        foreach (Command command in root.Subcommands)
        {
            command.Options.Add(new VersionOption());
        }

        return root;
    }

    private static string CommandPath(Command command) =>
        command is RootCommand ? "textclf" : $"textclf {command.Name}";
}
