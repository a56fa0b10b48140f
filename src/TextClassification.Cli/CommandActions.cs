using System.CommandLine;
using TextClassification.Bundles;
using TextClassification.Training.Data;

namespace TextClassification.Cli;

/// <summary>Runs a command body and turns the errors users can fix into <c>error: message</c> and an exit code.</summary>
internal static class CommandActions
{
    /// <summary>Sets <paramref name="body"/> as the action of <paramref name="command"/>, with the CLI's error handling.</summary>
    public static void SetGuardedAction(Command command, CliConsole console, Func<ParseResult, CancellationToken, int> body)
    {
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(Invoke(console, () => body(parseResult, cancellationToken), cancellationToken)));
    }

    /// <summary>Runs <paramref name="body"/>; known failures print one line to stderr, never a stack trace.</summary>
    public static int Invoke(CliConsole console, Func<int> body, CancellationToken cancellationToken)
    {
        try
        {
            return body();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.Error.WriteLine("canceled");
            return ExitCodes.Canceled;
        }
        catch (Exception ex) when (IsUserError(ex))
        {
            string message = Describe(ex);
            console.Error.WriteLine(MSBuildErrorFormat.IsRequested ? MSBuildErrorFormat.Format(ex, message) : $"error: {message}");
            return ExitCodes.Failure;
        }
    }

    private static bool IsUserError(Exception ex) => ex
        is DataFormatException
        or BundleFormatException
        or IOException // FileNotFoundException and DirectoryNotFoundException included
        or UnauthorizedAccessException
        or ArgumentException;

    private static string Describe(Exception ex)
    {
        string message = ex.Message;
        if (ex is ArgumentException { ParamName: { Length: > 0 } name })
        {
            // Drop the " (Parameter 'x')" suffix: it names a C# parameter, which means nothing on the command line.
            string suffix = $" (Parameter '{name}')";
            int at = message.IndexOf(suffix, StringComparison.Ordinal);
            if (at >= 0)
            {
                message = message.Remove(at, suffix.Length);
            }
        }

        if (ex is FileNotFoundException { FileName: { Length: > 0 } file } && !message.Contains(file, StringComparison.Ordinal))
        {
            message = $"{message} ({file})";
        }

        return message.ReplaceLineEndings(" ").Trim();
    }
}

