namespace TextClassification.Training.Data;

/// <summary>Reads <c>first</c> to its end, then <c>second</c> (which it owns): bytes read ahead to look at, put back in
/// front of the rest of the input.</summary>
internal sealed class ConcatenatedStream(Stream first, Stream second) : ReadOnlyPassThroughStream(second)
{
    private bool _firstEnded;

    public override int Read(Span<byte> buffer)
    {
        if (!_firstEnded && !buffer.IsEmpty)
        {
            int n = first.Read(buffer);
            if (n > 0)
            {
                return n;
            }

            _firstEnded = true;
            first.Dispose();
        }

        return Inner.Read(buffer);
    }
}
