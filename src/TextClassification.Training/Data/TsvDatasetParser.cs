namespace TextClassification.Training.Data;

/// <summary>
/// Reads tab-separated values: a header row, then one row per line, fields split on <c>'\t'</c> without quoting.
/// Blank lines are ignored.
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
        int lineNumber = 0;
        string[]? header = null;
        int textIndex = 0;
        int labelIndex = 0;

        string? line;
        while ((line = reader.ReadLine()) is not null)
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

            string[] fields = line.Split(Separator);
            if (header is null)
            {
                header = fields;
                (textIndex, labelIndex) = HeaderColumns.Resolve(header, options, source, lineNumber);
                continue;
            }

            if (fields.Length != header.Length)
            {
                throw FieldCountError(source, lineNumber, line, header.Length, fields.Length);
            }

            builder.Add(fields[textIndex], fields[labelIndex], lineNumber);
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
        int actual)
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

        return new DataFormatException(
            source,
            lineNumber,
            column,
            $"expected {expected} tab-separated fields as in the header but found {actual}");
    }
}
