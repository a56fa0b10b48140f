using System.Globalization;
using TextClassification.Cli;

namespace TextClassification.Tests.Cli;

/// <summary>A write to standard output that fails (a full disk under <c>predict … &gt; file</c>, a closed descriptor) is
/// named as such: the error had said only "No space left on device"; standard error that fails drops its messages
/// (<see cref="StandardErrorWriter"/>); and the wrapped console streams still count as terminals.</summary>
public sealed class StandardOutputWriterTests(CliFixture fixture) : IClassFixture<CliFixture>
{
    [Theory]
    [InlineData(false, "error: could not write to standard output (No space left on device).")]
    // A closed descriptor (`>&-`) fails a write with UnauthorizedAccessException: "error: Access to the path is denied."
    // named no path and went past the standard output's own message.
    [InlineData(true, "error: could not write to standard output (it is closed, or not open for writing).")]
    public void A_command_whose_output_cannot_be_written_names_standard_output(bool closed, string expected)
    {
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        using var output = new StandardOutputWriter(closed ? new FailingWriter(() => new UnauthorizedAccessException("Access to the path is denied.")) : new FullDiskWriter());

        int exitCode = CliApp.Run(["inspect", fixture.Bundle], output, error, new StringReader(string.Empty));

        Assert.Equal(1, exitCode);
        Assert.Equal(expected, error.ToString().Trim());
    }

    [Fact]
    public void An_error_output_that_fails_drops_its_messages_and_the_command_goes_on()
    {
        // A progress line or an error message that could not be written ended the process (an unhandled exception):
        // `train … 2>&-` or `2>/dev/full` aborted with exit code 134 before saving.
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        var failing = new FailingWriter(() => new IOException("No space left on device"));
        using var error = new StandardErrorWriter(failing);

        int inspected = CliApp.Run(["inspect", fixture.Bundle], output, error, new StringReader(string.Empty));
        int missing = CliApp.Run(["inspect", Path.Combine(fixture.Folder, "missing")], output, error, new StringReader(string.Empty));
        error.WriteLine("dropped");
        error.Flush();

        Assert.Equal(0, inspected);
        Assert.Equal(1, missing);
        Assert.Equal(1, failing.Attempts); // the first failure stops the writes; none is tried again
    }

    [Fact]
    public void The_wrapped_console_streams_are_still_terminals()
    {
        // Standard output wrapped in StandardOutputWriter counted as no terminal: training on a terminal printed a line
        // per epoch instead of its progress bar, and the tables had no colours.
        CliConsole console = CliConsole.For(new StandardOutputWriter(Console.Out), new StandardErrorWriter(Console.Error), Console.In, new CliConsole.Redirection(Output: false, Error: false, Input: false));
        CliConsole redirected = CliConsole.For(new StandardOutputWriter(Console.Out), new StandardErrorWriter(Console.Error), Console.In, new CliConsole.Redirection(Output: true, Error: true, Input: true));
        CliConsole other = CliConsole.For(new StandardOutputWriter(TextWriter.Null), Console.Error, Console.In, new CliConsole.Redirection(Output: false, Error: false, Input: false));

        Assert.True(console.OutIsTerminal);
        Assert.True(console.ErrorIsTerminal);
        Assert.True(console.ShowsProgressBar);
        Assert.False(redirected.OutIsTerminal || redirected.ErrorIsTerminal);
        Assert.False(other.OutIsTerminal);
        Assert.True(other.ErrorIsTerminal);
    }

    [Fact]
    public void Writes_that_succeed_pass_through_unchanged()
    {
        using var inner = new StringWriter(CultureInfo.InvariantCulture);
        using var output = new StandardOutputWriter(inner);

        output.Write('a');
        output.Write("bc".AsSpan());
        output.Write(['d', 'e'], 0, 2);
        output.WriteLine("f");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{1.5}"));
        output.Flush();

        Assert.Equal($"abcdef{Environment.NewLine}1.5{Environment.NewLine}", inner.ToString());
    }

    [Fact]
    public void A_write_allocates_nothing_of_its_own()
    {
        using var output = new StandardOutputWriter(TextWriter.Null);
        char[] chars = ['a', 'b'];
        output.WriteLine("warm");

        Assert.Equal(0, TextClassification.Tests.Support.Allocations.Fewest(() =>
        {
            output.Write('a');
            output.Write(chars, 0, 2);
            output.Write("line".AsSpan());
            output.WriteLine("label\t0.93");
            output.Flush();
        }));
    }

    // Fails every write as a full disk does.
    private sealed class FullDiskWriter() : FailingWriter(() => new IOException("No space left on device"));

    // Fails every write and flush with the exception `failure` makes, counting the attempts.
    private class FailingWriter(Func<Exception> failure) : StringWriter(CultureInfo.InvariantCulture)
    {
        public int Attempts { get; private set; }

        public override void Write(char value) => Fail();

        public override void Write(char[] buffer, int index, int count) => Fail();

        public override void Write(string? value) => Fail();

        public override void Write(ReadOnlySpan<char> buffer) => Fail();

        public override void WriteLine(string? value) => Fail();

        public override void WriteLine(ReadOnlySpan<char> buffer) => Fail();

        public override void Flush() => Fail();

        private void Fail()
        {
            Attempts++;
            throw failure();
        }
    }
}
