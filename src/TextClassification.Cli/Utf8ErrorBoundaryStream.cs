using System.Buffers;
using System.Text;
using TextClassification.Training.Data;

namespace TextClassification.Cli;

/// <summary>
/// A read-only pass-through stream that ends a read just before the first byte sequence that is not UTF-8 and returns
/// that sequence and the rest of the read on the next call. A strict decoder above it (<see cref="Utf8InputReader"/>)
/// then throws on a buffer that starts with the bad byte, after every line before it has been read: it decoded a whole
/// buffer at once and threw, so the lines before the bad byte in that buffer were never answered.
/// </summary>
/// <remarks>Only the first bad sequence is held back (the decoder stops there); once one is found, or the input starts
/// with a byte that is no UTF-8 lead (a UTF-16 or UTF-32 byte-order mark), reads pass through unchecked.</remarks>
internal sealed class Utf8ErrorBoundaryStream(Stream inner) : ReadOnlyPassThroughStream(inner)
{
    // A sequence cut off by the end of the last read (at most three bytes), checked with the bytes that complete it.
    private readonly byte[] _cut = new byte[3];
    private int _cutLength;
    private byte[]? _held;
    private int _heldStart;
    private bool _checking = true;

    public override int Read(Span<byte> buffer)
    {
        if (_held is not null)
        {
            int n = Math.Min(buffer.Length, _held.Length - _heldStart);
            _held.AsSpan(_heldStart, n).CopyTo(buffer);
            _heldStart += n;
            if (_heldStart == _held.Length)
            {
                _held = null;
            }

            return n;
        }

        int read = Inner.Read(buffer);
        if (read == 0 || !_checking)
        {
            return read;
        }

        int bad = FirstInvalid(buffer[..read]);
        if (bad < 0)
        {
            return read;
        }

        _checking = false;
        if (bad == 0)
        {
            // The read starts with it: the decoder meets it at once.
            return read;
        }

        _held = buffer[bad..read].ToArray();
        _heldStart = 0;
        return bad;
    }

    // The offset in `bytes` of the first sequence that is not UTF-8, 0 for one begun in the last read, or -1; keeps a
    // sequence cut off at the end for the next read.
    private int FirstInvalid(ReadOnlySpan<byte> bytes)
    {
        int start = 0;
        if (_cutLength > 0)
        {
            Span<byte> joined = stackalloc byte[6];
            int taken = Math.Min(3, bytes.Length);
            _cut.AsSpan(0, _cutLength).CopyTo(joined);
            bytes[..taken].CopyTo(joined[_cutLength..]);
            OperationStatus status = Rune.DecodeFromUtf8(joined[..(_cutLength + taken)], out _, out int consumed);
            if (status == OperationStatus.NeedMoreData)
            {
                bytes.CopyTo(_cut.AsSpan(_cutLength));
                _cutLength += bytes.Length;
                return -1;
            }

            if (status != OperationStatus.Done || consumed <= _cutLength)
            {
                return 0;
            }

            start = consumed - _cutLength;
            _cutLength = 0;
        }

        if (System.Text.Unicode.Utf8.IsValid(bytes[start..]))
        {
            return -1;
        }

        for (int i = start; i < bytes.Length;)
        {
            OperationStatus status = Rune.DecodeFromUtf8(bytes[i..], out _, out int consumed);
            switch (status)
            {
                case OperationStatus.Done:
                    i += consumed;
                    break;
                case OperationStatus.NeedMoreData:
                    bytes[i..].CopyTo(_cut);
                    _cutLength = bytes.Length - i;
                    return -1;
                default:
                    return i;
            }
        }

        return -1;
    }
}
