namespace TextClassification.Cli;

/// <summary>
/// A data file that reads without error but cannot be used as a whole (no rows left, one label only): the problem
/// belongs to the file, not to one of its lines. An <see cref="ArgumentException"/>, as the other problems with what
/// the user gave; at build time it is an error at the file (<see cref="MSBuildErrorFormat"/>).
/// </summary>
internal sealed class DataFileException : ArgumentException
{
    /// <summary>Creates the exception; the message is <c>&lt;file&gt;: &lt;problem&gt;</c>.</summary>
    /// <param name="filePath">The data file, as the user named it.</param>
    /// <param name="problem">What is wrong with it.</param>
    public DataFileException(string filePath, string problem)
        : base($"{filePath}: {problem}")
    {
        FilePath = filePath;
        Problem = problem;
    }

    /// <summary>The data file, as the user named it.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong with it, without the file name.</summary>
    public string Problem { get; }
}
