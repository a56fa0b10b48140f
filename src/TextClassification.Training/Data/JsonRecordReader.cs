using System.Globalization;
using System.Text.Json;

namespace TextClassification.Training.Data;

/// <summary>
/// The text and label of one JSON object (a JSON Lines line, or an item of a JSON array). The text property must be a
/// string; the label property may be a string, number or boolean, and with <see cref="DatasetReadOptions.MultiLabelDelimiter"/>
/// an array of them (a label set). A null text or label counts as an empty one (the row is skipped and counted). Numbers
/// are written in one form, so <c>1</c> and <c>1.0</c> are one label. Property names match case-insensitively.
/// </summary>
internal sealed class JsonRecordReader
{
    private readonly DatasetReadOptions _options;
    private readonly string _source;
    private readonly string _textName;
    private readonly string _labelName;
    private readonly IReadOnlyList<string>? _labelColumns;

    // One column per label: each property's column found in one pass over the object (a pass per column had read every
    // property's name once per label column, and JSON Lines read at half the speed of one label property).
    private readonly Dictionary<string, int>? _labelColumnOf;
    private readonly JsonElement?[]? _labelColumnValues;

    // Objects read with every property looked for: a missing one is a bad record where earlier objects had it, and a
    // name to set where the first object lacks it.
    private int _complete;

    /// <summary>A reader of <paramref name="source"/>'s objects with <paramref name="options"/>' property names.</summary>
    public JsonRecordReader(DatasetReadOptions options, string source)
    {
        _options = options;
        _source = source;
        _textName = options.TextColumn.Trim();
        _labelName = options.LabelColumn.Trim();
        _labelColumns = options.LabelColumns;
        _labelColumnOf = _labelColumns is null ? null : LabelColumnIndexes(_labelColumns);
        _labelColumnValues = _labelColumns is null ? null : new JsonElement?[_labelColumns.Count];
    }

    /// <summary>The text and label cell of <paramref name="root"/>, an object starting at line <paramref name="lineNumber"/>
    /// (the label empty where the options read texts only).</summary>
    /// <exception cref="DataFormatException">A property is missing, repeated or of a kind that holds no text or label.</exception>
    public (string Text, string Label) Read(JsonElement root, int lineNumber)
    {
        string source = _source;
        JsonElement? text = null;
        JsonElement? label = null;
        JsonElement?[]? labelColumnValues = _labelColumnValues;
        IReadOnlyList<string>? labelColumns = _labelColumns;
        if (labelColumnValues is not null)
        {
            Array.Clear(labelColumnValues);
        }

        foreach (JsonProperty property in root.EnumerateObject())
        {
            string name = NameOf(property, source, lineNumber);
            // A name given twice (JSON allows it) leaves the value to guess: an error, as two header columns are.
            if (string.Equals(name, _textName, StringComparison.OrdinalIgnoreCase))
            {
                text = text is null ? property.Value : throw Repeated("text", _textName, source, lineNumber);
            }

            if (labelColumns is null && !_options.TextsOnly && string.Equals(name, _labelName, StringComparison.OrdinalIgnoreCase))
            {
                label = label is null ? property.Value : throw Repeated("label", _labelName, source, lineNumber);
            }

            if (_labelColumnOf is not null && _labelColumnOf.TryGetValue(name, out int column))
            {
                labelColumnValues![column] = labelColumnValues[column] is null ? property.Value : throw Repeated("label", labelColumns![column].Trim(), source, lineNumber);
            }
        }

        RequireProperties(text is null, label is null, root, lineNumber);
        string textValue = TextValue(text!.Value, _textName, source, lineNumber);
        string labelValue = _options.TextsOnly ? string.Empty
            : labelColumns is null
            ? LabelValue(label!.Value, _labelName, _options.MultiLabelDelimiter, source, lineNumber)
            : LabelColumns.Cell(
                i => LabelColumnValue(labelColumnValues![i]!.Value, labelColumns[i].Trim(), source, lineNumber),
                _options,
                source,
                lineNumber);
        return (textValue, labelValue);
    }

    // Every property looked for must be in the object: the text, and the label or each label column unless only texts are
    // read. The message names them all, with the settings that pick them where no earlier object had them (the file's
    // names differ), or says that earlier objects had them (this record lacks them). No allocation unless one is missing.
    private void RequireProperties(bool noText, bool noLabel, JsonElement root, int lineNumber)
    {
        bool labelsMissing = !_options.TextsOnly && (_labelColumnValues is null ? noLabel : AnyMissing(_labelColumnValues));
        if (!noText && !labelsMissing)
        {
            _complete++;
            return;
        }

        var missing = new List<string>(2);
        string settings = _options.ColumnSettings.TextColumn;
        if (noText)
        {
            missing.Add($"text property '{_textName}'");
        }

        if (labelsMissing && _labelColumns is null)
        {
            missing.Add($"label property '{_labelName}'");
            settings = noText ? _options.ColumnSettings.BothColumns : _options.ColumnSettings.LabelColumn;
        }
        else if (labelsMissing)
        {
            List<string> labels = [.. _labelColumns!.Where((_, i) => _labelColumnValues![i] is null).Select(name => $"'{name.Trim()}'")];
            missing.Add($"label propert{(labels.Count == 1 ? "y" : "ies")} {string.Join(", ", labels)}");
            settings = noText ? $"{_options.ColumnSettings.TextColumn} and {_options.ColumnSettings.LabelColumns}" : _options.ColumnSettings.LabelColumns;
        }

        throw MissingProperties(string.Join(" and ", missing), missing.Count > 1 || missing[0].StartsWith("label properties", StringComparison.Ordinal), settings, root, lineNumber);
    }

    private static bool AnyMissing(JsonElement?[] values)
    {
        foreach (JsonElement? value in values)
        {
            if (value is null)
            {
                return true;
            }
        }

        return false;
    }

    private DataFormatException MissingProperties(string properties, bool several, string settings, JsonElement root, int lineNumber)
    {
        var names = new List<string>();
        foreach (JsonProperty property in root.EnumerateObject())
        {
            names.Add($"'{property.Name}'");
        }

        string found = names.Count == 0 ? "the object has none" : "properties: " + string.Join(", ", names);
        string them = several ? "them" : "it";
        string fix = _complete == 0
            ? $"; if the objects name {them} otherwise, give {(several ? "those names" : "that name")} with {settings}"
            : _complete == 1
                ? $", though the object before it has {them}"
                : $", though the {_complete.ToString(CultureInfo.InvariantCulture)} objects before it have {them}";
        return new DataFormatException(_source, lineNumber, null, $"{properties} not found in the JSON object ({found}){fix}");
    }

    private static string NameOf(JsonProperty property, string source, int lineNumber)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException ex)
        {
            throw JsonLinesDatasetParser.LoneSurrogate("a property name", source, lineNumber, ex);
        }
    }

    private static DataFormatException Repeated(string kind, string name, string source, int lineNumber) =>
        new(source, lineNumber, null, $"the {kind} property '{name}' appears more than once (compared ignoring case)");

    private static string TextValue(JsonElement element, string name, string source, int lineNumber) => element.ValueKind switch
    {
        JsonValueKind.String => StringOf(element, "text", name, source, lineNumber),
        JsonValueKind.Null => string.Empty,
        // An object of row numbers to texts: pandas' default DataFrame.to_json (orient="columns"), one object per column.
        JsonValueKind.Object => throw new DataFormatException(source, lineNumber, null, $"text property '{name}' must be a string but is an object (a column as an object of row numbers is what pandas' DataFrame.to_json writes by default: write the file with to_json(path, orient=\"records\", lines=True))"),
        _ => throw new DataFormatException(source, lineNumber, null, $"text property '{name}' must be a string but is {JsonLinesDatasetParser.Describe(element.ValueKind)}"),
    };

    private static string StringOf(JsonElement element, string kind, string name, string source, int lineNumber)
    {
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            throw JsonLinesDatasetParser.LoneSurrogate($"{kind} property '{name}'", source, lineNumber, ex);
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
                ? throw new DataFormatException(source, lineNumber, null, $"label property '{name}' holds {JsonLinesDatasetParser.Describe(item.ValueKind)} in its array; a label set holds strings, numbers or booleans")
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
            JsonValueKind.Array or JsonValueKind.Object => throw new DataFormatException(source, lineNumber, null, $"label property '{name}' is {JsonLinesDatasetParser.Describe(value.ValueKind)}; a label column holds one value: 1 or 0 (true/false), or a share from 0 to 1 read with a threshold"),
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
            $"label property '{name}' must be a string, number or boolean but is {JsonLinesDatasetParser.Describe(element.ValueKind)}"),
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
}
