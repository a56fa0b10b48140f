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

        bool headerQuoted = records.LastRecordQuotesAField;
        (int textIndex, int labelIndex) textAndLabel;
        try
        {
            textAndLabel = HeaderColumns.Resolve(fields, options, source, headerLine);
        }
        catch (DataFormatException ex) when (ex.FirstLineIsOneUnnamedColumn && (headerQuoted || QuotesAFieldAhead(records, fields)))
        {
            // Quotes are CSV's: the file is a CSV file with a header line, not a plain list of texts (which standard
            // input would read with its quotes, the header line a text).
            throw ex.NotPlainTexts();
        }

        (int textIndex, int labelIndex) = textAndLabel;
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

    // Whether one of the next records (up to 1000) quotes a field, as a CSV writer quotes a text holding a comma, a quote
    // or a line break; a record that is not valid CSV ends the look (a plain text holding a quote is not).
    private static bool QuotesAFieldAhead(CsvRecordReader records, List<string> fields)
    {
        try
        {
            for (int i = 0; i < 1000 && records.TryReadRecord(fields, out _); i++)
            {
                if (records.LastRecordQuotesAField)
                {
                    return true;
                }
            }
        }
        catch (DataFormatException)
        {
        }

        return false;
    }
}
