using System.Globalization;
using TextClassification.Cli;

namespace TextClassification.Tests.Cli;

/// <summary>A write to standard output that fails (a full disk under <c>predict … &gt; file</c>) is named as such: the
/// error had said only "No space left on device".</summary>
public sealed class StandardOutputWriterTests(CliFixture fixture) : IClassFixture<CliFixture>
{
    [Fact]
    public void A_command_whose_output_cannot_be_written_names_standard_output()
    {
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        using var output = new StandardOutputWriter(new FullDiskWriter());

        int exitCode = CliApp.Run(["inspect", fixture.Bundle], output, error, new StringReader(string.Empty));

        Assert.Equal(1, exitCode);
        Assert.Equal("error: could not write to standard output (No space left on device).", error.ToString().Trim());
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
    private sealed class FullDiskWriter : StringWriter
    {
        public FullDiskWriter()
            : base(CultureInfo.InvariantCulture)
        {
        }

        public override void Write(char value) => throw new IOException("No space left on device");

        public override void Write(char[] buffer, int index, int count) => throw new IOException("No space left on device");

        public override void Write(string? value) => throw new IOException("No space left on device");

        public override void Write(ReadOnlySpan<char> buffer) => throw new IOException("No space left on device");

        public override void WriteLine(string? value) => throw new IOException("No space left on device");

        public override void WriteLine(ReadOnlySpan<char> buffer) => throw new IOException("No space left on device");
    }
}
