using TextClassification.Cli;

namespace TextClassification.Tests.Cli;

public sealed class CommandActionsTests
{
    [Fact]
    public void A_missing_native_library_is_one_error_line_naming_it_not_a_stack_trace()
    {
        (CliConsole console, StringWriter error) = Console();
        // How ONNX Runtime fails when its native library is not found: its NativeMethods type initializer throws.
        var missing = new DllNotFoundException("Unable to load shared library 'onnxruntime' or one of its dependencies. In order to help diagnose loading problems, consider using strace.\nlibonnxruntime.so: cannot open shared object file");

        int exitCode = CommandActions.Invoke(console, () => throw new TypeInitializationException("Microsoft.ML.OnnxRuntime.NativeMethods", missing), CancellationToken.None);

        Assert.Equal(ExitCodes.Failure, exitCode);
        string line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: a native library could not be loaded (Unable to load shared library 'onnxruntime' or one of its dependencies)", line, StringComparison.Ordinal);
        Assert.DoesNotContain("strace", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_canceled_command_exits_130_with_one_line_saying_so()
    {
        (CliConsole console, StringWriter error) = Console();
        using CancellationTokenSource source = Canceled();

        int exitCode = CommandActions.Invoke(console, () => { source.Token.ThrowIfCancellationRequested(); return 0; }, source.Token);

        Assert.Equal(ExitCodes.Canceled, exitCode);
        string line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("canceled (Ctrl+C or a termination signal) before the command finished", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_canceled_while_writing_its_outputs_exits_130_and_says_what_it_had_done()
    {
        // Ctrl+C after a train's save or an eval's evaluation had been swallowed: every output was written, exit 0.
        (CliConsole console, StringWriter error) = Console();
        using CancellationTokenSource source = Canceled();
        bool wrote = false;

        int exitCode = CommandActions.Invoke(
            console,
            () =>
            {
                CanceledAfterWorkException.ThrowIfCanceled(source.Token, "the model bundle was saved to /m");
                wrote = true;
                return 0;
            },
            source.Token,
            "a model bundle is only ever replaced whole, so one already at --out is as it was.");

        Assert.Equal(ExitCodes.Canceled, exitCode);
        Assert.False(wrote);
        string line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("before the command finished: the model bundle was saved to /m, but not every output after it (metrics file, report) is written.", line, StringComparison.Ordinal);
        Assert.DoesNotContain("as it was", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_programming_errors_are_not_turned_into_user_errors()
    {
        var console = new CliConsole(new StringWriter(), new StringWriter(), new StringReader(string.Empty), false, false);

        Assert.Throws<InvalidOperationException>(() => CommandActions.Invoke(console, () => throw new InvalidOperationException("bug"), CancellationToken.None));
    }

    private static (CliConsole Console, StringWriter Error) Console()
    {
        var error = new StringWriter();
        return (new CliConsole(new StringWriter(), error, new StringReader(string.Empty), false, false), error);
    }

    private static CancellationTokenSource Canceled()
    {
        var source = new CancellationTokenSource();
        source.Cancel();
        return source;
    }
}
