using System.Runtime.InteropServices;
using System.Security.Cryptography;
using TextClassification.Memory;

namespace TextClassification.Bundles;

/// <summary>Reads and writes the raw little-endian arrays of a bundle, checking names, sizes and hashes.</summary>
internal static class BundleFiles
{
    /// <summary>Resolves a file name from the manifest inside <paramref name="bundleDirectory"/>; rejects anything
    /// that is not a plain file name (directories, <c>..</c>, rooted paths) so a manifest cannot reach outside.</summary>
    public static string Resolve(string bundleDirectory, string manifestPath, string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName) ||
            fileName is "." or ".." ||
            Path.IsPathRooted(fileName) ||
            fileName.IndexOfAny(['/', '\\', ':', '\0']) >= 0)
        {
            throw new BundleFormatException(manifestPath, $"file name '{fileName}' is not a plain file name inside the bundle folder.");
        }

        return Path.Combine(bundleDirectory, fileName);
    }

    /// <summary>Checks that every file <paramref name="manifest"/> lists is in <paramref name="bundleDirectory"/> with the
    /// size it records (the hashes are checked when the weights are read): a cheap check that a copied or published
    /// bundle is whole, before anything is loaded.</summary>
    /// <exception cref="BundleFormatException">A file is missing or has another size; the message names it.</exception>
    public static void RequireListed(string bundleDirectory, string manifestPath, ModelManifest manifest)
    {
        foreach ((string name, BundleFileEntry entry) in manifest.Files)
        {
            string path = Path.GetFullPath(Resolve(bundleDirectory, manifestPath, name));
            FileInfo file = Target(path);
            if (!file.Exists)
            {
                throw new BundleFormatException(path, $"{FileTarget.Missing(path, file)} (the manifest {manifestPath} lists it; copy the whole bundle folder).");
            }

            if (entry is not null && file.Length != entry.Bytes)
            {
                throw new BundleFormatException(path, $"the file has {file.Length} bytes; the manifest records {entry.Bytes} (truncated or wrong file).");
            }
        }
    }

    /// <summary>Reads a file of <paramref name="count"/> values of <typeparamref name="T"/>, after checking it against
    /// its manifest entry (size and SHA-256); <paramref name="cancellationToken"/> is looked at before the file is opened
    /// and between pieces of <see cref="PieceBytes"/>, each read and hashed.</summary>
    public static T[] Read<T>(string path, long count, ModelManifest manifest, CancellationToken cancellationToken = default)
        where T : unmanaged
    {
        cancellationToken.ThrowIfCancellationRequested();
        string name = Path.GetFileName(path);
        if (!manifest.Files.TryGetValue(name, out BundleFileEntry? entry) || entry is null)
        {
            throw new BundleFormatException(path, "the manifest's 'files' section does not list this file.");
        }

        long expectedBytes = count * Marshal.SizeOf<T>();
        if (count < 0 || expectedBytes > Array.MaxLength)
        {
            throw new BundleFormatException(path, $"the manifest asks for {count} values, more than an array can hold.");
        }

        if (entry.Bytes != expectedBytes)
        {
            throw new BundleFormatException(path, $"the manifest says {entry.Bytes} bytes but the model shape needs {expectedBytes}.");
        }

        FileInfo file = Target(path);
        if (!file.Exists)
        {
            throw new BundleFormatException(path, FileTarget.Missing(path, file) + ".");
        }

        if (file.Length != expectedBytes)
        {
            throw new BundleFormatException(path, $"the file has {file.Length} bytes; {expectedBytes} expected (truncated or wrong file).");
        }

        T[] values = LargeArrays.Zeroed<T>(count);
        Span<byte> bytes = MemoryMarshal.AsBytes(values.AsSpan());
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            using FileStream stream = new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            // In pieces, each read and hashed after a look at the token: a large model's table (hundreds of MB) took
            // seconds to read and hash, and a canceled load waited for it (review 52c).
            for (int offset = 0; offset < bytes.Length; offset += PieceBytes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Span<byte> piece = bytes.Slice(offset, Math.Min(PieceBytes, bytes.Length - offset));
                stream.ReadExactly(piece);
                hash.AppendData(piece);
            }
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or EndOfStreamException or UnauthorizedAccessException)
        {
            // Deleted (on Windows: pending deletion, which refuses access) or cut short since it was measured: a save
            // replaced the bundle meanwhile.
            throw new BundleFormatException(path, $"the file is missing, was cut short or could not be opened while it was read ({ex.Message})", ex);
        }

        string actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (!string.Equals(actual, entry.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new BundleFormatException(path, $"SHA-256 is {actual} but the manifest says {entry.Sha256}: the file is corrupt or was replaced.");
        }

        return values;
    }

    /// <summary>True when the file at <paramref name="path"/> has the size and SHA-256 of <paramref name="entry"/>.</summary>
    public static bool Matches(string path, BundleFileEntry entry)
    {
        FileInfo file;
        try
        {
            file = FileTarget.Of(path);
        }
        catch (IOException)
        {
            return false; // links that cannot be followed: the save replaces the file
        }

        if (!file.Exists || file.Length != entry.Bytes)
        {
            return false;
        }

        using FileStream stream = file.OpenRead();
        return string.Equals(Convert.ToHexStringLower(SHA256.HashData(stream)), entry.Sha256, StringComparison.OrdinalIgnoreCase);
    }

    // The file a bundle path leads to, measured there: a bundle of symbolic links (cp -rs, a Kubernetes ConfigMap
    // volume) was refused as "truncated", every link's own length compared with the manifest's sizes.
    private static FileInfo Target(string path)
    {
        try
        {
            return FileTarget.Of(path);
        }
        catch (IOException ex)
        {
            throw new BundleFormatException(path, $"the symbolic link cannot be followed ({ex.Message}).", ex);
        }
    }

    // How many bytes Read reads and hashes, and Write writes, between two looks at the cancellation token.
    private const int PieceBytes = 16 << 20;

    /// <summary>Writes values as raw little-endian bytes, flushed to disk, and returns the manifest entry.</summary>
    public static BundleFileEntry Write<T>(string path, ReadOnlySpan<T> values, CancellationToken cancellationToken = default)
        where T : unmanaged
    {
        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(values);
        using (FileStream stream = new(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        {
            // In pieces, each after a look at the token: a large model's table (hundreds of MB) took seconds to write,
            // and a canceled save waited for it (review 51e).
            for (int offset = 0; offset < bytes.Length; offset += PieceBytes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                stream.Write(bytes.Slice(offset, Math.Min(PieceBytes, bytes.Length - offset)));
            }

            cancellationToken.ThrowIfCancellationRequested();
            stream.Flush(flushToDisk: true);
        }

        return new BundleFileEntry(bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }
}
