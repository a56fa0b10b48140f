using System.Globalization;

namespace TextClassification.Training.Data;

/// <summary>
/// Thrown when a dataset file is malformed. The message has the form
/// <c>&lt;file&gt;:&lt;line&gt;[:&lt;column&gt;]: &lt;what is wrong&gt;</c>; for a Parquet file, which has no lines,
/// <c>&lt;file&gt;: row &lt;row&gt;: &lt;what is wrong&gt;</c>, or <c>&lt;file&gt;: &lt;what is wrong&gt;</c> where the
/// problem is the whole file's (its footer or schema) and <see cref="LineNumber"/> is 0.
/// </summary>
public sealed class DataFormatException : FormatException
{
    /// <summary>
    /// Creates an exception for a problem found at a position in a dataset file.
    /// </summary>
    /// <param name="filePath">The file path or source name.</param>
    /// <param name="lineNumber">The 1-based line number of the problem; 0 where it is the whole file's (the message then
    /// names no position).</param>
    /// <param name="columnNumber">The 1-based column number of the problem, when known.</param>
    /// <param name="problem">What is wrong, without the position prefix.</param>
    /// <param name="innerException">The exception that caused this one, if any.</param>
    public DataFormatException(
        string filePath,
        int lineNumber,
        int? columnNumber,
        string problem,
        Exception? innerException = null)
        : base(FormatMessage(filePath, lineNumber, columnNumber, problem), innerException)
    {
        FilePath = filePath;
        LineNumber = lineNumber;
        ColumnNumber = columnNumber;
        Problem = problem;
    }

    // A Parquet file's row: "file: row 12,345: problem", with LineNumber the row.
    private DataFormatException(string message, string filePath, int rowNumber, string problem, Exception? innerException)
        : base(message, innerException)
    {
        FilePath = filePath;
        LineNumber = rowNumber;
        Problem = problem;
    }

    /// <summary>A problem found at row <paramref name="rowNumber"/> (1-based) of a Parquet file, which has no lines:
    /// <c>file: row 12,345: problem</c>, with <see cref="LineNumber"/> the row.</summary>
    internal static DataFormatException AtRow(string filePath, int rowNumber, string problem, Exception? innerException = null) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{filePath}: row {rowNumber:N0}: {problem}"), filePath, rowNumber, problem, innerException);

    /// <summary>A problem of the whole file (no line or row): <c>file: problem</c>.</summary>
    internal static DataFormatException ForFile(string filePath, string problem, Exception? innerException = null) =>
        new(filePath, 0, null, problem, innerException);

    /// <summary>
    /// The file path or source name of the malformed input.
    /// </summary>
    public string FilePath { get; }

    /// <summary>
    /// The 1-based line number of the problem (a Parquet file's row number); 0 where the problem is the whole file's.
    /// </summary>
    public int LineNumber { get; }

    /// <summary>
    /// The 1-based column number of the problem, when known.
    /// </summary>
    public int? ColumnNumber { get; }

    /// <summary>
    /// What is wrong, without the position prefix.
    /// </summary>
    public string Problem { get; }

    /// <summary>The text column was looked for in a header line that reads as one column naming none of the columns
    /// looked for: the file may be a plain list of texts without a header line, which <c>textclf predict</c> reads from
    /// standard input (the library names no command).</summary>
    internal bool FirstLineIsOneUnnamedColumn { get; init; }

    /// <summary>This problem, where the file is known not to be a plain list of texts (a CSV file that quotes its fields):
    /// <see cref="FirstLineIsOneUnnamedColumn"/> false.</summary>
    internal DataFormatException NotPlainTexts() => new(FilePath, LineNumber, ColumnNumber, Problem, InnerException);

    private static string FormatMessage(string filePath, int lineNumber, int? columnNumber, string problem) =>
        lineNumber <= 0 ? $"{filePath}: {problem}"
        : columnNumber is { } column
            ? $"{filePath}:{lineNumber}:{column}: {problem}"
            : $"{filePath}:{lineNumber}: {problem}";
}
