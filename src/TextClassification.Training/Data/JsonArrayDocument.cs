using System.Buffers;
using System.Text;
using System.Text.Json;

namespace TextClassification.Training.Data;

/// <summary>
/// A data file that is one JSON array of objects (<c>[{"text": …, "label": …}, …]</c>, on one line or pretty-printed
/// over many, as pandas' <c>to_json(orient="records")</c> or a JSON export writes it): its objects in order, each with
/// the line it starts on.
/// </summary>
internal static class JsonArrayDocument
{
    /// <summary>
    /// Hands <paramref name="add"/> each object of the array that starts on <paramref name="firstLine"/> (line
    /// <paramref name="firstLineNumber"/> of <paramref name="source"/>) and goes on over the rest of
    /// <paramref name="lines"/>, with the line the object starts on. The document is read whole first.
    /// </summary>
    /// <exception cref="DataFormatException">The document is not valid JSON, an item is not an object, something
    /// follows the array, or a line holds a lone surrogate; named by line.</exception>
    public static void Read(
        string firstLine, int firstLineNumber, LineReader lines, string source, Action<JsonElement, int> add, CancellationToken cancellationToken)
    {
        (ReadOnlyMemory<byte> utf8, List<int> lineStarts) = ReadAll(firstLine, firstLineNumber, lines, source, cancellationToken);
        var reader = new Utf8JsonReader(utf8.Span);
        bool ended = false;
        try
        {
            reader.Read(); // the '[' the first line starts with
            for (int item = 1; ; item++)
            {
                if ((item & 1023) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                reader.Read(); // an array that does not end throws at the end of the data
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    break;
                }

                (int lineNumber, int column) = PositionOf((int)reader.TokenStartIndex, lineStarts, firstLineNumber);
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new DataFormatException(source, lineNumber, column, $"item {item} of the JSON array is {Describe(reader.TokenType)}; each item must be a JSON object holding one record");
                }

                using JsonDocument record = JsonDocument.ParseValue(ref reader);
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

            ended = true;
            reader.Read(); // white space only may follow the array: anything else throws
        }
        catch (JsonException ex)
        {
            int lineNumber = firstLineNumber + (int)(ex.LineNumber ?? 0);
            int? column = ex.BytePositionInLine is { } position ? (int)position + 1 : null;
            string hint = ended ? " (after the JSON array that holds the records: a file is one array of objects, or one object per line)" : string.Empty;
            throw new DataFormatException(source, lineNumber, column, $"invalid JSON: {JsonErrorText.WithoutPosition(ex.Message)}{hint}", ex);
        }
    }

    // The document as UTF-8 with its lines joined by LF (the line break JSON's own line count reads), and where each line
    // starts in it. Each line is encoded straight into the UTF-8 buffer: the whole text held as a StringBuilder and then
    // as one string besides had taken about six bytes per byte of a file (1.4 GB of memory for a 155 MB pandas export,
    // against 0.36 GB for the same records as JSON Lines) and failed with OutOfMemoryException past 1 Gi chars.
    private static (ReadOnlyMemory<byte> Utf8, List<int> LineStarts) ReadAll(string firstLine, int firstLineNumber, LineReader lines, string source, CancellationToken cancellationToken)
    {
        var utf8 = new ArrayBufferWriter<byte>(Math.Max(256, Encoding.UTF8.GetMaxByteCount(Math.Min(firstLine.Length, 1 << 20))));
        var lineStarts = new List<int> { 0 };
        Append(utf8, JsonLinesDatasetParser.RequireText(firstLine, firstLineNumber, source), firstLineNumber, source);
        string? line;
        for (int lineNumber = firstLineNumber + 1; (line = lines.ReadLine()) is not null; lineNumber++)
        {
            if ((lineNumber & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            Append(utf8, "\n", lineNumber, source);
            lineStarts.Add(utf8.WrittenCount);
            Append(utf8, JsonLinesDatasetParser.RequireText(line, lineNumber, source), lineNumber, source);
        }

        return (utf8.WrittenMemory, lineStarts);
    }

    private static void Append(ArrayBufferWriter<byte> utf8, string text, int lineNumber, string source)
    {
        int count = Encoding.UTF8.GetByteCount(text);
        if ((long)utf8.WrittenCount + count > Array.MaxLength)
        {
            throw new DataFormatException(source, lineNumber, null, "the JSON array is over 2 GB as UTF-8, and a JSON array is read whole: write the records as JSON Lines (one object per line), which is read as it goes");
        }

        utf8.Advance(Encoding.UTF8.GetBytes(text, utf8.GetSpan(count)));
    }

    // The line and 1-based byte column of a byte offset into the document (columns count UTF-8 bytes, as the JSON
    // parser's own error positions do).
    private static (int Line, int Column) PositionOf(int byteOffset, List<int> lineStarts, int firstLineNumber)
    {
        int index = lineStarts.BinarySearch(byteOffset);
        int line = index >= 0 ? index : ~index - 1;
        return (firstLineNumber + line, byteOffset - lineStarts[line] + 1);
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
