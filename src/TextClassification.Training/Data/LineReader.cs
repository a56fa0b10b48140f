using System.Globalization;
using System.Text;

namespace TextClassification.Training.Data;

/// <summary>
/// Reads the lines of a data file or of standard input. Lines end at LF or CRLF; a lone CR is part of its line (SMS and
/// tweet dumps hold them, and JSON reads it as white space). <see cref="TextReader.ReadLine"/> ends a line at every CR,
/// which split such rows in two and moved every later line number by one. In a file (not standard input) whose lines
/// end with lone CRs (old Mac files: no LF from the block read when the first lone CR comes to
/// <see cref="LineBreakStyle.MaxLookAhead"/> chars past it, read full even from a pipe), a CR ends every line.
/// </summary>
internal sealed class LineReader
{
    /// <summary>The block a file is read in.</summary>
    public const int FileBlock = 64 * 1024;

    /// <summary>The most chars a line may hold: the longest string .NET makes (0x3FFFFFDF chars on 64-bit systems).</summary>
    public const int MaxLineLength = 0x3FFFFFDF;

    private readonly TextReader _reader;
    private readonly string _source;
    private readonly int _maxLineLength;
    private char[] _buffer;
    private readonly StringBuilder _line = new();
    private int _bufferLength;
    private int _bufferPosition;
    private bool? _loneCarriageReturnEndsLines;

    // The lines whose line break has been read: the line being read is the next one.
    private int _linesEnded;

    /// <summary>Creates a reader of a data file over <paramref name="reader"/>.</summary>
    /// <param name="reader">The input.</param>
    /// <param name="source">The file name or "standard input", for <see cref="DataFormatException.FilePath"/>.</param>
    /// <param name="maxLineLength">The most chars a line may hold (tests give fewer).</param>
    public LineReader(TextReader reader, string source = "the input", int maxLineLength = MaxLineLength)
        : this(reader, FileBlock, loneCarriageReturnMayEndLines: true, source, maxLineLength)
    {
    }

    private LineReader(TextReader reader, int block, bool loneCarriageReturnMayEndLines, string source, int maxLineLength)
    {
        _reader = reader;
        _source = source;
        _maxLineLength = maxLineLength;
        _buffer = new char[block];
        if (!loneCarriageReturnMayEndLines)
        {
            _loneCarriageReturnEndsLines = false;
        }
    }

    /// <summary>A reader of standard input: a lone CR never ends a line (deciding it would mean waiting for input
    /// that may not come yet), and it reads 1,024 chars at a time.</summary>
    public static LineReader ForStandardInput(TextReader reader, int maxLineLength = MaxLineLength) =>
        new(reader, 1024, loneCarriageReturnMayEndLines: false, "standard input", maxLineLength);

    /// <summary>The 1-based number of the line being read (or the next one, after a line break).</summary>
    public int LineNumber => _linesEnded + 1;

    /// <summary>The next line without its line break, or null at the end.</summary>
    public string? ReadLine()
    {
        _line.Clear();
        bool any = false;
        int lineNumber = LineNumber;
        while (ReadLinePart(out ReadOnlyMemory<char> part, out bool lineEnded))
        {
            any = true;
            if (part.Length > _maxLineLength - _line.Length)
            {
                // Refused before the string is made: past the longest string, StringBuilder.ToString threw an
                // OutOfMemoryException, which reached the user as a stack trace (a 1 GB file without line breaks).
                throw new DataFormatException(
                    _source,
                    lineNumber,
                    null,
                    string.Create(CultureInfo.InvariantCulture, $"the line is longer than {_maxLineLength:N0} characters, the longest string .NET can hold: is the input a text file, one record or text a line?"));
            }

            _line.Append(part.Span);
            if (lineEnded)
            {
                return _line.ToString();
            }
        }

        return any ? _line.ToString() : null;
    }

    /// <summary>
    /// Reads on in the current line without building it: <paramref name="part"/> is its next chars (valid until the
    /// next read) and <paramref name="lineEnded"/> says whether its line break was read after them. False at the end of
    /// the input, with nothing read. A line of any length (a JSON array on one line) is read in parts no longer
    /// than the read buffer; after a part, <see cref="ReadLine"/> gives the rest of its line.
    /// </summary>
    public bool ReadLinePart(out ReadOnlyMemory<char> part, out bool lineEnded)
    {
        lineEnded = false;
        if (_bufferPosition >= _bufferLength && !Fill())
        {
            part = default;
            return false;
        }

        ReadOnlyMemory<char> rest = _buffer.AsMemory(_bufferPosition, _bufferLength - _bufferPosition);
        int stop = rest.Span.IndexOfAny('\n', '\r');
        if (stop < 0)
        {
            part = rest;
            _bufferPosition = _bufferLength;
            return true;
        }

        if (rest.Span[stop] == '\n')
        {
            part = rest[..stop];
            _bufferPosition += stop + 1;
            _loneCarriageReturnEndsLines ??= false;
            lineEnded = true;
            _linesEnded++;
            return true;
        }

        if (stop > 0)
        {
            // The chars before a CR first: deciding what the CR is may read on into (or replace) the buffer they are in.
            part = rest[..stop];
            _bufferPosition += stop;
            return true;
        }

        // A CR: the end of the line when LF follows, or in a file whose line breaks are lone CRs.
        _bufferPosition++;
        part = default;
        if (_bufferPosition >= _bufferLength && !ReadMore())
        {
            Fill();
        }

        if (_bufferPosition < _bufferLength && _buffer[_bufferPosition] == '\n')
        {
            _bufferPosition++;
            _loneCarriageReturnEndsLines ??= false;
            lineEnded = true;
            _linesEnded++;
            return true;
        }

        _loneCarriageReturnEndsLines ??= LineBreakStyle.LoneCarriageReturnsEndLines(_reader, ref _buffer, ref _bufferLength);
        if (_loneCarriageReturnEndsLines.Value)
        {
            lineEnded = true;
            _linesEnded++;
            return true;
        }

        part = "\r".AsMemory();
        return true;
    }

    // Reads on into the free end of the buffer, keeping what is there; false when it is full or the input ended.
    private bool ReadMore()
    {
        if (_bufferLength >= _buffer.Length)
        {
            return false;
        }

        int read = _reader.Read(_buffer, _bufferLength, _buffer.Length - _bufferLength);
        _bufferLength += read;
        return read > 0;
    }

    private bool Fill()
    {
        _bufferLength = _reader.Read(_buffer, 0, _buffer.Length);
        _bufferPosition = 0;
        return _bufferLength > 0;
    }
}
