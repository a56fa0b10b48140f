namespace TextClassification.Training.Data;

/// <summary>
/// The on-disk format of a labeled text dataset.
/// </summary>
public enum DatasetFormat
{
    /// <summary>
    /// Infer the format from the file extension: <c>.tsv</c> and <c>.txt</c> are TSV, <c>.csv</c> is CSV,
    /// <c>.jsonl</c> and <c>.json</c> are JSON Lines (or one JSON array of objects, see <see cref="JsonLines"/>).
    /// </summary>
    Auto,

    /// <summary>
    /// Tab-separated values with a header row; fields are split on <c>'\t'</c> and are never quoted.
    /// </summary>
    Tsv,

    /// <summary>
    /// Comma-separated values (RFC 4180) with a header row; fields may be enclosed in double quotes.
    /// </summary>
    Csv,

    /// <summary>
    /// One JSON object per line; the columns are the objects' property names. A file whose first non-blank line starts
    /// with <c>[</c> is read as one JSON array of such objects instead (on one line or over many).
    /// </summary>
    JsonLines,
}
