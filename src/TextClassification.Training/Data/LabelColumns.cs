using System.Globalization;

namespace TextClassification.Training.Data;

/// <summary>
/// Reads multi-label data written one column per label (<see cref="DatasetReadOptions.LabelColumns"/>: a toxicity
/// file's <c>toxic</c>, <c>insult</c>, … columns of 0 and 1) as the label cell the rest of the reader takes: the names
/// of the columns that hold 1, joined by the delimiter, or the delimiter alone (the empty set) where none does.
/// </summary>
internal static class LabelColumns
{
    /// <summary>Whether a label column's value sets its label: 1 (also <c>1.0</c>, <c>1e0</c>), <c>true</c> or <c>yes</c> do; 0
    /// (<c>0.0</c>), <c>false</c> and <c>no</c> do not (case ignored, white space trimmed). Null for any other value,
    /// an empty one included (a missing value: <see cref="Cell"/> skips its row).</summary>
    public static bool? Truth(ReadOnlySpan<char> value)
    {
        value = value.Trim();
        if (value is "0" or "0.0" || value.Equals("false", StringComparison.OrdinalIgnoreCase) || value.Equals("no", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (value is "1" or "1.0" || value.Equals("true", StringComparison.OrdinalIgnoreCase) || value.Equals("yes", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // 1.00, 1e0, 0.000 as another writer writes them (JSON numbers are read so too).
        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && number is 0 or 1 ? number == 1 : null;
    }

    /// <summary>The label cell of one row: <paramref name="value"/> gives the value of label column <c>i</c> (named
    /// <c>names[i]</c>). An empty value (a missing one, as pandas writes NaN; JSON <c>null</c>) makes the cell empty, so
    /// the row is skipped and counted as a missing label, as a blank label cell is: read as 0 it would train a text as a
    /// negative for a label nobody judged.</summary>
    /// <exception cref="DataFormatException">A value is neither 1, 0 nor empty (the line and the column named).</exception>
    public static string Cell(Func<int, string> value, IReadOnlyList<string> names, string delimiter, string source, int lineNumber)
    {
        List<string>? set = null;
        for (int i = 0; i < names.Count; i++)
        {
            string cell = value(i);
            if (string.IsNullOrWhiteSpace(cell))
            {
                return string.Empty;
            }

            switch (Truth(cell))
            {
                case true:
                    (set ??= []).Add(names[i].Trim());
                    break;
                case null:
                    string hint = cell.Trim() == "-1" ? "; -1 (not scored, as Jigsaw's test labels write it) is no judgement: drop those rows" : string.Empty;
                    throw new DataFormatException(
                        source,
                        lineNumber,
                        null,
                        $"label column '{names[i].Trim()}' holds '{Shortened(cell.Trim())}'; a label column holds 1 or 0 (true/false, yes/no; an empty cell is a missing value, and its row is skipped){hint}");
            }
        }

        return set is null ? delimiter : string.Join(delimiter, set);
    }

    /// <summary>Refuses label columns that cannot be read: none, an empty or repeated name, the text column, a name
    /// holding the delimiter (it becomes a label of the set), or no delimiter.</summary>
    /// <exception cref="ArgumentException">The options' label columns cannot be read, named.</exception>
    public static void Validate(DatasetReadOptions options)
    {
        if (options.LabelColumns is not { } names)
        {
            return;
        }

        if (options.MultiLabelDelimiter is not { } delimiter)
        {
            throw new ArgumentException("DatasetReadOptions.LabelColumns reads a set of labels from each row: give MultiLabelDelimiter (e.g. \"|\"), which joins it.", nameof(options));
        }

        if (names.Count == 0)
        {
            throw new ArgumentException("DatasetReadOptions.LabelColumns is empty; give the label columns' names, or null to read LabelColumn.", nameof(options));
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string name in names)
        {
            string trimmed = name?.Trim() ?? string.Empty;
            if (trimmed.Length == 0)
            {
                throw new ArgumentException("DatasetReadOptions.LabelColumns holds an empty column name.", nameof(options));
            }

            if (!seen.Add(trimmed))
            {
                throw new ArgumentException($"DatasetReadOptions.LabelColumns names '{trimmed}' twice (compared ignoring case).", nameof(options));
            }

            if (string.Equals(trimmed, options.TextColumn.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"DatasetReadOptions.LabelColumns names the text column '{trimmed}'.", nameof(options));
            }

            if (trimmed.Contains(delimiter, StringComparison.Ordinal) || LabelSet.HasControlCharacter(trimmed))
            {
                throw new ArgumentException($"Label column '{trimmed}' holds the delimiter '{delimiter}' or a control character, and its name is the label.", nameof(options));
            }
        }
    }

    private static string Shortened(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
