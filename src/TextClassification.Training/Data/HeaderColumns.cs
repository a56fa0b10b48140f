namespace TextClassification.Training.Data;

/// <summary>
/// Finds the text and label columns in a header row by name (case-insensitive, after trimming).
/// </summary>
internal static class HeaderColumns
{
    // The column names read where none are given.
    private static readonly DatasetReadOptions DefaultNames = new();

    /// <summary>
    /// Returns the 0-based indexes of the text and label columns in <paramref name="header"/> (the label's -1 with
    /// <see cref="DatasetReadOptions.LabelColumns"/>, which <see cref="LabelIndexes"/> finds; where only texts are read,
    /// the label column's where the header has it, not needed: -1 without).
    /// </summary>
    /// <exception cref="DataFormatException">A column is missing (the message lists the available columns, says that a
    /// header line is the file's first and names the settings that pick the columns, as
    /// <see cref="DatasetReadOptions.ColumnSettings"/> says) or named twice (in <paramref name="where"/>: the header, a
    /// Parquet file's schema).</exception>
    public static (int TextIndex, int LabelIndex) Resolve(
        IReadOnlyList<string> header,
        DatasetReadOptions options,
        string source,
        int lineNumber,
        string where = "the header")
    {
        int textIndex = IndexOf(header, options.TextColumn);
        // One column per label (LabelColumns) is read by LabelIndexes: no single label column is looked for, nor any
        // where only texts are read.
        bool labelColumns = options.LabelColumns is not null || options.TextsOnly;
        int labelIndex = labelColumns ? 0 : IndexOf(header, options.LabelColumn);
        if (textIndex < 0 || labelIndex < 0)
        {
            string text = $"text column '{options.TextColumn.Trim()}'";
            string label = $"label column '{options.LabelColumn.Trim()}'";
            throw textIndex < 0 && labelIndex < 0
                ? NotFound(header, options, $"{text} and {label}", 2, options.ColumnSettings.BothColumns, source, lineNumber, where)
                : textIndex < 0
                    ? NotFound(header, options, text, 1, options.ColumnSettings.TextColumn, source, lineNumber, where)
                    : NotFound(header, options, label, 1, options.ColumnSettings.LabelColumn, source, lineNumber, where);
        }

        RequireOnce(header, textIndex, "text", source, lineNumber, where);
        if (options.TextsOnly)
        {
            // A label column the file has still decides a TSV record that reads both quoted and as written, as train
            // reads it (without it, predict --input split a text holding a tab and a line break into two answers where
            // train read one record: review 40).
            return (textIndex, IndexOf(header, options.LabelColumn) is int label && label != textIndex ? label : -1);
        }

        if (labelColumns)
        {
            return (textIndex, -1);
        }

        RequireOnce(header, labelIndex, "label", source, lineNumber, where);
        return (textIndex, labelIndex);
    }

    /// <summary>The 0-based indexes of <see cref="DatasetReadOptions.LabelColumns"/> in <paramref name="header"/>, in
    /// their order.</summary>
    /// <exception cref="DataFormatException">A label column is missing (the message lists the available columns) or
    /// named twice in the header (<paramref name="where"/>: a Parquet file's schema).</exception>
    public static int[] LabelIndexes(IReadOnlyList<string> header, DatasetReadOptions options, string source, int lineNumber, string where = "the header")
    {
        IReadOnlyList<string> names = options.LabelColumns ?? throw new ArgumentException("No label columns are named.", nameof(options));
        var indexes = new int[names.Count];
        var missing = new List<string>();
        for (int i = 0; i < names.Count; i++)
        {
            indexes[i] = IndexOf(header, names[i]);
            if (indexes[i] < 0)
            {
                missing.Add(names[i].Trim());
            }
            else
            {
                RequireOnce(header, indexes[i], "label", source, lineNumber, where);
            }
        }

        if (missing.Count > 0)
        {
            throw NotFound(
                header, options, $"label column{(missing.Count == 1 ? string.Empty : "s")} {DescribeColumns(missing)}", missing.Count, options.ColumnSettings.LabelColumns, source, lineNumber, where);
        }

        return indexes;
    }

    // "text column 'text' was not found in the header; available columns: …", and how to read the file: a header line
    // is the first line, so a file without one reads its first record as the column names (the message listed them, but
    // did not say why a data line was there); and where the columns have other names, the settings that name them.
    // A header that names another of the columns looked for ("label column 'label'") is a header line: it is not told to
    // add one (review 47b: a file headed "label<TAB>body" was, and a header line added above it would have made that
    // header a record); nor is one that names a column looked for once split at the separator SeparatorHint suspects
    // (a .csv written with tabs). lineNumber is 0 for a Parquet file's schema, which has no header line.
    private static DataFormatException NotFound(
        IReadOnlyList<string> header, DatasetReadOptions options, string columns, int count, string settings, string source, int lineNumber, string where)
    {
        string them = count > 1 ? "them" : "it";
        string give = $"give {(count > 1 ? "those names" : "that name")} with {settings}";
        string firstLine = lineNumber > 1 ? $"first line that is not blank (line {lineNumber})" : "first line";
        string? named = NamedColumn(header, options);
        (char Separator, string Name)? suspected = SuspectedSeparator(header);
        string? namedWhenSplit = suspected is { } other ? NamedColumn(header[0].Split(other.Separator), options) : null;
        string fix = lineNumber <= 0 ? $"; if the file names {them} otherwise, {give}"
            : namedWhenSplit is not null
                ? $". Split at its {suspected!.Value.Name}, the {firstLine} names {namedWhenSplit}: the file has a header line, written with another separator than its format's{FormatAdvice(suspected.Value.Separator)}"
            : named is null
                ? $". The {firstLine} is read as the header, the column names: if the file has no header line, add one naming the {columns}; " +
                  $"if its header names {them} otherwise, {give}"
                : $". The {firstLine} is read as the header, the column names, and it names {named}: if it names the {columns} otherwise, {give}";
        return new DataFormatException(
            source,
            lineNumber,
            null,
            $"{columns} {(count > 1 ? "were" : "was")} not found in {where}; available columns: {DescribeColumns(header)}{SeparatorHint(suspected)}{fix}.")
        {
            FirstLineIsOneUnnamedColumn = lineNumber > 0 && header.Count == 1 && named is null && namedWhenSplit is null,
        };
    }

    // The first of the columns looked for that the header names ("the text column 'Body'", as the header writes it), else
    // a column of the default names ("a column 'text'": eval looks for the columns the model was trained with, and a
    // test file headed "label<TAB>text" was told to add a header line); null where it names none of them, as a file
    // without a header line does.
    private static string? NamedColumn(IReadOnlyList<string> header, DatasetReadOptions options)
    {
        int text = IndexOf(header, options.TextColumn);
        if (text >= 0)
        {
            return $"the text column '{header[text].Trim()}'";
        }

        foreach (string name in options.LabelColumns ?? [options.LabelColumn])
        {
            int label = IndexOf(header, name);
            if (label >= 0)
            {
                return $"the label column '{header[label].Trim()}'";
            }
        }

        foreach (string name in new[] { DefaultNames.TextColumn, DefaultNames.LabelColumn })
        {
            int column = IndexOf(header, name);
            if (column >= 0)
            {
                return $"a column '{header[column].Trim()}'";
            }
        }

        return null;
    }

    // For a one-column header holding ';' or a tab where ',' was expected (or the other way round; SuspectedSeparator):
    // the file is most likely written with another separator than its extension says.
    private static string SeparatorHint((char Separator, string Name)? suspectedSeparator) =>
        suspectedSeparator is { } suspected
            ? $" (the header reads as one column: are its columns separated by {suspected.Name}? .csv files are read with commas, or semicolons where the header line holds no comma, .tsv with tabs)"
            : string.Empty;

    // What to do about a header written with another separator than the file's format reads (review 58b: a CSV file
    // named .tsv was told what was wrong, not what to do): the format that reads it, where one does (none reads bars).
    private static string FormatAdvice(char separator) => separator switch
    {
        ',' or ';' => ": read it as CSV (name it .csv)",
        '\t' => ": read it as TSV (name it .tsv)",
        _ => string.Empty,
    };

    // The separator a one-column header holds (the first of ';', tab, ',' and '|'), named as SeparatorHint says it.
    private static (char Separator, string Name)? SuspectedSeparator(IReadOnlyList<string> header)
    {
        if (header.Count != 1)
        {
            return null;
        }

        foreach ((char separator, string name) in new[] { (';', "semicolons"), ('\t', "tabs"), (',', "commas"), ('|', "bars") })
        {
            if (header[0].Contains(separator, StringComparison.Ordinal))
            {
                return (separator, name);
            }
        }

        return null;
    }

    // Two columns of the wanted name: which one is meant cannot be guessed.
    private static void RequireOnce(IReadOnlyList<string> header, int first, string role, string source, int lineNumber, string where)
    {
        for (int i = first + 1; i < header.Count; i++)
        {
            if (string.Equals(header[i].Trim(), header[first].Trim(), StringComparison.OrdinalIgnoreCase))
            {
                throw new DataFormatException(
                    source,
                    lineNumber,
                    null,
                    $"{where} names the {role} column '{header[first].Trim()}' twice (columns {first + 1} and {i + 1}); rename one");
            }
        }
    }

    /// <summary>Returns the index of the first column named <paramref name="name"/>, or -1.</summary>
    public static int IndexOf(IReadOnlyList<string> header, string name)
    {
        string wanted = name.Trim();
        for (int i = 0; i < header.Count; i++)
        {
            if (string.Equals(header[i].Trim(), wanted, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Formats column names for an error message, e.g. <c>'id', 'body'</c>.</summary>
    public static string DescribeColumns(IReadOnlyList<string> names)
    {
        if (names.Count == 0)
        {
            return "(none)";
        }

        var quoted = new string[names.Count];
        for (int i = 0; i < names.Count; i++)
        {
            quoted[i] = $"'{names[i].Trim()}'";
        }

        return string.Join(", ", quoted);
    }
}
