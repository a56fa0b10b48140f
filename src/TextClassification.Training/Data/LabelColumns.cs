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
    /// (<c>0.0</c>), <c>false</c> and <c>no</c> do not (case ignored, white space trimmed); given a
    /// <paramref name="threshold"/> (<see cref="DatasetReadOptions.LabelColumnThreshold"/>), a number from 0 to 1 does
    /// where it is at least the threshold. Null for any other value, an empty one included (a missing value:
    /// <see cref="Cell"/> skips its row).</summary>
    public static bool? Truth(ReadOnlySpan<char> value, double? threshold = null)
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

        // 1.00, 1e0, 0.000 as another writer writes them (JSON numbers are read so too); a share of raters where a
        // threshold is given.
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number))
        {
            return null;
        }

        return number is 0 or 1 ? number == 1
            : threshold is { } least && number is > 0 and < 1 ? number >= least
            : null;
    }

    /// <summary>Whether <paramref name="value"/> is a fraction a threshold would read (a number between 0 and 1).</summary>
    private static bool IsAFraction(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && number is > 0 and < 1;

    /// <summary>The label cell of one row: <paramref name="value"/> gives the value of label column <c>i</c> (named
    /// <c>names[i]</c>). An empty value (a missing one, as pandas writes NaN; JSON <c>null</c>) makes the cell empty, so
    /// the row is skipped and counted as a missing label, as a blank label cell is: read as 0 it would train a text as a
    /// negative for a label nobody judged.</summary>
    /// <exception cref="DataFormatException">A value is neither 1, 0 nor empty (the line and the column named).</exception>
    public static string Cell(Func<int, string> value, DatasetReadOptions options, string source, int lineNumber)
    {
        IReadOnlyList<string> names = options.LabelColumns!;
        string delimiter = options.MultiLabelDelimiter!;
        double? threshold = options.LabelColumnThreshold;
        List<string>? set = null;
        for (int i = 0; i < names.Count; i++)
        {
            string cell = value(i);
            if (string.IsNullOrWhiteSpace(cell))
            {
                return string.Empty;
            }

            switch (Truth(cell, threshold))
            {
                case true:
                    (set ??= []).Add(names[i].Trim());
                    break;
                case null:
                    string hint = cell.Trim() == "-1" ? "; -1 (not scored, as Jigsaw's test labels write it) is no judgement: drop those rows"
                        : threshold is null && IsAFraction(cell.Trim()) ? "; a fraction (a share of raters) is read with a threshold: DatasetReadOptions.LabelColumnThreshold, textclf --label-threshold 0.5"
                        : string.Empty;
                    throw new DataFormatException(
                        source,
                        lineNumber,
                        null,
                        threshold is null
                            ? $"label column '{names[i].Trim()}' holds '{Shortened(cell.Trim())}'; a label column holds 1 or 0 (true/false, yes/no; an empty cell is a missing value, and its row is skipped){hint}"
                            : $"label column '{names[i].Trim()}' holds '{Shortened(cell.Trim())}'; a label column holds a number from 0 to 1 (true/false, yes/no; an empty cell is a missing value, and its row is skipped){hint}");
            }
        }

        return set is null ? delimiter : string.Join(delimiter, set);
    }

    /// <summary>Refuses label columns that cannot be read: none, an empty or repeated name, the text column, a name
    /// holding the delimiter (it becomes a label of the set), no delimiter, or a threshold not above 0 and at most 1
    /// (or given without label columns).</summary>
    /// <exception cref="ArgumentException">The options' label columns cannot be read, named.</exception>
    public static void Validate(DatasetReadOptions options)
    {
        if (options.LabelColumnThreshold is { } threshold && !(threshold is > 0 and <= 1))
        {
            throw new ArgumentException($"DatasetReadOptions.LabelColumnThreshold is {threshold.ToString(CultureInfo.InvariantCulture)}; it must be greater than 0 and at most 1 (0.5: a label at least half the raters gave).", nameof(options));
        }

        if (options.LabelColumns is not { } names)
        {
            if (options.LabelColumnThreshold is not null)
            {
                throw new ArgumentException("DatasetReadOptions.LabelColumnThreshold reads label columns that hold fractions: give LabelColumns too.", nameof(options));
            }

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
