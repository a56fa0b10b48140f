namespace TextClassification.Training.Data;

/// <summary>
/// Reads tab-separated values: a header row, then one row per record (<see cref="TsvRecordReader"/>: fields split on
/// <c>'\t'</c>, quoted fields read as Python's <c>csv</c> writes them). Blank lines are ignored.
/// </summary>
internal static class TsvDatasetParser
{
    private const char Separator = '\t';

    /// <summary>Reads all rows from <paramref name="reader"/>.</summary>
    public static Dataset Parse(
        TextReader reader,
        string source,
        DatasetReadOptions options,
        CancellationToken cancellationToken)
    {
        var builder = new DatasetBuilder(source, options, cancellationToken);
        var records = new TsvRecordReader(reader, source);
        string[]? header = null;
        int textIndex = 0;
        int labelIndex = 0;
        int[]? labelIndexes = null;

        // The labels (trimmed) given so far, which decide a record that reads both quoted and as written (TsvRecordReader).
        var labels = new HashSet<string>(StringComparer.Ordinal);

        string[]? fields;
        while ((fields = records.Read(header?.Length ?? 0, labelIndex, header is null || labelIndexes is not null || labelIndex < 0 ? null : labels)) is not null)
        {
            if (header is null)
            {
                header = fields;
                (textIndex, labelIndex) = HeaderColumns.Resolve(header, options, source, records.LineNumber);
                labelIndexes = options.LabelColumns is not null ? HeaderColumns.LabelIndexes(header, options, source, records.LineNumber) : null;
                continue;
            }

            if (records.RowNames)
            {
                // R's row name first (TsvRecordReader.RowNames): read past, as R's read.table does.
                if (fields.Length != header.Length + 1)
                {
                    throw FieldCountError(source, records.LineNumber, records.FirstLine, header.Length + 1, fields.Length, records.QuoteTooLong, records.RowNamesLine);
                }

                fields = fields[1..];
            }
            else if (fields.Length != header.Length)
            {
                throw FieldCountError(source, records.LineNumber, records.FirstLine, header.Length, fields.Length, records.QuoteTooLong);
            }

            if (options.TextsOnly)
            {
                builder.Add(fields[textIndex], string.Empty, records.LineNumber);
                if (labelIndex >= 0 && !string.IsNullOrWhiteSpace(fields[labelIndex]))
                {
                    labels.Add(fields[labelIndex].Trim());
                }

                continue;
            }

            if (labelIndexes is not null)
            {
                // One column per label: no single label for the reader's look-ahead to go by.
                string[] row = fields;
                builder.Add(fields[textIndex], LabelColumns.Cell(i => row[labelIndexes[i]], options, source, records.LineNumber), records.LineNumber);
                continue;
            }

            builder.Add(fields[textIndex], fields[labelIndex], records.LineNumber);
            if (!string.IsNullOrWhiteSpace(fields[labelIndex]))
            {
                labels.Add(fields[labelIndex].Trim());
            }
        }

        if (header is null)
        {
            throw new DataFormatException(source, 1, null, "the file is empty; a header row is required");
        }

        return builder.Build(source);
    }

    private static DataFormatException FieldCountError(
        string source,
        int lineNumber,
        string line,
        int expected,
        int actual,
        bool quoteTooLong,
        int rowNamesLine = 0)
    {
        // Too few fields: the problem is detected at the end of the line.
        // Too many: it is the separator that starts the first extra field.
        int column = line.Length + 1;
        if (actual > expected)
        {
            int index = -1;
            for (int i = 0; i < expected; i++)
            {
                index = line.IndexOf(Separator, index + 1);
            }

            column = index + 1;
        }

        string hint = quoteTooLong
            ? $"; a field opens with a double quote and goes on over more than {TsvRecordReader.MaxContinuationLines} lines, the most a quoted field of a .tsv file may take (a .csv file's may take any number)"
            : TsvRecordReader.OpensAQuote(line)
            ? "; a field opens with a double quote but is not a complete quoted field (\"…\" with each quote inside doubled, closed before a tab or the end of a line)"
            : string.Empty;
        return new DataFormatException(
            source,
            lineNumber,
            column,
            rowNamesLine > 0
                ? $"expected {expected} tab-separated fields (a row name, as the file's first record at line {rowNamesLine} has, then the header's {expected - 1}) but found {actual}{hint}"
                    // The header's count: the first record more likely holds a stray tab after a number (a 0/1 label)
                    // than this one lacks R's row name; the error had named only this line (review 40).
                    + (actual == expected - 1 ? $"; if the file is not R's write.table output with row names, line {rowNamesLine} has a field more than the header (a text holding a tab, unquoted?)" : string.Empty)
                : $"expected {expected} tab-separated fields as in the header but found {actual}{hint}");
    }
}
