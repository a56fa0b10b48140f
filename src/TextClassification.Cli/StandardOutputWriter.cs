using System.Text;

namespace TextClassification.Cli;

/// <summary>
/// The process's standard output, whose write failures name it: a full disk under <c>textclf predict … &gt; file</c>
/// said only <c>error: No space left on device</c>, as if a bundle or data file were at fault. Writes go straight to
/// the wrapped writer (no allocation of its own); an <see cref="IOException"/> from it is thrown again as one that says it
/// was standard output.
/// </summary>
internal sealed class StandardOutputWriter(TextWriter inner) : TextWriter
{
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
        try
        {
            await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw Named(ex);
        }
    }

    /// <inheritdoc/>
    public override Task FlushAsync() => FlushAsync(CancellationToken.None);

    // Static lambdas and a value argument: no allocation per write.
    private void Guard<T>(Action<TextWriter, T> write, T value)
        where T : allows ref struct
    {
        try
        {
            write(inner, value);
        }
        catch (IOException ex)
        {
            throw Named(ex);
        }
    }

    private static IOException Named(IOException ex) =>
        new($"could not write to standard output ({ex.Message.TrimEnd('.')}).", ex);
}
