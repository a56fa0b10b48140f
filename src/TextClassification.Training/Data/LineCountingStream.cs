namespace TextClassification.Training.Data;

/// <summary>
/// A read-only pass-through stream that keeps the last two blocks it returned and counts the line feeds before them, so
/// the byte a decoder rejects can be placed by line and byte column without reading the input again (a pipe or
/// <c>/dev/stdin</c> cannot be read twice, and a large file should not be).
/// </summary>
internal sealed class LineCountingStream(Stream inner) : ReadOnlyPassThroughStream(inner)
{
    private static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];

    // The last two blocks read (the decoder may report a byte of the one before the last: a sequence begun there, or
    // cut off by the end of the input, which a last, empty read follows).
    private Block _previous = new([], 0, 0, 0, 0);
    private Block _current = new([], 0, 0, 0, 0);
    private readonly byte[] _head = new byte[3];
    private long _position;

    // Where index 0 of the caller's buffer lies in the input, as of the last read (a reader that keeps part of its
    // buffer reads the rest in at an offset: a byte-order mark that arrives over two reads).
    private long _bufferBase;

    /// <summary>Whether the input starts with gzip's signature (1F 8B): a compressed file read as text.</summary>
    public bool StartsWithGzipSignature => _position >= 2 && _head[0] == 0x1F && _head[1] == 0x8B;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    /// <summary>
    /// The 1-based line and byte column of the byte a <see cref="StreamReader"/> over this stream was decoding when its
    /// decoder failed at <paramref name="decoderIndex"/> (<see cref="System.Text.DecoderFallbackException.Index"/>),
    /// and that byte. The index counts from where the reader's last buffer began decoding: its start, or just past a
    /// UTF-8 byte-order mark, which the reader strips from the input's first bytes; it is negative for a sequence
    /// begun in an earlier buffer.
    /// </summary>
    public (int Line, int Column, byte Byte) LocateDecoderError(int decoderIndex)
    {
        bool strippedMark = _bufferBase == 0 && _position >= 3 && _head.AsSpan().SequenceEqual(Utf8ByteOrderMark);
        long at = _bufferBase + (strippedMark ? 3 : 0) + decoderIndex;
        Block block = at >= _current.Start || _previous.Length == 0 ? _current : _previous;
        return block.Locate(at);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count), offset);

    public override int Read(Span<byte> buffer) => Read(buffer, 0);

    // offset: where buffer starts in the caller's array.
    private int Read(Span<byte> buffer, int offset)
    {
        int read = Inner.Read(buffer);
        _bufferBase = _position - offset;
        for (long i = _position; i < Math.Min(3, _position + read); i++)
        {
            _head[i] = buffer[(int)(i - _position)];
        }

        if (read > 0 || _current.Length > 0)
        {
            // A new block (empty at the end of the input, so the last one stays at hand as the previous one). It takes
            // the array of the block before the previous one, which is dropped: two arrays serve the whole input.
            byte[] storage = _previous.Bytes.Length >= read ? _previous.Bytes : new byte[read];
            buffer[..read].CopyTo(storage);
            Block next = _current.Next(storage, read, _position);
            _previous = _current;
            _current = next;
        }

        _position += read;
        return read;
    }

    // A block of the input with the count of line feeds before it and where the line it starts in begins.
    private readonly record struct Block(byte[] Bytes, int Length, long Start, int LinesBefore, long LineStartBefore)
    {
        public Block Next(byte[] bytes, int length, long start)
        {
            ReadOnlySpan<byte> own = Bytes.AsSpan(0, Length);
            int lastBreak = own.LastIndexOf((byte)'\n');
            return new Block(bytes, length, start, LinesBefore + own.Count((byte)'\n'), lastBreak >= 0 ? Start + lastBreak + 1 : LineStartBefore);
        }

        public (int Line, int Column, byte Byte) Locate(long at)
        {
            int index = (int)Math.Clamp(at - Start, 0, Length);
            ReadOnlySpan<byte> before = Bytes.AsSpan(0, index);
            int lastBreak = before.LastIndexOf((byte)'\n');
            long lineStart = lastBreak >= 0 ? Start + lastBreak + 1 : LineStartBefore;
            byte value = index < Length ? Bytes[index] : (byte)0;
            return (LinesBefore + before.Count((byte)'\n') + 1, (int)Math.Min(int.MaxValue, Start + index - lineStart + 1), value);
        }
    }
}
