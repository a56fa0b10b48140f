using System.Globalization;
using System.Text.Json;

namespace TextClassification.Training.Data;

/// <summary>
/// Reads JSON Lines: one JSON object per non-blank line. The text property must be a string; the label property may be
/// a string, number or boolean, and with <see cref="DatasetReadOptions.MultiLabelDelimiter"/> an array of them (a
/// label set). A null text or label counts as an empty one (the row is skipped and counted). Numbers are written in
/// one form, so <c>1</c> and <c>1.0</c> are one label. Property names match case-insensitively.
/// </summary>
internal static class JsonLinesDatasetParser
{
    /// <summary>Reads all objects from <paramref name="reader"/>.</summary>
    public static Dataset Parse(
        TextReader reader,
        string source,
        DatasetReadOptions options,
        CancellationToken cancellationToken)
    {
        var builder = new DatasetBuilder(source, options, cancellationToken);
        string textName = options.TextColumn.Trim();
        string labelName = options.LabelColumn.Trim();
        IReadOnlyList<string>? labelColumns = options.LabelColumns;
        // One column per label: each property's column found in one pass over the object (a pass per column had read
        // every property's name once per label column, and JSON Lines read at half the speed of one label property).
        Dictionary<string, int>? labelColumnOf = labelColumns is null ? null : LabelColumnIndexes(labelColumns);
        JsonElement?[]? labelColumnValues = labelColumns is null ? null : new JsonElement?[labelColumns.Count];
        int lineNumber = 0;
        var lines = new LineReader(reader);

        string? line;
        while ((line = lines.ReadLine()) is not null)
        {
            lineNumber++;
            if (lineNumber == 1 && line.Length > 0 && line[0] == '\uFEFF')
            {
                line = line[1..];
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

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
                    (root.ValueKind == JsonValueKind.Array ? "; JSON Lines holds one object per line, not an array of them" : string.Empty));
            }

            JsonElement? text = null;
            JsonElement? label = null;
            if (labelColumnValues is not null)
            {
                Array.Clear(labelColumnValues);
            }

            foreach (JsonProperty property in root.EnumerateObject())
            {
                string name = NameOf(property, source, lineNumber);
                // A name given twice (JSON allows it) leaves the value to guess: an error, as two header columns are.
                if (string.Equals(name, textName, StringComparison.OrdinalIgnoreCase))
                {
                    text = text is null ? property.Value : throw Repeated("text", textName, source, lineNumber);
                }

                if (labelColumns is null && !options.TextsOnly && string.Equals(name, labelName, StringComparison.OrdinalIgnoreCase))
                {
                    label = label is null ? property.Value : throw Repeated("label", labelName, source, lineNumber);
                }

                if (labelColumnOf is not null && labelColumnOf.TryGetValue(name, out int column))
                {
                    labelColumnValues![column] = labelColumnValues[column] is null ? property.Value : throw Repeated("label", labelColumns![column].Trim(), source, lineNumber);
                }
            }

            string textValue = TextValue(text ?? throw MissingProperty("text", textName, root, source, lineNumber), textName, source, lineNumber);
            string labelValue = options.TextsOnly ? string.Empty
                : labelColumns is null
                ? LabelValue(label ?? throw MissingProperty("label", labelName, root, source, lineNumber), labelName, options.MultiLabelDelimiter, source, lineNumber)
                : LabelColumns.Cell(
                    i => LabelColumnValue(labelColumnValues![i] ?? throw MissingProperty("label", labelColumns[i].Trim(), root, source, lineNumber), labelColumns[i].Trim(), source, lineNumber),
                    options,
                    source,
                    lineNumber);
            builder.Add(textValue, labelValue, lineNumber);
        }

        return builder.Build(source);
    }

    private static string NameOf(JsonProperty property, string source, int lineNumber)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException ex)
        {
            throw LoneSurrogate("a property name", source, lineNumber, ex);
        }
    }

    // JSON allows an escaped lone surrogate ("\ud800" without its pair) in names and strings; reading one as a .NET
    // string throws InvalidOperationException.
    private static DataFormatException LoneSurrogate(string what, string source, int lineNumber, InvalidOperationException ex) =>
        new(source, lineNumber, null, $"{what} holds an escaped lone surrogate (such as \\ud800 without its pair), which is not text", ex);

    private static DataFormatException Repeated(string kind, string name, string source, int lineNumber) =>
        new(source, lineNumber, null, $"the {kind} property '{name}' appears more than once (compared ignoring case)");

    private static JsonDocument ParseLine(string line, string source, int lineNumber)
    {
        // A reader handed in by code can give a lone surrogate (a file's bytes are decoded strictly, so never there):
        // the JSON parser threw ArgumentException ("Cannot transcode invalid UTF-16 string") out of the reader (the fuzz
        // harness's data target).
        if (LoneSurrogates.IndexOf(line) is var lone and >= 0)
        {
            throw new DataFormatException(source, lineNumber, lone + 1, $"the line holds a lone surrogate (U+{(int)line[lone]:X4}), which is not text");
        }

        try
        {
            return JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            int? column = ex.BytePositionInLine is { } position ? (int)position + 1 : null;
            // A lone "{" or "[" is the start of a pretty-printed document, which JSON Lines cannot be.
            string hint = line.Trim() is "{" or "["
                ? " (JSON Lines holds one complete object per line: a document spread over several lines cannot be read)"
                : string.Empty;
            throw new DataFormatException(source, lineNumber, column, $"invalid JSON: {JsonErrorText.WithoutPosition(ex.Message)}{hint}", ex);
        }
    }

    private static string TextValue(JsonElement element, string name, string source, int lineNumber) => element.ValueKind switch
    {
        JsonValueKind.String => StringOf(element, "text", name, source, lineNumber),
        JsonValueKind.Null => string.Empty,
        _ => throw new DataFormatException(source, lineNumber, null, $"text property '{name}' must be a string but is {Describe(element.ValueKind)}"),
    };

    private static string StringOf(JsonElement element, string kind, string name, string source, int lineNumber)
    {
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            throw LoneSurrogate($"{kind} property '{name}'", source, lineNumber, ex);
        }
    }

    private static string LabelValue(JsonElement element, string name, string? delimiter, string source, int lineNumber)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return string.Empty;
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            return OneLabel(element, name, source, lineNumber);
        }

        if (delimiter is null)
        {
            throw new DataFormatException(
                source,
                lineNumber,
                null,
                $"label property '{name}' is an array: a label set needs a multi-label delimiter to be read (such as textclf train --multi-label-delimiter '|')");
        }

        // The set as the label cell of a text file would hold it; the empty set is one delimiter. Blank items are no
        // labels, as an empty part between two delimiters is in a text file's cell: [""] is the empty set.
        var labels = new List<string>();
        foreach (JsonElement item in element.EnumerateArray())
        {
            // Trimmed as each label of a text file's cell is, before looking for the delimiter in it (which may be ' ').
            string label = (item.ValueKind is JsonValueKind.Array or JsonValueKind.Null
                ? throw new DataFormatException(source, lineNumber, null, $"label property '{name}' holds {Describe(item.ValueKind)} in its array; a label set holds strings, numbers or booleans")
                : OneLabel(item, name, source, lineNumber)).Trim();
            if (label.Length == 0)
            {
                continue;
            }

            labels.Add(label.Contains(delimiter, StringComparison.Ordinal)
                ? throw new DataFormatException(source, lineNumber, null, $"label '{label}' in the array of property '{name}' contains the multi-label delimiter '{delimiter}'")
                : label);
        }

        return labels.Count == 0 ? delimiter : string.Join(delimiter, labels);
    }

    // Each label column's index by its (trimmed) name, compared ignoring case as the text and label properties are.
    private static Dictionary<string, int> LabelColumnIndexes(IReadOnlyList<string> labelColumns)
    {
        var indexes = new Dictionary<string, int>(labelColumns.Count, StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < labelColumns.Count; i++)
        {
            indexes.Add(labelColumns[i].Trim(), i);
        }

        return indexes;
    }

    // The value of one label column's property as LabelColumns.Cell reads it: true/false, 1/0, a string; null as empty (a
    // missing value, whose row is skipped).
    private static string LabelColumnValue(JsonElement value, string name, string source, int lineNumber)
    {
        return value.ValueKind switch
        {
            JsonValueKind.Null => string.Empty,
            JsonValueKind.Array or JsonValueKind.Object => throw new DataFormatException(source, lineNumber, null, $"label property '{name}' is {Describe(value.ValueKind)}; a label column holds one value: 1 or 0 (true/false), or a share from 0 to 1 read with a threshold"),
            _ => OneLabel(value, name, source, lineNumber),
        };
    }

    private static string OneLabel(JsonElement element, string name, string source, int lineNumber) => element.ValueKind switch
    {
        JsonValueKind.String => StringOf(element, "label", name, source, lineNumber),
        JsonValueKind.Number => NumberOf(element),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => throw new DataFormatException(
            source,
            lineNumber,
            null,
            $"label property '{name}' must be a string, number or boolean but is {Describe(element.ValueKind)}"),
    };

    // One form per value: an integer as written, a whole number written with a fraction or exponent as the integer it
    // is ("1.0" and "1e0" are "1", as pandas writes the integer labels of a column with missing values; "1.0e17" is
    // "100000000000000000", as that integer is written), others in the shortest form that reads back the same double
    // ("0.50" is "0.5"). Negative zero, however written, is "0". Whole values are read as decimals, exactly: a double
    // rounds past 2^53, and "9007199254740993.0" would have become the label 9007199254740992.
    private static string NumberOf(JsonElement element)
    {
        string raw = element.GetRawText();
        if (raw == "-0")
        {
            return "0";
        }

        if (raw.AsSpan().IndexOfAny('.', 'e', 'E') < 0 || !element.TryGetDouble(out double value) || !double.IsFinite(value))
        {
            return raw;
        }

        // Whole as a double first: decimal.TryParse reads 1e-30 as 0 (below its precision), which made it the label 0.
        if (value == Math.Floor(value)
            && decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal exact)
            && exact == decimal.Truncate(exact) && exact >= long.MinValue && exact <= long.MaxValue)
        {
            return ((long)exact).ToString(CultureInfo.InvariantCulture);
        }

        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    private static DataFormatException MissingProperty(string role, string name, JsonElement root, string source, int lineNumber)
    {
        var names = new List<string>();
        foreach (JsonProperty property in root.EnumerateObject())
        {
            names.Add($"'{property.Name}'");
        }

        string found = names.Count == 0 ? "the object has none" : "properties: " + string.Join(", ", names);
        return new DataFormatException(source, lineNumber, null, $"{role} property '{name}' not found in the JSON object ({found})");
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };
}
