namespace TextClassification.Cli;

/// <summary>
/// The process's standard output, whose write failures name it: a full disk under <c>textclf predict … &gt; file</c>
/// said only <c>error: No space left on device</c>, as if a bundle or data file were at fault, and a closed standard
/// output (<c>&gt;&amp;-</c>) <c>error: Access to the path is denied.</c>, naming no path. A failed write is thrown
/// again as an <see cref="IOException"/> that says it was standard output.
/// </summary>
internal sealed class StandardOutputWriter(TextWriter inner) : ConsoleStreamWriter(inner)
{
    /// <inheritdoc/>
    protected override void Failed(Exception ex) => throw (ex is UnauthorizedAccessException
        ? new IOException("could not write to standard output (it is closed, or not open for writing).", ex)
        : new IOException($"could not write to standard output ({ex.Message.TrimEnd('.')}).", ex));
}
