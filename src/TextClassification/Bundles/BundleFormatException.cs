namespace TextClassification.Bundles;

/// <summary>A model bundle could not be read: a file is missing, corrupt, of the wrong size or inconsistent
/// with the manifest. <see cref="FilePath"/> names the file at fault.</summary>
public sealed class BundleFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="filePath">The file at fault; empty when none. Prefixes the message.</param>
    /// <param name="message">What is wrong with the file.</param>
    /// <param name="innerException">The error that revealed the problem, if any.</param>
    public BundleFormatException(string filePath, string message, Exception? innerException = null)
        : base(string.IsNullOrEmpty(filePath) ? message : $"{filePath}: {message}", innerException)
    {
        FilePath = filePath;
    }

    /// <summary>Creates the exception with no file (for serializers and tooling).</summary>
    public BundleFormatException()
        : this(string.Empty, "invalid model bundle")
    {
    }

    /// <summary>Creates the exception with no file.</summary>
    /// <param name="message">What is wrong with the bundle.</param>
    public BundleFormatException(string message)
        : this(string.Empty, message)
    {
    }

    /// <summary>Creates the exception with no file.</summary>
    /// <param name="message">What is wrong with the bundle.</param>
    /// <param name="innerException">The error that revealed the problem.</param>
    public BundleFormatException(string message, Exception innerException)
        : this(string.Empty, message, innerException)
    {
    }

    /// <summary>The file at fault.</summary>
    public string FilePath { get; }
}
