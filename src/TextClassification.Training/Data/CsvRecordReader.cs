using System.Globalization;
using System.Text;

namespace TextClassification.Training.Data;

/// <summary>
/// A character-level RFC 4180 record reader: comma separator (a semicolon where the header line holds semicolons and no
/// comma outside quotes, as Excel writes CSV in locales whose decimal mark is a comma), fields optionally enclosed in double quotes,
/// <c>""</c> for a quote inside a quoted field, and LF or CRLF line breaks (also inside quoted fields). A lone CR is part
/// of its field, as in the TSV reader (SMS and tweet dumps hold them; it split a row in two and counted lines that
/// grep does not), unless the file ends its lines with lone CRs (old Mac files: no LF in the block, read full even from
/// a pipe, where the first lone CR comes, nor up to <see cref="LineBreakStyle.MaxLookAhead"/> chars past it), where a CR
/// ends every line.
/// Tracks 1-based line and column numbers for error messages.
/// </summary>
internal sealed class CsvRecordReader
{
    // Decided by the header line: ',' or ';'.
    private char _separator = ',';
    private const char Quote = '"';
    private const int EndOfInput = -1;
    private const int BufferSize = 64 * 1024;

    private readonly TextReader _reader;
    private readonly string _source;
    private char[] _buffer = new char[BufferSize];
    private readonly StringBuilder _field = new();
    private int _bufferLength;
    private int _bufferPosition;
    private bool _started;

    // Position of the next character to read, and whether the previous character was a CR
    // (so that the LF of a CRLF pair does not count as a second line break).
    private int _line = 1;
    private int _column = 1;
    private bool _afterCarriageReturn;

    // Decided at the file's first line break: whether a CR without an LF after it ends a line.
    private bool? _loneCarriageReturnEndsLines;

    // Decided by the first record (the header): whether it quotes every name, as writers that quote every text write
    // it (R's write.csv, QUOTE_ALL, QUOTE_NONNUMERIC). In such a file a bare NA or nan is a missing value.
    private bool? _quotesEveryText;

    // Whether the file's first line was Excel's "sep=;" (or "sep=,"), which names the separator and is no record.
    private bool _separatorLineRead;

    // Position of the character returned by the last call to Read, and whether it ends a line.
    private int _charLine;
    private int _charColumn;
    private bool _charEndsLine;

    // Where the current record ended, and where its first field beyond ExpectedFieldCount started.
    private int _endLine;
    private int _endColumn;
    private int _extraFieldLine;
    private int _extraFieldColumn;

    private enum State
    {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }

    /// <summary>Creates a reader over <paramref name="reader"/>; <paramref name="source"/> names it in errors.</summary>
    /// <param name="reader">The input.</param>
    /// <param name="source">The file name, for errors.</param>
    /// <param name="maxFieldLength">The most chars a field may hold (tests give fewer).</param>
    public CsvRecordReader(TextReader reader, string source, int maxFieldLength = LineReader.MaxLineLength)
    {
        _reader = reader;
        _source = source;
        _maxFieldLength = maxFieldLength;
    }

    private readonly int _maxFieldLength;

    /// <summary>
    /// The number of fields every record must have, or 0 while unknown (before the header is read).
    /// </summary>
    public int ExpectedFieldCount { get; set; }

    /// <summary>Whether the record <see cref="TryReadRecord"/> read last quotes a field.</summary>
    public bool LastRecordQuotesAField { get; private set; }

    /// <summary>
    /// Reads the next non-blank record into <paramref name="fields"/>. A blank record is an empty or
    /// whitespace-only line without quotes.
    /// </summary>
    /// <param name="fields">Receives the record's fields (cleared first).</param>
    /// <param name="lineNumber">The 1-based line where the record starts.</param>
    /// <returns><see langword="false"/> at the end of the input.</returns>
    /// <exception cref="DataFormatException">The record is malformed or has the wrong number of fields.</exception>
    public bool TryReadRecord(List<string> fields, out int lineNumber)
    {
        while (true)
        {
            int c = Read();
            if (c == EndOfInput)
            {
                lineNumber = _charLine;
                return false;
            }

            lineNumber = _charLine;
            if (_quotesEveryText is null && !_separatorLineRead && SemicolonsSeparateTheHeader(c))
            {
                _separator = ';';
            }

            int quotedFields = ReadRecord(c, fields);
            if (quotedFields == 0 && fields.Count == 1 && string.IsNullOrWhiteSpace(fields[0]))
            {
                continue;
            }

            if (_quotesEveryText is null && !_separatorLineRead && quotedFields == 0 && IsSeparatorLine(fields, lineNumber))
            {
                _separatorLineRead = true;
                continue;
            }

            _quotesEveryText ??= quotedFields == fields.Count;
            LastRecordQuotesAField = quotedFields > 0;

            CheckFieldCount(fields.Count);
            return true;
        }
    }

    /// <summary>Reads one record whose first character is <paramref name="c"/>. Returns how many of its fields were
    /// quoted.</summary>
    private int ReadRecord(int c, List<string> fields)
    {
        fields.Clear();
        _field.Clear();
        var state = State.FieldStart;
        int quotedFields = 0;
        int quoteLine = 0;
        int quoteColumn = 0;

        while (true)
        {
            bool atLineEnd = c == EndOfInput || _charEndsLine;
            bool endOfRecord = false;
            switch (state)
            {
                case State.FieldStart:
                case State.Unquoted:
                    if (c == Quote && state == State.FieldStart)
                    {
                        state = State.Quoted;
                        quotedFields++;
                        quoteLine = _charLine;
                        quoteColumn = _charColumn;
                    }
                    else if (c == Quote)
                    {
                        throw Error(
                            _charLine,
                            _charColumn,
                            "unexpected '\"' inside an unquoted field; enclose the field in double quotes and double any quotes inside it");
                    }
                    else if (c == _separator || atLineEnd)
                    {
                        if (_quotesEveryText == true && _field.Length <= 8 && MissingValues.IsWrittenBare(_field.ToString()))
                        {
                            _field.Clear();
                        }

                        EndField(fields, atLineEnd, _charLine);
                        state = State.FieldStart;
                        endOfRecord = atLineEnd;
                    }
                    else
                    {
                        _field.Append((char)c);
                        state = State.Unquoted;
                    }

                    break;

                case State.Quoted:
                    if (c == EndOfInput)
                    {
                        throw Error(quoteLine, quoteColumn, "unterminated quoted field: the closing '\"' is missing");
                    }

                    if (c == Quote)
                    {
                        state = State.QuoteInQuoted;
                    }
                    else
                    {
                        // Inside quotes, line breaks are part of the field.
                        _field.Append((char)c);
                    }

                    break;

                case State.QuoteInQuoted:
                    if (c == Quote)
                    {
                        _field.Append(Quote);
                        state = State.Quoted;
                    }
                    else if (c == _separator || atLineEnd)
                    {
                        EndField(fields, atLineEnd, quoteLine);
                        state = State.FieldStart;
                        endOfRecord = atLineEnd;
                    }
                    else
                    {
                        throw Error(
                            _charLine,
                            _charColumn,
                            $"unexpected character '{(char)c}' after the closing '\"' of a quoted field; expected '{_separator}' or the end of the line");
                    }

                    break;
            }

            if (endOfRecord)
            {
                _endLine = _charLine;
                _endColumn = _charColumn;
                if (c == '\r' && Peek() == '\n')
                {
                    Read();
                }

                return quotedFields;
            }

            c = Read();
        }
    }

    // fieldLine: the line the field starts on (its opening quote's), for a field too long.
    private void EndField(List<string> fields, bool endOfRecord, int fieldLine)
    {
        if (_field.Length > _maxFieldLength)
        {
            // Refused before the string is made: past the longest string, StringBuilder.ToString threw an
            // OutOfMemoryException, which reached the user as a stack trace (a 1 GB file without line breaks).
            throw new DataFormatException(
                _source,
                fieldLine,
                null,
                string.Create(CultureInfo.InvariantCulture, $"the field is longer than {_maxFieldLength:N0} characters, the longest string .NET can hold: is the input a CSV file, one record a line (or a quoted text over a few)?"));
        }

        fields.Add(_field.ToString());
        _field.Clear();

        // A separator that starts one field more than expected: remember where, for the error message.
        if (!endOfRecord && ExpectedFieldCount > 0 && fields.Count == ExpectedFieldCount)
        {
            _extraFieldLine = _charLine;
            _extraFieldColumn = _charColumn;
        }
    }

    private void CheckFieldCount(int actual)
    {
        int expected = ExpectedFieldCount;
        if (expected == 0 || actual == expected)
        {
            return;
        }

        // Too many fields: point at the separator that starts the first extra one.
        // Too few: point at the end of the record (the position of the line break or end of input).
        (int line, int column) = actual > expected
            ? (_extraFieldLine, _extraFieldColumn)
            : (_endLine, _endColumn);
        throw Error(line, column, $"expected {expected} {(_separator == ',' ? "comma" : "semicolon")}-separated fields as in the header but found {actual}");
    }

    // Whether the header line, which starts with c (already read), holds a semicolon and no comma outside double quotes.
    // The line is read to its end first (into the buffer's free end, then a larger buffer, as LineBreakStyle does), so a
    // pipe's partial read decides as the whole file would; a header line longer than LineBreakStyle.MaxLookAhead keeps
    // the comma.
    private bool SemicolonsSeparateTheHeader(int c)
    {
        if (c is ',' or '\n' or '\r')
        {
            return false;
        }

        bool quoted = c == Quote;
        bool semicolon = c == ';';
        int scanned = _bufferPosition;
        while (true)
        {
            foreach (char next in _buffer.AsSpan(scanned, _bufferLength - scanned))
            {
                if (next == Quote)
                {
                    quoted = !quoted;
                }
                else if (quoted)
                {
                    continue;
                }
                else if (next is '\n' or '\r')
                {
                    return semicolon;
                }
                else if (next == ',')
                {
                    return false;
                }
                else if (next == ';')
                {
                    semicolon = true;
                }
            }

            scanned = _bufferLength;
            if (_bufferLength == _buffer.Length)
            {
                if (_buffer.Length >= LineBreakStyle.MaxLookAhead)
                {
                    return false;
                }

                Array.Resize(ref _buffer, Math.Min(LineBreakStyle.MaxLookAhead, _buffer.Length * 2));
            }

            int read = _reader.Read(_buffer, _bufferLength, _buffer.Length - _bufferLength);
            if (read <= 0)
            {
                return semicolon; // a header without rows
            }

            _bufferLength += read;
        }
    }

    // Whether the first record is Excel's first line "sep=;" or "sep=," (read with the separator it names, as the header
    // decision takes it: "sep=" and an empty field), which names the separator of the lines after it. One that names
    // another separator is an error that says so (it had read as a header whose columns are 'sep=' and '').
    private bool IsSeparatorLine(List<string> fields, int lineNumber)
    {
        const string Prefix = "sep=";
        if (fields.Count == 2 && fields[1].Length == 0 && string.Equals(fields[0], Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (fields.Count == 1 && fields[0].Length == Prefix.Length + 1 && fields[0].StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            char named = fields[0][^1];
            string shown = named == '\t' ? "\\t" : named.ToString();
            throw Error(lineNumber, Prefix.Length + 1, $"the first line '{Prefix}{shown}' names '{shown}' as the separator, but a .csv file is read with commas or semicolons" +
                (named == '\t' ? " (tab-separated data is read as .tsv)" : string.Empty));
        }

        return false;
    }

    private DataFormatException Error(int line, int column, string problem) =>
        new(_source, line, column, problem);

    /// <summary>Reads the next character, or <see cref="EndOfInput"/>, and records its position.</summary>
    private int Read()
    {
        if (!EnsureBuffer())
        {
            _charLine = _line;
            _charColumn = _column;
            return EndOfInput;
        }

        char c = _buffer[_bufferPosition++];
        _charLine = _line;
        _charColumn = _column;
        _charEndsLine = false;
        if (c == '\r')
        {
            bool beforeLineFeed = Peek() == '\n';
            // Decided at the first lone CR, as LineReader does: lone CRs end lines where the block, read full, holds no LF.
            _loneCarriageReturnEndsLines ??= !beforeLineFeed && LineBreakStyle.LoneCarriageReturnsEndLines(_reader, ref _buffer, ref _bufferLength);
            _afterCarriageReturn = beforeLineFeed;
            if (beforeLineFeed || _loneCarriageReturnEndsLines.Value)
            {
                _line++;
                _column = 1;
                _charEndsLine = true;
            }
            else
            {
                _column++;
            }
        }
        else if (c == '\n')
        {
            _loneCarriageReturnEndsLines ??= false;
            if (!_afterCarriageReturn)
            {
                _line++;
                _column = 1;
            }

            _afterCarriageReturn = false;
            _charEndsLine = true;
        }
        else
        {
            _column++;
            _afterCarriageReturn = false;
        }

        return c;
    }

    private int Peek() => EnsureBuffer() ? _buffer[_bufferPosition] : EndOfInput;

    /// <summary>Makes sure at least one character is buffered; returns false at the end of input.</summary>
    private bool EnsureBuffer()
    {
        if (_bufferPosition < _bufferLength)
        {
            return true;
        }

        _bufferLength = _reader.Read(_buffer, 0, _buffer.Length);
        _bufferPosition = 0;
        if (!_started && _bufferLength > 0)
        {
            // Skip a byte order mark left in the text (StreamReader normally removes it).
            _started = true;
            if (_buffer[0] == '\uFEFF')
            {
                _bufferPosition = 1;
                return EnsureBuffer();
            }
        }

        return _bufferLength > 0;
    }
}
