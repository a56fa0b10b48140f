namespace TextClassification.Training.Data;

/// <summary>
/// A read-only pass-through stream that keeps the block it last returned and counts the line feeds before it, so the
/// byte a decoder rejects in that block can be placed by line and byte column without reading the input again (a pipe
/// or <c>/dev/stdin</c> cannot be read twice, and a large file should not be).
/// </summary>
internal sealed class LineCountingStream(Stream inner) : Stream
{
    private byte[] _block = [];
    private int _blockLength;
    private long _blockStart;
    private int _linesBeforeBlock;
    private long _lineStartBeforeBlock;

    /// <summary>Whether the input starts with gzip's signature (1F 8B): a compressed file read as text.</summary>
    public bool StartsWithGzipSignature { get; private set; }

    /// <summary>Where a decoder's indexes start in the last block: after a UTF-8 byte-order mark in the first block
    /// (StreamReader skips it before decoding), else at 0.</summary>
    public int DecodedFrom { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _blockStart + _blockLength;
        set => throw new NotSupportedException();
    }

    /// <summary>The 1-based line and byte column of the byte at <paramref name="indexInBlock"/> of the last block read,
    /// and that byte; an index outside the block (a sequence begun in the previous one) is taken as the block's
    /// start.</summary>
    public (int Line, int Column, byte Byte) Locate(int indexInBlock)
    {
        int index = Math.Clamp(indexInBlock, 0, Math.Max(0, _blockLength - 1));
        ReadOnlySpan<byte> before = _block.AsSpan(0, Math.Min(index, _blockLength));
        int line = _linesBeforeBlock + before.Count((byte)'\n') + 1;
        int lastBreak = before.LastIndexOf((byte)'\n');
        long lineStart = lastBreak >= 0 ? _blockStart + lastBreak + 1 : _lineStartBeforeBlock;
        byte value = index < _blockLength ? _block[index] : (byte)0;
        return (line, (int)Math.Min(int.MaxValue, _blockStart + index - lineStart + 1), value);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        // The previous block is passed: its line feeds now lie before the next one.
        ReadOnlySpan<byte> previous = _block.AsSpan(0, _blockLength);
        _linesBeforeBlock += previous.Count((byte)'\n');
        int lastBreak = previous.LastIndexOf((byte)'\n');
        if (lastBreak >= 0)
        {
            _lineStartBeforeBlock = _blockStart + lastBreak + 1;
        }

        _blockStart += _blockLength;
        int read = inner.Read(buffer);
        if (_block.Length < read)
        {
            _block = new byte[read];
        }

        buffer[..read].CopyTo(_block);
        _blockLength = read;
        if (_blockStart == 0 && read >= 2)
        {
            StartsWithGzipSignature = buffer[0] == 0x1F && buffer[1] == 0x8B;
        }

        DecodedFrom = _blockStart == 0 && buffer[..read].StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;

        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
