using System.CommandLine;
using TextClassification.Bundles;
using TextClassification.Training.Data;
using TextClassification.Training.Trainers;

namespace TextClassification.Cli;

/// <summary>Runs a command body and turns the errors users can fix into <c>error: message</c> and an exit code.</summary>
internal static class CommandActions
{
    /// <summary>Sets <paramref name="body"/> as the action of <paramref name="command"/>, with the CLI's error handling.</summary>
    public static void SetGuardedAction(Command command, CliConsole console, Func<ParseResult, CancellationToken, int> body)
    {
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(Invoke(console, () => body(parseResult, cancellationToken), cancellationToken, CanceledNote(command))));
    }

    /// <summary>Like <see cref="SetGuardedAction(Command, CliConsole, Func{ParseResult, CancellationToken, int})"/> for a
    /// command with <paramref name="metricsJson"/>: the body gets the console to print on (<see cref="OutputPaths.ForMetricsOn"/>:
    /// standard error when the metrics go to standard output).</summary>
    public static void SetGuardedAction(Command command, CliConsole console, Option<string?> metricsJson, Func<ParseResult, CliConsole, CancellationToken, int> body)
    {
        command.SetAction((parseResult, cancellationToken) =>
        {
            CliConsole output = OutputPaths.ForMetricsOn(console, parseResult.GetValue(metricsJson));
            return Task.FromResult(Invoke(output, () => body(parseResult, output, cancellationToken), cancellationToken, CanceledNote(command)));
        });
    }

    // Bundles are saved whole or not at all (ModelBundle.Save writes new weight files, then replaces the manifest in one
    // rename), so a canceled train leaves a bundle already at its --out as it was. The other commands write no bundle.
    private static string? CanceledNote(Command command) =>
        command.Name == "train" ? "a model bundle is only ever replaced whole, so one already at --out is as it was." : null;

    /// <summary>Runs <paramref name="body"/>; known failures print one line to stderr, never a stack trace.</summary>
    /// <param name="console">Where the error goes.</param>
    /// <param name="body">The command's work.</param>
    /// <param name="cancellationToken">Canceled by Ctrl+C or SIGTERM.</param>
    /// <param name="canceledNote">What a user should know when the command is canceled (train: its bundle).</param>
    public static int Invoke(CliConsole console, Func<int> body, CancellationToken cancellationToken, string? canceledNote = null)
    {
        try
        {
            return body();
        }
        catch (CanceledAfterWorkException ex) when (cancellationToken.IsCancellationRequested)
        {
            console.Error.WriteLine($"canceled (Ctrl+C or a termination signal) before the command finished: {ex.Done ?? "its main work was done"}, but not every output after it (metrics file, report) is written.");
            return ExitCodes.Canceled;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.Error.WriteLine($"canceled (Ctrl+C or a termination signal) before the command finished{(canceledNote is null ? "." : "; " + canceledNote)}");
            return ExitCodes.Canceled;
        }
        catch (Exception ex) when (MissingNativeLibrary(ex) is { } missing)
        {
            // ONNX Runtime (encoders, Hugging Face exports) and SkiaSharp (report plots) load native libraries from the
            // NuGet packages' runtimes/ folders; a stack trace would hide which one and why.
            string message =
                $"a native library could not be loaded ({FirstSentence(missing.Message)}). It comes with its NuGet package for this platform " +
                "(Microsoft.ML.OnnxRuntime for ONNX models, SkiaSharp for report plots); when textclf runs from the TextClassification.Training " +
                "package's build targets, ONNX Runtime is taken from the project's own restored Microsoft.ML.OnnxRuntime of the version the package was built with.";
            console.Error.WriteLine(MSBuildErrorFormat.IsRequested ? MSBuildErrorFormat.Format(missing, message) : $"error: {message}");
            return ExitCodes.Failure;
        }
        catch (Exception ex) when (IsUserError(ex))
        {
            string message = Describe(ex);
            console.Error.WriteLine(MSBuildErrorFormat.IsRequested ? MSBuildErrorFormat.Format(ex, message) : $"error: {message}");
            return ExitCodes.Failure;
        }
    }

    // A DllNotFoundException, also when a type initializer (ONNX Runtime's NativeMethods) wraps it.
    private static DllNotFoundException? MissingNativeLibrary(Exception ex) => ex switch
    {
        DllNotFoundException missing => missing,
        TypeInitializationException { InnerException: { } inner } => MissingNativeLibrary(inner),
        _ => null,
    };

    // "Unable to load shared library 'onnxruntime' or one of its dependencies. In order to help diagnose …": the
    // first sentence names the library; the rest is advice for native developers.
    private static string FirstSentence(string text)
    {
        int end = text.IndexOfAny(['\r', '\n']);
        string line = end < 0 ? text : text[..end];
        int period = line.IndexOf(". ", StringComparison.Ordinal);
        return (period < 0 ? line : line[..period]).Trim().TrimEnd('.');
    }

    private static bool IsUserError(Exception ex) => ex
        is DataFormatException
        or BundleFormatException
        or IOException // FileNotFoundException and DirectoryNotFoundException included
        or UnauthorizedAccessException
        or ArgumentException
        or TrainingDivergedException
        // A graph that loaded but fails on real input (a shape or type it was not exported for): ONNX Runtime's own
        // message names the node and the dimensions, which is what the user needs; a stack trace adds nothing.
        or Microsoft.ML.OnnxRuntime.OnnxRuntimeException;

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

        if (ex is TrainingDivergedException diverged)
        {
            // The default of the trainer that ran: the encoder head's is 0.001, the n-gram trainer's 0.25.
            message = $"{message.TrimEnd('.')} (--lr; the default is {diverged.DefaultLearningRate.ToString(System.Globalization.CultureInfo.InvariantCulture)}).";
        }

        if (ex is FileNotFoundException { FileName: { Length: > 0 } file } && !message.Contains(file, StringComparison.Ordinal))
        {
            message = $"{message} ({file})";
        }

        if (ex is FileNotFoundException or DirectoryNotFoundException && CurrentFolderIsGone())
        {
            // A relative path read from a folder deleted (or moved away) under the shell: "not found" alone sent the user
            // looking for a file that is there.
            message = $"{message.TrimEnd('.')} (the current folder no longer exists, so no relative path leads anywhere: give absolute paths, or run textclf from a folder that exists).";
        }

        return OneLine(message);
    }

    /// <summary><paramref name="message"/> as an error line's text: on one line, its other control characters escaped.
    /// A message may quote a manifest's text (an encoder path), a data file's or ONNX Runtime's node names, and an escape
    /// sequence there drove the terminal (review 58a: inspect escaped them; predict and eval did not).</summary>
    public static string OneLine(string message) => LabelSet.Escape(message.ReplaceLineEndings(" ").Trim());

    private static bool CurrentFolderIsGone()
    {
        try
        {
            _ = Directory.GetCurrentDirectory();
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }
}

