using System.Text;

namespace TextClassification.Training.Data;

/// <summary>
/// Reads the lines of a data file. Lines end at LF or CRLF; a lone CR is part of its line (SMS and tweet dumps hold
/// them, and JSON reads it as white space), unless the file ends its lines with lone CRs (old Mac files: no LF in its
/// first 64 KB), where a CR ends every line. <see cref="TextReader.ReadLine"/> ends a line at every CR, which split such rows in two and moved
/// every later line number by one.
/// </summary>
internal sealed class LineReader
{
    private readonly TextReader _reader;
    private readonly char[] _buffer = new char[64 * 1024];
    private readonly StringBuilder _line = new();
    private int _bufferLength;
    private int _bufferPosition;
    private bool? _loneCarriageReturnEndsLines;

    /// <summary>Creates a reader over <paramref name="reader"/>.</summary>
    public LineReader(TextReader reader) => _reader = reader;

    /// <summary>The next line without its line break, or null at the end.</summary>
    public string? ReadLine()
    {
        _line.Clear();
        bool any = false;
        while (true)
        {
            if (_bufferPosition >= _bufferLength && !Fill())
            {
                return any ? _line.ToString() : null;
            }

            any = true;
            ReadOnlySpan<char> rest = _buffer.AsSpan(_bufferPosition, _bufferLength - _bufferPosition);
            int stop = rest.IndexOfAny('\n', '\r');
            if (stop < 0)
            {
                _line.Append(rest);
                _bufferPosition = _bufferLength;
                continue;
            }

            _line.Append(rest[..stop]);
            _bufferPosition += stop + 1;
            if (rest[stop] == '\n')
            {
                _loneCarriageReturnEndsLines ??= false;
                return _line.ToString();
            }

            // A CR: the end of the line when LF follows, or in a file whose line breaks are lone CRs.
            if (_bufferPosition >= _bufferLength)
            {
                Fill();
            }

            if (_bufferPosition < _bufferLength && _buffer[_bufferPosition] == '\n')
            {
                _bufferPosition++;
                _loneCarriageReturnEndsLines ??= false;
                return _line.ToString();
            }

            // Decided at the first lone CR: a file ends its lines with lone CRs when its first block holds no LF at all.
            // (Deciding by the first line break alone took a CRLF file whose first line ends "\r\r\n" for an old Mac one.)
            _loneCarriageReturnEndsLines ??= !_buffer.AsSpan(0, _bufferLength).Contains('\n');
            if (_loneCarriageReturnEndsLines.Value)
            {
                return _line.ToString();
            }

            _line.Append('\r');
        }
    }

    private bool Fill()
    {
        _bufferLength = _reader.Read(_buffer, 0, _buffer.Length);
        _bufferPosition = 0;
        return _bufferLength > 0;
    }
}
