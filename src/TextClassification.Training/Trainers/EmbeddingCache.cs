using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace TextClassification.Training.Trainers;

/// <summary>
/// An append-only file of sentence vectors for one encoder: <c>&lt;directory&gt;/&lt;encoder fingerprint&gt;.bin</c>
/// holding records <c>[SHA-256 of the text (32 bytes)][dimension floats]</c>. Keyed by encoder (the file) and text
/// (the record), so re-training on the same data with the same encoder embeds nothing. A torn last record (a run
/// that was killed) is ignored; a cache that cannot be written is skipped, never fatal.
/// </summary>
internal sealed class EmbeddingCache
{
    private const int KeyBytes = 32;
    private readonly string _path;
    private readonly int _dimension;
    private readonly Dictionary<string, float[]> _vectors = new(StringComparer.Ordinal);

    private EmbeddingCache(string path, int dimension)
    {
        _path = path;
        _dimension = dimension;
    }

    public static EmbeddingCache Open(string directory, string encoderFingerprint, int dimension)
    {
        var cache = new EmbeddingCache(Path.Combine(directory, encoderFingerprint + ".bin"), dimension);
        if (!File.Exists(cache._path))
        {
            return cache;
        }

        byte[] bytes = File.ReadAllBytes(cache._path);
        int record = KeyBytes + (dimension * sizeof(float));
        for (int offset = 0; offset + record <= bytes.Length; offset += record)
        {
            string key = Convert.ToHexString(bytes, offset, KeyBytes);
            cache._vectors[key] = MemoryMarshal.Cast<byte, float>(bytes.AsSpan(offset + KeyBytes, dimension * sizeof(float))).ToArray();
        }

        return cache;
    }

    public static string KeyOf(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public bool TryGet(string key, out float[] vector) => _vectors.TryGetValue(key, out vector!);

    /// <summary>Appends vectors (<c>keys.Count × dimension</c>); returns false when the file could not be written.</summary>
    public bool Append(IReadOnlyList<string> keys, ReadOnlySpan<float> vectors)
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

            for (int i = 0; i < keys.Count; i++)
            {
                stream.Write(Convert.FromHexString(keys[i]));
                stream.Write(MemoryMarshal.AsBytes(vectors.Slice(i * _dimension, _dimension)));
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
