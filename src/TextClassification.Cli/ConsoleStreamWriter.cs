using System.Text;

namespace TextClassification.Cli;

/// <summary>
/// One of the process's console streams (<see cref="StandardOutputWriter"/>, <see cref="StandardErrorWriter"/>): writes
/// go straight to the wrapped writer (no allocation of its own), and a write the stream refuses (an
/// <see cref="IOException"/>: a full disk, a closed pipe; an <see cref="UnauthorizedAccessException"/>: a closed
/// descriptor) goes to <see cref="Failed"/>, which says what it means for that stream.
/// </summary>
internal abstract class ConsoleStreamWriter(TextWriter inner) : TextWriter
{
    /// <summary>The writer wrapped (the console's own, in the program): <see cref="CliConsole.For"/> asks whether it is
    /// the console's to tell a terminal.</summary>
    public TextWriter Inner => inner;

    /// <inheritdoc/>
    public override Encoding Encoding => inner.Encoding;

    /// <inheritdoc/>
    public override IFormatProvider FormatProvider => inner.FormatProvider;

    /// <inheritdoc/>
    public override string NewLine
    {
        get => inner.NewLine;
#pragma warning disable CS8765 // TextWriter.NewLine's setter takes null (the default line break); so does the inner one's.
        set => inner.NewLine = value;
#pragma warning restore CS8765
    }

    /// <summary>Whether writes are dropped without being tried (<see cref="StandardErrorWriter"/> after a failure).</summary>
    protected virtual bool Dropping => false;

    /// <inheritdoc/>
    public override void Write(char value) => Guard(static (writer, c) => writer.Write(c), value);

    /// <inheritdoc/>
    public override void Write(char[] buffer, int index, int count) =>
        Guard(static (writer, part) => writer.Write(part.Buffer, part.Index, part.Count), (Buffer: buffer, Index: index, Count: count));

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<char> buffer) => Guard(static (writer, span) => writer.Write(span), buffer);

    /// <inheritdoc/>
    public override void Write(string? value) => Guard(static (writer, text) => writer.Write(text), value);

    /// <inheritdoc/>
    public override void WriteLine() => Guard(static (writer, _) => writer.WriteLine(), 0);

    /// <inheritdoc/>
    public override void WriteLine(ReadOnlySpan<char> buffer) => Guard(static (writer, span) => writer.WriteLine(span), buffer);

    /// <inheritdoc/>
    public override void WriteLine(string? value) => Guard(static (writer, text) => writer.WriteLine(text), value);

    /// <inheritdoc/>
    public override void Flush() => Guard(static (writer, _) => writer.Flush(), 0);

    /// <inheritdoc/>
    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (Dropping)
        {
            return;
        }

        try
        {
            await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Failed(ex);
        }
    }

    /// <inheritdoc/>
    public override Task FlushAsync() => FlushAsync(CancellationToken.None);

    /// <summary>A write or flush failed with <paramref name="ex"/>: throw what the command should see, or return to drop
    /// the write.</summary>
    protected abstract void Failed(Exception ex);

    // Static lambdas and a value argument: no allocation per write.
    private void Guard<T>(Action<TextWriter, T> write, T value)
        where T : allows ref struct
    {
        if (Dropping)
        {
            return;
        }

        try
        {
            write(inner, value);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Failed(ex);
        }
    }
}
