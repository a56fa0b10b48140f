namespace TextClassification.Training.Data;

/// <summary>
/// Thrown when a dataset file is malformed. The message has the form
/// <c>&lt;file&gt;:&lt;line&gt;[:&lt;column&gt;]: &lt;what is wrong&gt;</c>.
/// </summary>
public sealed class DataFormatException : FormatException
{
    /// <summary>
    /// Creates an exception for a problem found at a position in a dataset file.
    /// </summary>
    /// <param name="filePath">The file path or source name.</param>
    /// <param name="lineNumber">The 1-based line number of the problem.</param>
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

    /// <summary>
    /// The file path or source name of the malformed input.
    /// </summary>
    public string FilePath { get; }

    /// <summary>
    /// The 1-based line number of the problem.
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

    private static string FormatMessage(string filePath, int lineNumber, int? columnNumber, string problem) =>
        columnNumber is { } column
            ? $"{filePath}:{lineNumber}:{column}: {problem}"
            : $"{filePath}:{lineNumber}: {problem}";
}
