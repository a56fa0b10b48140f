namespace TextClassification.Training.Data;

/// <summary>
/// The on-disk format of a labeled text dataset.
/// </summary>
public enum DatasetFormat
{
    /// <summary>
    /// Infer the format from the file extension: <c>.tsv</c> and <c>.txt</c> are TSV, <c>.csv</c> is CSV,
    /// <c>.jsonl</c> and <c>.json</c> are JSON Lines (or one JSON array of objects, see <see cref="JsonLines"/>),
    /// <c>.parquet</c> is Parquet.
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

    /// <summary>
    /// Apache Parquet (Hugging Face's Parquet exports, <c>datasets</c>' and pandas' <c>to_parquet</c>): the columns are the
    /// file's top-level fields, the text column holds strings and the label column strings, booleans or integers (the
    /// class names where the file's Hugging Face metadata names them), or with a multi-label delimiter a list of them.
    /// A null is a missing value. Rows are numbered from 1 where the text formats give line numbers. Read from a file
    /// (<see cref="DatasetReader.Read(string, DatasetReadOptions?, CancellationToken)"/>) or a stream
    /// (<see cref="DatasetReader.ReadParquet"/>), not a <see cref="TextReader"/>.
    /// </summary>
    Parquet,
}
