using System.Text;
using System.Text.Json;

namespace TextClassification.Training.Data;

/// <summary>
/// Reads JSON Lines (one JSON object per non-blank line) or one JSON array of objects; <see cref="JsonRecordReader"/>
/// reads each object's text and label.
/// </summary>
internal static class JsonLinesDatasetParser
{
    /// <summary>Reads all objects from <paramref name="reader"/>: one per line, or, where the first non-blank line
    /// starts with <c>[</c>, the objects of one JSON array (pandas' <c>to_json(orient="records")</c>, a pretty-printed
    /// export), each row numbered by the line its object starts on.</summary>
    public static Dataset Parse(
        TextReader reader,
        string source,
        DatasetReadOptions options,
        CancellationToken cancellationToken)
    {
        var builder = new DatasetBuilder(source, options, cancellationToken);
        var records = new JsonRecordReader(options, source);
        int lineNumber = 0;
        bool first = true;
        var lines = new LineReader(reader, source);

        string? line;
        bool lineEnded = true;
        while ((line = first ? ReadLineStart(lines, lineNumber + 1, out lineEnded) : lines.ReadLine()) is not null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (first && line.AsSpan().TrimStart().StartsWith('['))
            {
                JsonArrayDocument.Read(line, lineEnded, lineNumber, lines, source, (record, recordLine) =>
                {
                    (string text, string label) = records.Read(record, recordLine);
                    builder.Add(text, label, recordLine);
                }, cancellationToken);

                return builder.Build(source);
            }

            if (first && !lineEnded)
            {
                line += lines.ReadLine();
            }

            first = false;
            using JsonDocument document = ParseLine(line, source, lineNumber);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                int column = line.Length - line.TrimStart().Length + 1;
                throw new DataFormatException(
                    source,
                    lineNumber,
                    column,
                    $"expected a JSON object but found {Describe(root.ValueKind)}" +
                    (root.ValueKind == JsonValueKind.Array ? "; JSON Lines holds one object per line, not an array of them (a file that is one JSON array of objects starts with it)" : string.Empty));
            }

            (string rowText, string rowLabel) = records.Read(root, lineNumber);
            builder.Add(rowText, rowLabel, lineNumber);
        }

        return builder.Build(source);
    }

    // Until the first line with more than white space: the line as far as its first part holding a char that is not white
    // space (the whole line when it has none), without a BOM on line 1, so a JSON array on one line is not read whole
    // before it is known to be one. Null at the end of the input.
    private static string? ReadLineStart(LineReader lines, int lineNumber, out bool lineEnded)
    {
        lineEnded = false;
        var start = new StringBuilder();
        bool any = false;
        while (lines.ReadLinePart(out ReadOnlyMemory<char> part, out lineEnded))
        {
            ReadOnlySpan<char> chars = part.Span;
            if (lineNumber == 1 && start.Length == 0 && !any && chars.Length > 0 && chars[0] == '\uFEFF')
            {
                chars = chars[1..];
            }

            any = true;
            start.Append(chars);
            if (lineEnded || !chars.IsWhiteSpace())
            {
                break;
            }
        }

        return any ? start.ToString() : null;
    }

    /// <summary>A JSON value's kind in words ("an object", "null").</summary>
    internal static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };

    // JSON allows an escaped lone surrogate ("\ud800" without its pair) in names and strings; reading one as a .NET
    // string throws InvalidOperationException.
    internal static DataFormatException LoneSurrogate(string what, string source, int lineNumber, InvalidOperationException ex) =>
        new(source, lineNumber, null, $"{what} holds an escaped lone surrogate (such as \\ud800 without its pair), which is not text", ex);

    /// <summary>Throws where <paramref name="line"/> holds a lone surrogate, which UTF-8 and the JSON parser cannot hold
    /// (a reader handed in by code can give one; a file's bytes are decoded strictly); returns the line.</summary>
    internal static string RequireText(string line, int lineNumber, string source) =>
        LoneSurrogates.IndexOf(line) is var lone and >= 0
            ? throw new DataFormatException(source, lineNumber, lone + 1, $"the line holds a lone surrogate (U+{(int)line[lone]:X4}), which is not text")
            : line;

    // What a line that is not JSON may be instead: the first line of a pretty-printed object, or a TSV or CSV line (a
    // wrong --format, or such a file named .json); nothing where it looks like JSON gone wrong.
    private static string ParseFailureHint(string line)
    {
        string trimmed = line.Trim();
        if (trimmed is "{" or "[")
        {
            return " (JSON Lines holds one complete object per line: objects spread over several lines are read only as the items of one JSON array, [ {…}, {…} ], that starts the file)";
        }

        if (trimmed.Length == 0 || trimmed[0] is '{' or '[' or '"')
        {
            return string.Empty;
        }

        string separators = line.Contains('\t', StringComparison.Ordinal) ? " and holds tabs, as a TSV line does"
            : trimmed.Contains(',', StringComparison.Ordinal) ? " and holds commas, as a CSV line does"
            : string.Empty;
        return $" (JSON Lines holds one object per line, such as {{\"text\": \"…\", \"label\": \"…\"}}; this line starts with '{FirstCharacter(trimmed)}'{separators}: is the file in another format?)";
    }

    // The first character as people read it: a whole emoji, not half of its surrogate pair.
    private static string FirstCharacter(string text) =>
        System.Text.Rune.TryGetRuneAt(text, 0, out System.Text.Rune rune) ? rune.ToString() : text[..1];

    private static JsonDocument ParseLine(string line, string source, int lineNumber)
    {
        // A reader handed in by code can give a lone surrogate (a file's bytes are decoded strictly, so never there):
        // the JSON parser threw ArgumentException ("Cannot transcode invalid UTF-16 string") out of the reader (the fuzz
        // harness's data target).
        RequireText(line, lineNumber, source);

        try
        {
            return JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            int? column = ex.BytePositionInLine is { } position ? (int)position + 1 : null;
            // A lone "{" is the start of a pretty-printed object, which JSON Lines cannot be.
            string hint = ParseFailureHint(line);
            throw new DataFormatException(source, lineNumber, column, $"invalid JSON: {JsonErrorText.WithoutPosition(ex.Message)}{hint}", ex);
        }
    }
}
