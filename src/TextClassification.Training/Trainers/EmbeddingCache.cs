using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace TextClassification.Training.Trainers;

/// <summary>
/// An append-only file of sentence vectors for one encoder: <c>&lt;directory&gt;/&lt;encoder fingerprint&gt;.bin</c>
/// holding records <c>[SHA-256 of the text (32 bytes)][dimension floats]</c>. Keyed by encoder (the file) and text
/// (the record), so re-training on the same data with the same encoder embeds nothing. The file is read as a stream and
/// only the vectors a training run asks for are kept, so its size is bounded by the disk, not by memory or an array's
/// 2 GB. A torn last record (a run that was killed) is ignored; a cache that cannot be read or written is skipped, never
/// fatal, and <see cref="Problem"/> says why.
/// </summary>
internal sealed class EmbeddingCache
{
    private const int KeyBytes = 32;
    private readonly string _path;
    private readonly int _dimension;

    private EmbeddingCache(string path, int dimension)
    {
        _path = path;
        _dimension = dimension;
    }

    /// <summary>Why the cache file could not be read or written (the first such failure), or null.</summary>
    public string? Problem { get; private set; }

    /// <summary>The cache of one encoder in <paramref name="directory"/>; nothing is read yet.</summary>
    public static EmbeddingCache Open(string directory, string encoderFingerprint, int dimension) =>
        new(Path.Combine(directory, encoderFingerprint + ".bin"), dimension);

    /// <summary>The key of a text's record.</summary>
    public static Key KeyOf(string text) => Key.From(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>Copies the cached vectors of <paramref name="wanted"/> (key → slot) into <paramref name="destination"/>
    /// (slot × dimension) and marks their slots in <paramref name="found"/>; returns how many were found. One pass over
    /// the file, a block of whole records at a time; a later record of a key replaces an earlier one. A file that cannot
    /// be read (or stops part-way) keeps what was read and sets <see cref="Problem"/>.</summary>
    public int Read(IReadOnlyDictionary<Key, int> wanted, Span<float> destination, bool[] found, CancellationToken cancellationToken)
    {
        if (wanted.Count == 0 || !File.Exists(_path))
        {
            return 0;
        }

        int recordBytes = KeyBytes + (_dimension * sizeof(float));
        // Whole records at a time, about 1 MB of them.
        byte[] block = new byte[recordBytes * Math.Max(1, (1 << 20) / recordBytes)];
        int count = 0;
        try
        {
            using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int read = stream.ReadAtLeast(block, block.Length, throwOnEndOfStream: false);
                // A torn last record (read < a whole one) is left out.
                for (int offset = 0; offset + recordBytes <= read; offset += recordBytes)
                {
                    if (wanted.TryGetValue(Key.From(block.AsSpan(offset, KeyBytes)), out int slot))
                    {
                        MemoryMarshal.Cast<byte, float>(block.AsSpan(offset + KeyBytes, recordBytes - KeyBytes)).CopyTo(destination.Slice(slot * _dimension, _dimension));
                        count += found[slot] ? 0 : 1;
                        found[slot] = true;
                    }
                }

                if (read < block.Length)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Whatever was read stays good (each record is whole); the rest is embedded again.
            Problem ??= $"the embedding cache '{_path}' could not be read ({ex.Message}); its texts are embedded again";
        }

        return count;
    }

    /// <summary>Appends vectors (<c>keys.Count × dimension</c>); returns false (and sets <see cref="Problem"/>) when the
    /// file could not be written.</summary>
    public bool Append(IReadOnlyList<Key> keys, ReadOnlySpan<float> vectors)
    {
        try
        {
            // Readable by its user only, where the folder is made here (a cache is not for sharing: its vectors are
            // trained on as they are).
            string folder = Path.GetDirectoryName(_path)!;
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
            }
            else
            {
                Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            using var stream = new FileStream(_path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None);
            // Drop a torn tail first, so records stay aligned.
            int record = KeyBytes + (_dimension * sizeof(float));
            long whole = stream.Length - (stream.Length % record);
            stream.SetLength(whole);
            stream.Seek(whole, SeekOrigin.Begin);

            Span<byte> key = stackalloc byte[KeyBytes];
            for (int i = 0; i < keys.Count; i++)
            {
                keys[i].CopyTo(key);
                stream.Write(key);
                stream.Write(MemoryMarshal.AsBytes(vectors.Slice(i * _dimension, _dimension)));
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Problem ??= $"the embedding cache '{_path}' could not be written ({ex.Message}); training goes on without it";
            return false;
        }
    }

    /// <summary>A record's key: the text's SHA-256, as four words (compared and hashed without allocating).</summary>
    internal readonly record struct Key(ulong A, ulong B, ulong C, ulong D)
    {
        public static Key From(ReadOnlySpan<byte> sha256) => new(
            BinaryPrimitives.ReadUInt64LittleEndian(sha256),
            BinaryPrimitives.ReadUInt64LittleEndian(sha256[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(sha256[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(sha256[24..]));

        public void CopyTo(Span<byte> destination)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(destination, A);
            BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], B);
            BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], C);
            BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], D);
        }
    }
}
