namespace TextClassification.Fuzz;

/// <summary>Gives at most <c>charsPerRead</c> chars per read, as a pipe gives what has arrived (the data target's
/// partial-read property, and the tests of the line readers).</summary>
internal sealed class TrickleReader(string text, int charsPerRead) : TextReader
{
    private int _position;

    public override int Peek() => _position < text.Length ? text[_position] : -1;

    public override int Read() => _position < text.Length ? text[_position++] : -1;

    public override int Read(char[] buffer, int index, int count)
    {
        int n = Math.Min(Math.Min(count, charsPerRead), text.Length - _position);
        text.CopyTo(_position, buffer, index, n);
        _position += n;
        return n;
    }
}
