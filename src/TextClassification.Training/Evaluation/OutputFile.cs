namespace TextClassification.Training.Evaluation;

/// <summary>
/// Writes a small output file (metrics JSON) the way a user naming it expects: a regular file is replaced atomically
/// (a temporary file beside it, then a rename), through a symbolic link to the file it points at (but a link in a
/// folder every user may write to, sticky or not, which is replaced itself); standard output (<c>/dev/stdout</c>), other streams
/// and devices (a pipe such as <c>/dev/fd/63</c> from <c>&gt;(jq .)</c>, a FIFO, <c>/dev/null</c>) are written into
/// directly — renaming over them would replace the device or pipe with a regular file (as root, <c>/dev/stdout</c>
/// itself).
/// </summary>
internal static class OutputFile
{
    /// <summary>Whether <paramref name="path"/> names a stream or device rather than a file to replace, by its name
    /// alone: on Unix anything under <c>/dev</c> (but <c>/dev/shm</c> and <c>/dev/mqueue</c>, which hold regular
    /// files) and <c>/proc/self/fd/*</c>. Renaming over a device node would replace it with a regular file
    /// (<c>/dev/full</c>, <c>/dev/null</c>); a write into it says what the device does. A FIFO elsewhere is found when
    /// it is written.</summary>
    public static bool IsStream(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        if (FullPathOrNull(path) is not { } full)
        {
            return false;
        }

        return (full.StartsWith("/dev/", StringComparison.Ordinal)
                && !full.StartsWith("/dev/shm/", StringComparison.Ordinal) && !full.StartsWith("/dev/mqueue/", StringComparison.Ordinal))
            || full.StartsWith("/proc/self/fd/", StringComparison.Ordinal);
    }

    /// <summary>Whether <paramref name="path"/> names the process's standard output (<c>/dev/stdout</c>, <c>/dev/fd/1</c>,
    /// <c>/proc/self/fd/1</c>), which <see cref="Write"/> writes through the process's own handle.</summary>
    public static bool IsStandardOutput(string path) =>
        FullPathOrNull(path) is "/dev/stdout" or "/dev/fd/1" or "/proc/self/fd/1";

    /// <summary>The full path, or null for a relative path while the current folder no longer exists (deleted, or moved
    /// away): no stream is named so, and writing the file says why it cannot be. It had thrown .NET's "Unable to find the
    /// specified file." out of textclf's option checks, a stack trace naming no option.</summary>
    internal static string? FullPathOrNull(string path)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (IOException) when (!Path.IsPathRooted(path))
        {
            return null;
        }
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> as the type summary says, creating the folder
    /// of a new regular file when missing.</summary>
    public static void Write(byte[] bytes, string path)
    {
        if (TryWriteStream(bytes, path))
        {
            return;
        }

        string fullPath = Path.GetFullPath(path);
        // A symbolic link stays a link: the file it leads to is the one replaced. Not in a folder every user may write
        // to, sticky (/tmp) or not (a 0777 folder another user made, where the link had been followed): there a link
        // can be someone else's, planted to make this write replace a file of the user running it (what the kernel's
        // protected_symlinks prevents for plain opens in sticky folders), so the link itself is replaced.
        if (new FileInfo(fullPath).LinkTarget is not null && !InFolderEveryoneCanWrite(fullPath) &&
            File.ResolveLinkTarget(fullPath, returnFinalTarget: true) is { } target)
        {
            fullPath = target.FullName;
        }

        string directory = Path.GetDirectoryName(fullPath)
            ?? throw new ArgumentException($"\"{path}\" has no parent folder.", nameof(path));
        Directory.CreateDirectory(directory);
        string tempPath = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(tempPath, bytes);
            File.Move(tempPath, fullPath, overwrite: true);
        }
        catch
        {
            try
            {
                File.Delete(tempPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Best effort: the write's own error is the one to report.
            }

            throw;
        }
    }

    private static bool InFolderEveryoneCanWrite(string path)
    {
        if (OperatingSystem.IsWindows() || Path.GetDirectoryName(path) is not { } folder)
        {
            return false;
        }

        return (File.GetUnixFileMode(folder) & UnixFileMode.OtherWrite) != 0;
    }

    // Standard output and error through the process's own handles (a redirected file keeps its offset, so what the
    // command printed before stays); other streams by opening them. An existing file elsewhere is a stream when it
    // cannot seek (a FIFO).
    private static bool TryWriteStream(byte[] bytes, string path)
    {
        string full = Path.GetFullPath(path);
        if (IsStandardOutput(full))
        {
            using Stream stdout = Console.OpenStandardOutput();
            stdout.Write(bytes);
            stdout.Write("\n"u8);
            return true;
        }

        if (full is "/dev/stderr" or "/dev/fd/2" or "/proc/self/fd/2")
        {
            using Stream stderr = Console.OpenStandardError();
            stderr.Write(bytes);
            stderr.Write("\n"u8);
            return true;
        }

        if (IsStream(full))
        {
            using var stream = new FileStream(full, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1);
            stream.Write(bytes);
            if (stream.CanSeek && stream.Length > bytes.Length)
            {
                try
                {
                    // A regular file under /dev (Kubernetes' /dev/termination-log): no old bytes after the new ones.
                    stream.SetLength(bytes.Length);
                }
                catch (IOException)
                {
                    // A device that reports a length but takes no truncation.
                }
            }

            return true;
        }

        if (OperatingSystem.IsWindows() || !File.Exists(full))
        {
            return false;
        }

        try
        {
            using var existing = new FileStream(full, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1);
            if (existing.CanSeek)
            {
                return false; // a regular file: replaced atomically instead
            }

            existing.Write(bytes);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false; // not writable in place; the folder may still take a replacement
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return false; // a link to a file not made yet (File.Exists is true of the link): the file is written as new
        }
    }
}
