using System.Text.Json;

namespace TextClassification.Training.Data;

/// <summary>
/// A data file that is one JSON array of objects (<c>[{"text": …, "label": …}, …]</c>, on one line or pretty-printed
/// over many, as pandas' <c>to_json(orient="records")</c> or a JSON export writes it): its objects in order, each with
/// the line it starts on. The array is parsed as it is read, a buffer at a time, so memory holds the records read and
/// the one being read, not the document: a 210 MB export on one line had taken 1.36 GB read whole (0.54 GB as JSON
/// Lines), and a document past 2 GB could not be read.
/// </summary>
internal static class JsonArrayDocument
{
    /// <summary>The buffer the UTF-8 bytes are parsed from starts this large and doubles while one record needs more.</summary>
    internal const int InitialBufferBytes = 64 * 1024;

    /// <summary>
    /// Hands <paramref name="add"/> each object of the array that starts in <paramref name="lineStart"/> (the start of
    /// line <paramref name="firstLineNumber"/> of <paramref name="source"/>, all of it when
    /// <paramref name="lineEnded"/>) and goes on over the rest of <paramref name="lines"/>, with the line the object
    /// starts on.
    /// </summary>
    /// <exception cref="DataFormatException">The document is not valid JSON, an item is not an object, something
    /// follows the array, or a line holds a lone surrogate; named by line.</exception>
    public static void Read(
        string lineStart,
        bool lineEnded,
        int firstLineNumber,
        LineReader lines,
        string source,
        Action<JsonElement, int> add,
        CancellationToken cancellationToken,
        int initialBufferBytes = InitialBufferBytes)
    {
        var feed = new Utf8LineFeed(lineStart, lineEnded, firstLineNumber, lines, source);
        var buffer = new byte[Math.Max(16, initialBufferBytes)];
        var lineCount = new LineCount(firstLineNumber);
        int start = 0; // the first byte the parser has not taken
        int length = 0;
        long bufferOffset = 0; // where buffer[0] lies in the document
        var state = new JsonReaderState();
        bool inArray = false;
        bool ended = false;
        int item = 0;
        try
        {
            while (true)
            {
                length = Refill(feed, ref buffer, ref start, length, ref bufferOffset, lineCount, source);
                cancellationToken.ThrowIfCancellationRequested();
                var reader = new Utf8JsonReader(buffer.AsSpan(start, length - start), feed.Ended, state);
                while (true)
                {
                    JsonReaderState before = reader.CurrentState;
                    long consumedBefore = reader.BytesConsumed;
                    if (!reader.Read())
                    {
                        // The end of the data read so far (a document that ends too soon throws at the end of the data).
                        state = before;
                        start += (int)consumedBefore;
                        break;
                    }

                    if (!inArray)
                    {
                        inArray = true; // the '[' the first line starts with
                        continue;
                    }

                    if (ended)
                    {
                        continue; // white space only may follow the array: anything else throws
                    }

                    if (reader.TokenType == JsonTokenType.EndArray)
                    {
                        ended = true;
                        continue;
                    }

                    long at = bufferOffset + start + reader.TokenStartIndex;
                    (int lineNumber, int column) = lineCount.PositionOf(at, buffer, bufferOffset);
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        throw new DataFormatException(source, lineNumber, column, $"item {item + 1} of the JSON array is {Describe(reader.TokenType)}; each item must be a JSON object holding one record");
                    }

                    if (!JsonDocument.TryParseValue(ref reader, out JsonDocument? record))
                    {
                        // The object goes on past the bytes read: read it again, from its start, with more.
                        state = before;
                        start += (int)consumedBefore;
                        break;
                    }

                    using (record)
                    {
                        item++;
                        if ((item & 1023) == 0)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                        }

                        try
                        {
                            add(record.RootElement, lineNumber);
                        }
                        catch (DataFormatException ex) when (ex.LineNumber == lineNumber && ex.ColumnNumber is null)
                        {
                            // Named by item and column too: an array on one line holds every record on line 1.
                            throw new DataFormatException(source, lineNumber, column, $"item {item} of the JSON array: {ex.Problem}", ex.InnerException);
                        }
                    }
                }

                if (feed.Ended)
                {
                    return;
                }
            }
        }
        catch (JsonException ex)
        {
            int lineNumber = firstLineNumber + (int)(ex.LineNumber ?? 0);
            int? column = ex.BytePositionInLine is { } position ? (int)position + 1 : null;
            string hint = ended ? " (after the JSON array that holds the records: a file is one array of objects, or one object per line)" : string.Empty;
            throw new DataFormatException(source, lineNumber, column, $"invalid JSON: {JsonErrorText.WithoutPosition(ex.Message)}{hint}", ex);
        }
    }

    // Moves the bytes the parser has not taken to the buffer's start (counting the line breaks in those it took), grows
    // the buffer while they fill half of it, and reads on into the rest; returns the new length.
    private static int Refill(Utf8LineFeed feed, ref byte[] buffer, ref int start, int length, ref long bufferOffset, LineCount lineCount, string source)
    {
        if (start > 0)
        {
            lineCount.CountTo(bufferOffset + start, buffer, bufferOffset);
            buffer.AsSpan(start, length - start).CopyTo(buffer);
            length -= start;
            bufferOffset += start;
            start = 0;
        }

        if (length > buffer.Length / 2)
        {
            if (buffer.Length >= Array.MaxLength)
            {
                throw new DataFormatException(source, feed.LineNumber, null, "a record of the JSON array is over 2 GB as UTF-8");
            }

            Array.Resize(ref buffer, (int)Math.Min(Array.MaxLength, 2L * buffer.Length));
        }

        while (length < buffer.Length && !feed.Ended)
        {
            int read = feed.Read(buffer.AsSpan(length));
            if (read == 0)
            {
                break; // fewer than 4 bytes free
            }

            length += read;
        }

        return length;
    }

    // The lines counted up to a byte of the document, so a record's line and 1-based byte column are found from where the
    // count stopped (columns count UTF-8 bytes, as the JSON parser's own error positions do).
    private sealed class LineCount(int firstLineNumber)
    {
        private long _countedTo;
        private long _lineStart;
        private int _line = firstLineNumber;

        public (int Line, int Column) PositionOf(long offset, byte[] buffer, long bufferOffset)
        {
            CountTo(offset, buffer, bufferOffset);
            return (_line, (int)(offset - _lineStart + 1));
        }

        // Counts the LFs from where the count stopped to offset; the bytes between are still in the buffer.
        public void CountTo(long offset, byte[] buffer, long bufferOffset)
        {
            if (offset <= _countedTo)
            {
                return;
            }

            ReadOnlySpan<byte> bytes = buffer.AsSpan((int)(_countedTo - bufferOffset), (int)(offset - _countedTo));
            int count = bytes.Count((byte)'\n');
            if (count > 0)
            {
                _line += count;
                _lineStart = _countedTo + bytes.LastIndexOf((byte)'\n') + 1;
            }

            _countedTo = offset;
        }
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
