namespace TextClassification.Bundles;

/// <summary>A model bundle could not be read: a file is missing, corrupt, of the wrong size or inconsistent
/// with the manifest. <see cref="FilePath"/> names the file at fault.</summary>
public sealed class BundleFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
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
    public BundleFormatException(string message)
        : this(string.Empty, message)
    {
    }

    /// <summary>Creates the exception with no file.</summary>
    public BundleFormatException(string message, Exception innerException)
        : this(string.Empty, message, innerException)
    {
    }

    /// <summary>The file at fault.</summary>
    public string FilePath { get; }
}
