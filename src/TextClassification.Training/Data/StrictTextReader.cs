using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace TextClassification.Training.Data;

/// <summary>
/// Text decoded strictly as UTF-8 (a byte-order mark picks UTF-16 or UTF-32), for data files and <c>predict</c>'s
/// standard input. A bad byte is a <see cref="DataFormatException"/> naming its line and byte column, thrown only once
/// every character before it has been read: a pipe's lines before it are answered. (A strict <see cref="StreamReader"/>
/// decoded whole buffers and threw for a buffer holding a bad byte, losing the lines read with it, even those in a
/// buffer before it that the same read had taken in; placing the byte afterwards meant keeping the blocks it read, and
/// a character cut over three reads of a pipe was placed wrongly. Console.In turns bad bytes into U+FFFD silently, and
/// so does StreamReader's own detection of the UTF-16/32 marks.) Nothing is read ahead beyond what a read needs, so a
/// pipe's first line is answered as it comes.
/// </summary>
internal sealed class StrictTextReader : TextReader
{
    private const int BlockSize = 64 * 1024;

    private readonly Stream _input;
    private readonly string _source;
    private readonly string? _gzipAdvice;
    private readonly byte[] _bytes = new byte[BlockSize];
    private readonly char[] _chars = new char[BlockSize];
    private int _byteStart;
    private int _byteEnd;
    private int _charStart;
    private int _charEnd;
    private bool _started;
    private bool _inputEnded;

    // Where the next undecoded byte lies in the input, the line it is on and where that line starts.
    private long _offset;
    private int _line = 1;
    private long _lineStart;

    // Input named UTF-16 or UTF-32 by its byte-order mark: a strict decoder of that encoding, fed one code unit
    // (_unit bytes) at a time, so the chars before a bad unit are all handed out before its error (_pending).
    private Encoding? _otherEncoding;
    private Decoder? _otherDecoder;
    private int _unit;
    private bool _bigEndian;

    // Whether the decoder holds a UTF-16 high surrogate read alone, waiting for its pair (whole blocks are decoded only
    // from a decoder that holds nothing).
    private bool _decoderHolds;
    private DataFormatException? _pending;

    // The input's first byte, for gzip's signature (1F 8B: the 8B is the first invalid byte).
    private byte _first;

    /// <summary>A reader over <paramref name="input"/>, which it owns.</summary>
    /// <param name="input">The bytes to decode.</param>
    /// <param name="source">The file name or "standard input", for <see cref="DataFormatException.FilePath"/>.</param>
    /// <param name="gzipAdvice">What to do about input that starts with gzip's signature (1F 8B), said after "is
    /// gzip-compressed; "; <see langword="null"/> to report its bytes as any other invalid UTF-8.</param>
    public StrictTextReader(Stream input, string source, string? gzipAdvice = null)
    {
        _input = input;
        _source = source;
        _gzipAdvice = gzipAdvice;
    }

    /// <inheritdoc/>
    public override int Peek() => Available() ? _chars[_charStart] : -1;

    /// <inheritdoc/>
    public override int Read() => Available() ? _chars[_charStart++] : -1;

    /// <inheritdoc/>
    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    /// <inheritdoc/>
    public override int Read(Span<char> buffer)
    {
        if (buffer.IsEmpty || !Available())
        {
            return 0;
        }

        int n = Math.Min(buffer.Length, _charEnd - _charStart);
        _chars.AsSpan(_charStart, n).CopyTo(buffer);
        _charStart += n;
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _input.Dispose();
        }

        base.Dispose(disposing);
    }

    // Whether decoded chars are at hand, decoding more when none are; throws for a bad byte once the chars before it
    // have all been read.
    private bool Available()
    {
        while (_charStart == _charEnd)
        {
            _charStart = 0;
            _charEnd = 0;
            if (!_started)
            {
                Start();
            }

            if (!(_otherDecoder is null ? Decode() : DecodeOther()))
            {
                return false;
            }
        }

        return true;
    }

    // Reads the first bytes: a UTF-8 byte-order mark is skipped; a UTF-16 or UTF-32 one picks a strict decoder of that
    // encoding (ByteOrderMarks) for the rest.
    private void Start()
    {
        _started = true;
        while (ByteOrderMarks.MayStartALongerMark(_bytes.AsSpan(0, _byteEnd)) && Fill())
        {
        }

        ReadOnlySpan<byte> head = _bytes.AsSpan(0, _byteEnd);
        if (head.StartsWith(ByteOrderMarks.Utf8))
        {
            _byteStart = ByteOrderMarks.Utf8.Length;
            _offset = _byteStart;
        }
        else if (ByteOrderMarks.StrictEncodingOf(head, out int markLength) is { } encoding)
        {
            _otherEncoding = encoding;
            _otherDecoder = encoding.GetDecoder();
            _unit = encoding is UTF32Encoding ? 4 : 2;
            _bigEndian = head[0] is 0xFE or 0x00; // FE FF, 00 00 FE FF
            _byteStart = markLength;
        }
        else if (head is [(byte)'P', (byte)'A', (byte)'R', (byte)'1', < 0x09 or (> 0x0D and < 0x20), ..])
        {
            // A Parquet file (PAR1, then a binary page header) read as text: its first byte past the magic was named as
            // invalid UTF-8.
            throw new DataFormatException(
                _source,
                1,
                null,
                "the input is an Apache Parquet file (it starts with PAR1), not text: read it as Parquet (the .parquet extension, --format parquet, DatasetFormat.Parquet).");
        }
        else if (head.Length >= 2 && head[..Math.Min(4, head.Length)].Contains((byte)0) && !head.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]))
        {
            // Valid UTF-8 (NUL is a character), but no text file starts with one: this is UTF-16 or UTF-32 saved without
            // its byte-order mark ("l\0a\0b\0…"), whose column names and texts came out with a NUL between letters. Not
            // gzip, whose header (1F 8B 08 00 …) holds NULs too: it is named where its 8B is met (Decode).
            throw new DataFormatException(
                _source,
                1,
                null,
                "the input starts with NUL bytes: it looks like UTF-16 or UTF-32 text without a byte-order mark; save it as UTF-8 (or with a byte-order mark).");
        }
    }

    // Decodes what the byte buffer holds into the char buffer, reading more where it ends in the middle of a character.
    // False at the end of the input.
    private bool Decode()
    {
        while (true)
        {
            ReadOnlySpan<byte> bytes = _bytes.AsSpan(_byteStart, _byteEnd - _byteStart);
            OperationStatus status = Utf8.ToUtf16(bytes, _chars, out int read, out int written, replaceInvalidSequences: false, isFinalBlock: _inputEnded);
            Advance(bytes[..read]);
            _charEnd = written;
            if (written > 0)
            {
                return true; // a bad byte after these chars is met at the next call
            }

            switch (status)
            {
                case OperationStatus.InvalidData when _gzipAdvice is not null && _offset == 1 && _first == 0x1F && _bytes[_byteStart] == 0x8B:
                    throw new DataFormatException(_source, 1, null, $"the input is gzip-compressed; {_gzipAdvice}");
                case OperationStatus.InvalidData:
                    throw new DataFormatException(
                        _source,
                        _line,
                        (int)Math.Min(int.MaxValue, _offset - _lineStart + 1),
                        $"invalid UTF-8 byte 0x{_bytes[_byteStart]:X2} (the column counts bytes); save it as UTF-8.");
                case OperationStatus.Done when _inputEnded:
                    return false;
                default:
                    // Nothing decoded: the buffer is empty or ends inside a character; read on.
                    if (!Fill())
                    {
                        _inputEnded = true;
                    }

                    break;
            }
        }
    }

    // Moves past decoded bytes, counting their line feeds.
    private void Advance(ReadOnlySpan<byte> decoded)
    {
        if (_offset == 0 && !decoded.IsEmpty)
        {
            _first = decoded[0];
        }

        int lastBreak = decoded.LastIndexOf((byte)'\n');
        if (lastBreak >= 0)
        {
            _line += decoded.Count((byte)'\n');
            _lineStart = _offset + lastBreak + 1;
        }

        _offset += decoded.Length;
        _byteStart += decoded.Length;
    }

    // Reads more bytes after those not yet decoded (moved to the front); false at the end of the input.
    private bool Fill()
    {
        if (_byteStart > 0)
        {
            _bytes.AsSpan(_byteStart, _byteEnd - _byteStart).CopyTo(_bytes);
            _byteEnd -= _byteStart;
            _byteStart = 0;
        }

        int n = _input.Read(_bytes, _byteEnd, _bytes.Length - _byteEnd);
        _byteEnd += n;
        return n > 0;
    }

    // Decodes UTF-16 or UTF-32: whole blocks at once while they are clean; a block whose conversion throws is decoded
    // again one code unit at a time (a throwing decoder loses what it decoded in the call that throws), which returns
    // the chars before the bad unit and throws its error at the next call. Returns what it has without reading on, so a
    // pipe's line is answered as it comes. False at the end of the input.
    private bool DecodeOther()
    {
        if (_pending is not null)
        {
            throw _pending;
        }

        bool blockFailed = false;
        if (!_decoderHolds)
        {
            if (DecodeBlock(out blockFailed))
            {
                return true;
            }
        }

        int written = 0;
        while (written <= _chars.Length - 2)
        {
            bool end = false;
            if (_byteEnd - _byteStart < _unit)
            {
                if (written > 0)
                {
                    break;
                }

                if (Fill())
                {
                    continue;
                }

                end = true; // a cut unit, or a high surrogate the decoder holds, is an error when flushed
            }

            try
            {
                _otherDecoder!.Convert(_bytes, _byteStart, end ? _byteEnd - _byteStart : _unit, _chars, written, 2, flush: end, out int used, out int produced, out _);
                _byteStart += used;
                _line += _chars.AsSpan(written, produced).Count('\n');
                written += produced;
                _decoderHolds = produced == 0 && used > 0; // a high surrogate, waiting for its pair
            }
            catch (DecoderFallbackException ex)
            {
                _pending = new DataFormatException(_source, _line, null, $"cannot be decoded as {_otherEncoding!.WebName} (named by its byte-order mark): {BadUnit(ex.BytesUnknown)}.", ex);
                break;
            }

            if (end || (!blockFailed && !_decoderHolds && written > 0))
            {
                break; // back to whole blocks once a pair held over is complete
            }
        }

        _charEnd = written;
        if (written == 0 && _pending is not null)
        {
            throw _pending;
        }

        return written > 0;
    }

    // The bad code unit in words (the decoder's own message gives an index into its buffer, which means nothing in the file).
    private string BadUnit(byte[]? bytes)
    {
        if (bytes is not { Length: > 0 })
        {
            return "a code unit that is not valid";
        }

        string hex = Convert.ToHexString(bytes);
        if (bytes.Length % _unit != 0)
        {
            return $"the input ends in the middle of a code unit (bytes {hex})";
        }

        bool bigEndian = _otherEncoding!.WebName.EndsWith("BE", StringComparison.OrdinalIgnoreCase);
        uint value = 0;
        for (int i = 0; i < _unit; i++)
        {
            value |= (uint)bytes[i] << (8 * (bigEndian ? _unit - 1 - i : i));
        }

        return value switch
        {
            >= 0xD800 and <= 0xDBFF when _unit == 2 => $"a high surrogate (U+{value:X4}, bytes {hex}) with no low surrogate after it",
            >= 0xDC00 and <= 0xDFFF when _unit == 2 => $"a low surrogate (U+{value:X4}, bytes {hex}) with no high surrogate before it",
            >= 0xD800 and <= 0xDFFF => $"U+{value:X4} (bytes {hex}), a surrogate, which UTF-32 cannot hold",
            > 0x10FFFF => $"0x{value:X} (bytes {hex}), past the last code point U+10FFFF",
            _ => $"a code unit that is not valid (bytes {hex})",
        };
    }

    // Converts the whole code units at hand in one call (the decoder holds nothing before it: a UTF-16 high surrogate
    // or a run of them that ends them is left for the next block). False, with nothing consumed, when there are none even after reading
    // on (the unit-by-unit path reports what is left at the end), or when the block holds a bad unit (failed).
    private bool DecodeBlock(out bool failed)
    {
        failed = false;
        while (true)
        {
            int whole = (_byteEnd - _byteStart) / _unit * _unit;
            // Every high surrogate that ends them waits: one left last would stay in the decoder (a run of them, such
            // as a lone one before a pair cut by the read, was passed over without an error).
            while (_unit == 2 && whole >= 2 && char.IsHighSurrogate(UnitAt(_byteStart + whole - 2)))
            {
                whole -= 2;
            }

            if (whole > 0)
            {
                try
                {
                    _otherDecoder!.Convert(_bytes, _byteStart, whole, _chars, 0, _chars.Length, flush: false, out int used, out int produced, out _);
                    _byteStart += used;
                    _line += _chars.AsSpan(0, produced).Count('\n');
                    _charEnd = produced;
                    return produced > 0;
                }
                catch (DecoderFallbackException)
                {
                    _otherDecoder!.Reset();
                    failed = true;
                    return false;
                }
            }

            if (_byteEnd - _byteStart >= 2 * _unit)
            {
                // Only high surrogates, two or more: the first is lone whatever follows, so the unit-by-unit path names
                // it now instead of waiting on a pipe (and scanning the run again after every read) for a known answer.
                return false;
            }

            if (!Fill())
            {
                return false;
            }
        }
    }

    // The UTF-16 code unit at byte offset `at` of the buffer.
    private char UnitAt(int at) => (char)(_bigEndian ? (_bytes[at] << 8) | _bytes[at + 1] : _bytes[at] | (_bytes[at + 1] << 8));
}
