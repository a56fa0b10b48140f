namespace TextClassification.Training.Data;

/// <summary>
/// Reads RFC 4180 comma-separated values: a header row, then one record per row.
/// Blank lines are ignored.
/// </summary>
internal static class CsvDatasetParser
{
    /// <summary>Reads all records from <paramref name="reader"/>.</summary>
    public static Dataset Parse(
        TextReader reader,
        string source,
        DatasetReadOptions options,
        CancellationToken cancellationToken)
    {
        var builder = new DatasetBuilder(source, options, cancellationToken);
        var records = new CsvRecordReader(reader, source);
        var fields = new List<string>();

        if (!records.TryReadRecord(fields, out int headerLine))
        {
            throw new DataFormatException(source, 1, null, "the file is empty; a header row is required");
        }

        (int textIndex, int labelIndex) = HeaderColumns.Resolve(fields, options, source, headerLine);
        int[]? labelIndexes = options.LabelColumns is not null ? HeaderColumns.LabelIndexes(fields, options, source, headerLine) : null;
        records.ExpectedFieldCount = fields.Count;

        while (records.TryReadRecord(fields, out int lineNumber))
        {
            string label = options.TextsOnly ? string.Empty
                : labelIndexes is null
                ? fields[labelIndex]
                : LabelColumns.Cell(i => fields[labelIndexes[i]], options, source, lineNumber);
            builder.Add(fields[textIndex], label, lineNumber);
        }

        return builder.Build(source);
    }
}
