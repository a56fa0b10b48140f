using System.Text;
using System.Text.Json;
using TextClassification.Training.Data;

namespace TextClassification.Fuzz;

/// <summary>Rows written as a data file the way Python's <c>csv</c> module (QUOTE_MINIMAL) and <c>json.dumps</c> write
/// them, to be read back as the same rows: the data target's oracle. Its other properties (rows in order, one printable
/// label, the same rows read whole and a few chars at a time) held for a reader that doubled the quotes of every quoted
/// field (review 52f), and those of the Parquet target for a reader that shifted the labels down a row. A failing case
/// is kept as <c>roundtrip-*.json</c> (the format and the rows).</summary>
internal static class RoundTrips
{
    private static readonly string[] Labels = ["pos", "neg", "neutral"];

    // Pieces of texts: what the formats quote or separate with, and text beyond ASCII.
    private static readonly string[] Pieces =
        ["word", "the", "\"", "\"\"", ",", ";", "\t", "\n", " ", "😀", "中文", "café", "'", "{", "}", ":", "x, y", "a\"b", "[1]", "é", "\u00A0"];

    /// <summary>A case: the format (a text format, or Parquet where <paramref name="parquet"/>) and 1 to 12 rows of texts
    /// built from odd pieces.</summary>
    public static RoundTripCase Next(Random random, bool parquet = false)
    {
        DatasetFormat format = parquet ? DatasetFormat.Parquet : DataFiles.Formats[random.Next(DataFiles.Formats.Length)];
        var rows = new List<RoundTripRow>();
        int count = 1 + random.Next(12);
        for (int i = 0; i < count; i++)
        {
            var text = new StringBuilder();
            int pieces = 1 + random.Next(6);
            for (int p = 0; p < pieces; p++)
            {
                text.Append(Pieces[random.Next(Pieces.Length)]);
            }

            // Unique, and without white space at its ends (which a reader may trim), so each row reads back as written.
            string written = $"r{i} {text}".TrimEnd();
            if (format == DatasetFormat.Tsv && written.Contains('\t', StringComparison.Ordinal) && written.Contains('\n', StringComparison.Ordinal))
            {
                // A quoted TSV text holding both a tab and a line break may be read as written lines (TsvRecordReader's
                // documented rule, which keeps the rows after an unclosed quote rows).
                written = written.Replace('\t', ' ');
            }

            rows.Add(new RoundTripRow(written, Labels[random.Next(Labels.Length)]));
        }

        return new RoundTripCase(format, rows, GroupRows: 1 + random.Next(rows.Count), Codec: random.Next(4));
    }

    /// <summary>The file of the case's rows in its format.</summary>
    public static string Write(RoundTripCase data)
    {
        var file = new StringBuilder();
        (string header, char separator) = data.Format switch
        {
            DatasetFormat.Tsv => ("label\ttext\n", '\t'),
            DatasetFormat.Csv => ("label,text\n", ','),
            _ => (string.Empty, ' '),
        };
        file.Append(header);
        foreach (RoundTripRow row in data.Rows)
        {
            if (data.Format == DatasetFormat.JsonLines)
            {
                file.Append("{\"text\": ").Append(JsonSerializer.Serialize(row.Text)).Append(", \"label\": \"").Append(row.Label).Append("\"}\n");
            }
            else
            {
                file.Append(row.Label).Append(separator).Append(Quote(row.Text, separator)).Append('\n');
            }
        }

        return file.ToString();
    }

    /// <summary>Null when the written file reads back as the case's rows, else what differs.</summary>
    public static string? Check(RoundTripCase data)
    {
        Dataset dataset = data.Format == DatasetFormat.Parquet
            ? DatasetReader.ReadParquet(new MemoryStream(ParquetFiles.WriteRows(data)), "fuzz.parquet", new DatasetReadOptions())
            : DatasetReader.Read(new StringReader(Write(data)), "fuzz-input", data.Format);
        if (dataset.Rows.Count != data.Rows.Count)
        {
            return $"{data.Format}: {dataset.Rows.Count} rows read of the {data.Rows.Count} written";
        }

        for (int i = 0; i < data.Rows.Count; i++)
        {
            LabeledText read = dataset.Rows[i];
            if (read.Text != data.Rows[i].Text || read.Label != data.Rows[i].Label)
            {
                // The first line is the finding (the key the runner keeps one input per); the second, this case's row.
                return $"{data.Format}: a row reads back unlike it was written{Environment.NewLine}row {i + 1} was written as ({data.Rows[i].Label}, {JsonSerializer.Serialize(data.Rows[i].Text)}) and read as ({read.Label}, {JsonSerializer.Serialize(read.Text)})";
            }
        }

        return null;
    }

    // QUOTE_MINIMAL: a field holding the separator, a quote or a line break is quoted, each quote doubled.
    private static string Quote(string text, char separator) =>
        text.AsSpan().IndexOfAny([separator, '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}

/// <summary>A row of a round-trip case.</summary>
internal sealed record RoundTripRow(string Text, string Label);

/// <summary>Rows to write in a format and read back; a Parquet file in row groups of <paramref name="GroupRows"/>
/// rows with the <paramref name="Codec"/>th of <see cref="ParquetFiles"/>' codecs.</summary>
internal sealed record RoundTripCase(DatasetFormat Format, List<RoundTripRow> Rows, int GroupRows = 1, int Codec = 0);
