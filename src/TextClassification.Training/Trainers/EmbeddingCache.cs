using System.Buffers.Binary;
using System.Numerics.Tensors;
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
    private const int LockAttempts = 100;
    private const int LockWaitMilliseconds = 50;
    private readonly string _path;
    private readonly int _dimension;
    private readonly HashSet<Key> _addedByOthers = [];
    private bool _stopped;
    private long? _lengthBeforeRun;
    private long? _knownLength;

    private EmbeddingCache(string path, int dimension)
    {
        _path = path;
        _dimension = dimension;
    }

    /// <summary>Opens the cache file for appending (a test gives a stream whose writes fail as on a full disk).</summary>
    internal Func<string, FileStreamOptions, FileStream> OpenFile { get; set; } = static (path, options) => new FileStream(path, options);

    /// <summary>The cache file of this encoder (<c>&lt;fingerprint&gt;.bin</c> in the cache folder).</summary>
    public string FilePath => _path;

    /// <summary>Why the cache file could not be read or written (the first such failure), or null.</summary>
    public string? Problem { get; private set; }

    /// <summary>The cache of one encoder in <paramref name="directory"/>; nothing is read yet.</summary>
    public static EmbeddingCache Open(string directory, string encoderFingerprint, int dimension) =>
        new(Path.Combine(directory, encoderFingerprint + ".bin"), dimension);

    /// <summary>The key of a text's record.</summary>
    public static Key KeyOf(string text) => Key.From(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>Copies the cached vectors of <paramref name="wanted"/> (key → slot) into <paramref name="destination"/>
    /// (slot × dimension) and marks their slots in <paramref name="found"/>; returns how many were found. One pass over
    /// the file, a block of whole records at a time; a later record of a key replaces an earlier one. A record holding
    /// NaN or infinity is left out (its text is embedded again). A file that cannot be read (or stops part-way) keeps
    /// what was read; either sets <see cref="Problem"/>.</summary>
    public int Read(IReadOnlyDictionary<Key, int> wanted, Span<float> destination, bool[] found, CancellationToken cancellationToken)
    {
        if (wanted.Count == 0)
        {
            return 0;
        }

        if (!File.Exists(_path))
        {
            _knownLength = 0;
            return 0;
        }

        if (Untrusted())
        {
            return 0;
        }

        int recordBytes = KeyBytes + (_dimension * sizeof(float));
        // Whole records at a time, about 1 MB of them.
        byte[] block = new byte[recordBytes * Math.Max(1, (1 << 20) / recordBytes)];
        int count = 0;
        int corrupt = 0;
        long scanned = 0;
        try
        {
            using FileStream? stream = OpenForRead();
            if (stream is null || Untrusted(stream))
            {
                return 0;
            }

            // As far as the file's length as opened: writers wait for this read's lock, so a regular file ends there; a
            // device that never ends (/dev/zero's, by mknod) had been read block after block for good.
            long left = stream.Length;
            while (left > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int want = (int)Math.Min(block.Length, left);
                int read = stream.ReadAtLeast(block.AsSpan(0, want), want, throwOnEndOfStream: false);
                // A torn last record (read < a whole one) is left out.
                for (int offset = 0; offset + recordBytes <= read; offset += recordBytes)
                {
                    if (wanted.TryGetValue(Key.From(block.AsSpan(offset, KeyBytes)), out int slot))
                    {
                        ReadOnlySpan<float> vector = MemoryMarshal.Cast<byte, float>(block.AsSpan(offset + KeyBytes, recordBytes - KeyBytes));
                        if (!TensorPrimitives.IsFiniteAll(vector))
                        {
                            // A corrupt record (no encoder output is kept that holds NaN or infinity): left out, so its
                            // text is embedded again, instead of a head trained on NaN.
                            corrupt++;
                            continue;
                        }

                        vector.CopyTo(destination.Slice(slot * _dimension, _dimension));
                        count += found[slot] ? 0 : 1;
                        found[slot] = true;
                    }
                }

                scanned += read - (read % recordBytes);
                left -= read;
                if (read < want)
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

        // Records past it were appended by another writer after this scan: Append looks their keys up.
        _knownLength = scanned;
        if (corrupt > 0)
        {
            Problem ??= $"the embedding cache '{_path}' holds {corrupt} record{(corrupt == 1 ? string.Empty : "s")} with NaN or infinity (a corrupt file); {(corrupt == 1 ? "its text is" : "their texts are")} embedded again (deleting the file clears it)";
        }

        return count;
    }

    /// <summary>Appends vectors (<c>keys.Count × dimension</c>), leaving out those whose keys another writer has added
    /// since this cache was read; returns false (and sets <see cref="Problem"/>) when the file could not be written.
    /// After the first failure nothing more is written in this run, and the file is cut back to the length it had before
    /// this run's first record (a full disk is the likely cause: the optional cache may not take the space the bundle
    /// needs). The file is made readable and writable by its user only.</summary>
    public bool Append(IReadOnlyList<Key> keys, ReadOnlySpan<float> vectors)
    {
        if (_stopped || Untrusted())
        {
            return false;
        }

        FileStream? stream = null;
        try
        {
            stream = OpenForAppend();
            if (Untrusted(stream))
            {
                return false;
            }

            int record = KeyBytes + (_dimension * sizeof(float));
            // Drop a torn tail first, so records stay aligned.
            long whole = stream.Length - (stream.Length % record);
            _lengthBeforeRun ??= whole;
            HashSet<Key> added = AddedSince(stream, whole, record);
            byte[] records = new byte[keys.Count * record];
            int length = 0;
            for (int i = 0; i < keys.Count; i++)
            {
                if (added.Contains(keys[i]))
                {
                    continue;
                }

                keys[i].CopyTo(records.AsSpan(length, KeyBytes));
                MemoryMarshal.AsBytes(vectors.Slice(i * _dimension, _dimension)).CopyTo(records.AsSpan(length + KeyBytes));
                length += record;
            }

            stream.SetLength(whole);
            stream.Seek(whole, SeekOrigin.Begin);
            stream.Write(records, 0, length);
            _knownLength = whole + length;
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _stopped = true;
            string removed = stream is not null && RollBack(stream) ? "; what this run had added to it is removed" : string.Empty;
            Problem ??= $"the embedding cache '{_path}' could not be written ({ex.Message}); training goes on without it{removed}";
            return false;
        }
        finally
        {
            // Unbuffered: nothing is left to flush, so closing writes no more bytes after a failure.
            stream?.Dispose();
        }
    }

    // The file, locked for this process, made (as its folder, where that is made here) readable by its user only: a
    // cache is not for sharing, its vectors are trained on as they are. Another writer's lock is waited for a moment
    // (two trainings sharing a cache appended at once, and one of them gave up its cache with a warning).
    private FileStream OpenForAppend()
    {
        string folder = Path.GetDirectoryName(_path)!;
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None, BufferSize = 0 };
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return WaitingForLock(() => OpenFile(_path, options));
    }

    // The file for reading, waiting for another writer's lock as appending does: a run that opened it while another
    // appended read nothing and embedded every text again (the session's review). Opened for writing too, so a file this
    // user cannot write (another user's, in a shared folder: readable, but not theirs to vouch for) is not read.
    // Null, and the cache stopped for the run, where this user may not write the file: the message had said it "could not
    // be read (Access to the path is denied)" of a file `ls` shows readable, and not why nor what to do (review2 39).
    private FileStream? OpenForRead()
    {
        try
        {
            return WaitingForLock(() => new FileStream(_path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan));
        }
        catch (UnauthorizedAccessException)
        {
            _stopped = true;
            Problem ??= $"the embedding cache '{_path}' cannot be written by this user (another user's file, or one made read-only), so it is not read: its vectors are trained on as they are, and only a file this user alone can write is trusted; its texts are embedded again (make it this user's and writable, chmod 600, or delete it)";
            return null;
        }
    }

    // Whether the cache is not to be trusted, so neither read nor written (and stopped for the run): the file is a
    // symbolic link, or its folder can be written by every user and is not sticky (anyone may put a link or a file of
    // their own in its place at any time; a group-writable folder is let be: with a group per user, as umask 002 makes
    // folders, it is this user's own), or the file opened is no regular file (NotRegular) or grants writing to others
    // (WritableByOthers). Before, a link that
    // another user planted in a shared cache folder (`--embedding-cache /tmp/cache`, XDG_CACHE_HOME=/tmp) was followed:
    // the file it led to, any file of this user's (~/.bashrc), was cut to a whole number of records and the vectors
    // appended to it (env audit 40). Asked before the open (a dangling link would have created the file it names) and
    // of the path again after it.
    private bool Untrusted(FileStream? opened = null)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        string folder = Path.GetDirectoryName(_path)!;
        try
        {
            if (new FileInfo(_path).LinkTarget is { } target)
            {
                return Refuse($"the embedding cache '{_path}' is a symbolic link (to '{target}'), so it is neither read nor written: the vectors would be written into the file it leads to; delete the link");
            }

            UnixFileMode mode = File.GetUnixFileMode(folder);
            if ((mode & UnixFileMode.OtherWrite) != 0 && (mode & UnixFileMode.StickyBit) == 0)
            {
                return Refuse($"the embedding cache folder '{folder}' can be written by every user (mode {Convert.ToString((int)mode, 8)}), so its cache is neither read nor written: anyone could put a file of their own, or a link to one of this user's files, in place of '{Path.GetFileName(_path)}'; make it its user's only (chmod 700) or use a folder of this user's own");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // No folder yet (the first append makes it, 0700) or one that cannot be asked: opening it finds out.
        }

        return NotRegular(opened) || WritableByOthers(opened);
    }

    // Whether the file opened is a named pipe (or another file that cannot seek) in place of the cache: reading it waited
    // for a writer that never came, so train --encoder hung for good and SIGTERM did not end it (review 54b), and
    // appending failed on its length. Opening it for reading and writing, as both opens do, does not wait.
    private bool NotRegular(FileStream? opened) => opened is { CanSeek: false }
        && Refuse($"the embedding cache '{_path}' is not a regular file (a named pipe or a device), so it is neither read nor written; delete it");

    private bool Refuse(string problem)
    {
        _stopped = true;
        Problem ??= problem;
        return true;
    }

    // Whether the file grants writing to its group or others: its vectors are trained on as they are, and this cache
    // makes its files 0600, so such a file is another user's or was opened up; it is neither read nor written (with
    // OpenForRead's check, a file that is read is one only this user can write). Asked of the path first (no lock is
    // waited for), then of the file opened: its owner could open it up in between (review2 39).
    private bool WritableByOthers(FileStream? opened = null)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        UnixFileMode mode;
        try
        {
            mode = opened is null ? File.GetUnixFileMode(_path) : File.GetUnixFileMode(opened.SafeFileHandle);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Gone since File.Exists (another run deleted it): the open that follows finds out, inside its own handling.
            return false;
        }

        if ((mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) == 0)
        {
            return false;
        }

        return Refuse($"the embedding cache '{_path}' can be written by other users (mode {Convert.ToString((int)mode, 8)}), so it is neither read nor written; make it its user's only (chmod 600) or delete it");
    }

    // Opens, trying again while another writer holds the lock (LockAttempts × LockWaitMilliseconds at most).
    private static FileStream WaitingForLock(Func<FileStream> open)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return open();
            }
            catch (IOException ex) when (attempt < LockAttempts && IsLocked(ex))
            {
                Thread.Sleep(LockWaitMilliseconds);
            }
        }
    }

    // Whether opening failed on another writer's lock: Windows' sharing and lock violations; on Unix .NET's flock
    // failing with EWOULDBLOCK, which it reports with that errno as the HResult (11 on Linux, 35 on macOS and BSD).
    private static bool IsLocked(IOException ex) => OperatingSystem.IsWindows()
        ? (ex.HResult & 0xFFFF) is 32 or 33
        : ex.HResult == (OperatingSystem.IsLinux() ? 11 : 35);

    // The keys of the whole records other writers appended since this cache read the file: those between what it last
    // knew of the file and its end are added to the ones seen before (a writer ahead of this one adds texts this one
    // embeds only later).
    private HashSet<Key> AddedSince(FileStream stream, long whole, int record)
    {
        if (_knownLength is not { } known || known >= whole)
        {
            return _addedByOthers;
        }

        byte[] key = new byte[KeyBytes];
        for (long offset = known; offset + record <= whole; offset += record)
        {
            stream.Seek(offset, SeekOrigin.Begin);
            stream.ReadExactly(key);
            _addedByOthers.Add(Key.From(key));
        }

        return _addedByOthers;
    }

    // Cuts the file back to its length before this run's first record; false where that failed too, or where there is
    // nothing to cut: no length recorded (the whole cache would go) or a file already shorter (another run cut it back;
    // setting its length would pad it with zeros). Records another run appended after this run's are cut too: a cache
    // miss for that run, never a wrong vector.
    private bool RollBack(FileStream stream)
    {
        try
        {
            if (_lengthBeforeRun is not long before || stream.Length <= before)
            {
                return false;
            }

            stream.SetLength(before);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
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
