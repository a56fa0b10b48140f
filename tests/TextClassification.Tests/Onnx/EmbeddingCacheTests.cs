using TextClassification.Tests.Support;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Onnx;

/// <summary>The embedding cache's file: a write that fails (a full disk) rolls back and stops the cache for the run,
/// the file is its user's only (never a link, nor in a folder anyone can write), and writers sharing it wait for each
/// other's lock and add no record twice.</summary>
public sealed class EmbeddingCacheTests
{
    private const int Dimension = 2;
    private const int RecordBytes = 32 + (Dimension * sizeof(float));

    [Fact]
    public void A_failed_write_removes_what_the_run_added_and_stops_the_cache_for_the_run()
    {
        // A full disk: the cache kept every byte it wrote and kept appending, so the bundle's save then failed for lack of
        // the space the optional cache took.
        using var folder = new TempFolder("tc-cache-full");
        File.WriteAllBytes(folder.Combine("fp.bin"), new byte[RecordBytes]); // a record of an earlier run
        int opened = 0;
        EmbeddingCache cache = EmbeddingCache.Open(folder.Path, "fp", Dimension);
        cache.OpenFile = (path, options) => ++opened == 2 ? new FullDiskStream(path, options) : new FileStream(path, options);

        Assert.True(cache.Append([Key("a"), Key("b")], [1, 2, 3, 4]));
        Assert.False(cache.Append([Key("c"), Key("d")], [5, 6, 7, 8]));
        Assert.False(cache.Append([Key("e")], [9, 10]));

        Assert.Equal(2, opened); // nothing more is tried after the failure
        Assert.Equal(RecordBytes, new FileInfo(folder.Combine("fp.bin")).Length);
        Assert.Contains("could not be written", cache.Problem, StringComparison.Ordinal);
        Assert.Contains("what this run had added to it is removed", cache.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_write_never_pads_a_file_another_run_cut_shorter()
    {
        // The cut-back set the file's length to what it was before this run: where another run had cut it shorter since,
        // that padded it with a record of zeros (the session's review).
        using var folder = new TempFolder("tc-cache-cut");
        File.WriteAllBytes(folder.Combine("fp.bin"), new byte[RecordBytes]);
        int opened = 0;
        EmbeddingCache cache = EmbeddingCache.Open(folder.Path, "fp", Dimension);
        cache.OpenFile = (path, options) => ++opened == 2 ? new FullDiskStream(path, options) : new FileStream(path, options);
        Assert.True(cache.Append([Key("a")], [1, 2]));

        File.WriteAllBytes(folder.Combine("fp.bin"), []); // another run cut it back to nothing
        Assert.False(cache.Append([Key("b")], [3, 4]));

        // Only the torn half of the failed record is there (a reader drops a torn tail), no record of zeros.
        Assert.True(new FileInfo(folder.Combine("fp.bin")).Length < RecordBytes);
    }

    [Fact]
    public async Task A_read_waits_for_a_writer_holding_the_lock()
    {
        // A run that opened the cache while another appended read nothing and embedded every text again.
        using var folder = new TempFolder("tc-cache-read-lock");
        EmbeddingCache writer = EmbeddingCache.Open(folder.Path, "fp", Dimension);
        Assert.True(writer.Append([Key("a")], [1, 2]));
        EmbeddingCache reader = EmbeddingCache.Open(folder.Path, "fp", Dimension);
        var found = new bool[1];
        float[] vector = new float[Dimension];

        var held = new FileStream(folder.Combine("fp.bin"), FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        Task<int> read = Task.Run(() => reader.Read(new Dictionary<EmbeddingCache.Key, int> { [Key("a")] = 0 }, vector, found, default));
        await Task.Delay(300);
        Assert.False(read.IsCompleted);
        await held.DisposeAsync();
        Assert.Equal(1, await read);

        Assert.Equal([1f, 2f], vector);
        Assert.Null(reader.Problem);
    }

    [Fact]
    public void The_cache_file_is_readable_by_its_user_only()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // The folder was made 0700, but the file took the umask (0644): in an existing shared folder its vectors were
        // readable by all.
        using var folder = new TempFolder("tc-cache-mode");
        EmbeddingCache cache = EmbeddingCache.Open(folder.Path, "fp", Dimension);

        Assert.True(cache.Append([Key("a")], [1, 2]));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(folder.Combine("fp.bin")));
    }

    [Fact]
    public void A_cache_file_others_can_write_is_neither_read_nor_written()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // A file in a shared folder that other users can write may hold vectors they chose, trained on as they are: it
        // was read (and appended to) like one's own.
        using var folder = new TempFolder("tc-cache-shared");
        string file = folder.Combine("fp.bin");
        Assert.True(EmbeddingCache.Open(folder.Path, "fp", Dimension).Append([Key("a")], [1, 2]));
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);
        EmbeddingCache cache = EmbeddingCache.Open(folder.Path, "fp", Dimension);
        var found = new bool[1];

        Assert.Equal(0, cache.Read(new Dictionary<EmbeddingCache.Key, int> { [Key("a")] = 0 }, new float[Dimension], found, default));
        Assert.False(cache.Append([Key("b")], [3, 4]));

        Assert.False(found[0]);
        Assert.Equal(RecordBytes, new FileInfo(file).Length);
        Assert.Contains("can be written by other users (mode 666)", cache.Problem, StringComparison.Ordinal);
        Assert.Contains("chmod 600", cache.Problem, StringComparison.Ordinal);

        // Its user's only again, it is read.
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.Equal(1, EmbeddingCache.Open(folder.Path, "fp", Dimension).Read(new Dictionary<EmbeddingCache.Key, int> { [Key("a")] = 0 }, new float[Dimension], new bool[1], default));
    }

    [SymbolicLinkFact]
    public void A_cache_file_that_is_a_symbolic_link_is_neither_followed_nor_made()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // A link planted in a cache folder others can write (`--embedding-cache /tmp/cache`, XDG_CACHE_HOME=/tmp) was
        // followed: the user's own file it led to was cut to a whole number of records and the vectors appended to it,
        // and a link to no file made one.
        using var folder = new TempFolder("tc-cache-link");
        string victim = folder.Combine("notes.txt");
        File.WriteAllText(victim, "a file of the user's own, not a cache");
        File.CreateSymbolicLink(folder.Combine("fp.bin"), victim);
        File.CreateSymbolicLink(folder.Combine("other.bin"), folder.Combine("created-by-the-link.txt"));
        EmbeddingCache cache = EmbeddingCache.Open(folder.Path, "fp", Dimension);
        EmbeddingCache dangling = EmbeddingCache.Open(folder.Path, "other", Dimension);

        Assert.Equal(0, ReadOne(cache, "a"));
        Assert.False(cache.Append([Key("a")], [1, 2]));
        Assert.False(dangling.Append([Key("a")], [1, 2]));

        Assert.Equal("a file of the user's own, not a cache", File.ReadAllText(victim));
        Assert.False(File.Exists(folder.Combine("created-by-the-link.txt")));
        Assert.Contains($"is a symbolic link (to '{victim}'), so it is neither read nor written", cache.Problem, StringComparison.Ordinal);
        Assert.Contains("is a symbolic link", dangling.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cache_folder_every_user_can_write_is_not_used_unless_sticky()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // Anyone could put a file or a link in place of the cache file there, between one run and the next.
        using var folder = new TempFolder("tc-cache-open-folder");
        UnixFileMode open = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupWrite |
            UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(folder.Path, open);
        EmbeddingCache cache = EmbeddingCache.Open(folder.Path, "fp", Dimension);

        Assert.False(cache.Append([Key("a")], [1, 2]));
        Assert.Equal(0, ReadOne(cache, "a"));
        Assert.False(File.Exists(folder.Combine("fp.bin")));
        Assert.Contains($"the embedding cache folder '{folder.Path}' can be written by every user (mode 777)", cache.Problem, StringComparison.Ordinal);

        // Sticky, as /tmp is: others cannot replace a file of this user's there.
        File.SetUnixFileMode(folder.Path, open | UnixFileMode.StickyBit);
        Assert.True(EmbeddingCache.Open(folder.Path, "fp", Dimension).Append([Key("a")], [1, 2]));
    }

    [Fact]
    public void A_cache_file_this_user_cannot_write_is_not_read_and_the_problem_says_why()
    {
        if (OperatingSystem.IsWindows() || Environment.IsPrivilegedProcess)
        {
            return; // root writes any file
        }

        // A cache file made read-only (or another user's, readable): it is not read, by design, but the problem said it
        // "could not be read (Access to the path … is denied.)" of a file that is readable, and not what to do.
        using var folder = new TempFolder("tc-cache-readonly");
        string file = folder.Combine("fp.bin");
        Assert.True(EmbeddingCache.Open(folder.Path, "fp", Dimension).Append([Key("a")], [1, 2]));
        File.SetUnixFileMode(file, UnixFileMode.UserRead);
        EmbeddingCache cache = EmbeddingCache.Open(folder.Path, "fp", Dimension);

        Assert.Equal(0, cache.Read(new Dictionary<EmbeddingCache.Key, int> { [Key("a")] = 0 }, new float[Dimension], new bool[1], default));
        Assert.False(cache.Append([Key("b")], [3, 4]));

        Assert.Contains("cannot be written by this user", cache.Problem, StringComparison.Ordinal);
        Assert.Contains("chmod 600", cache.Problem, StringComparison.Ordinal);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public void A_cache_file_opened_up_between_the_check_and_the_open_is_not_written()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // The group and other write bits were checked on the path before the file was opened: its owner (another user,
        // in a shared folder) could open it up in between, and the file then opened was trusted (review2 39). Checked
        // on the handle opened, that file is refused.
        using var folder = new TempFolder("tc-cache-race");
        string file = folder.Combine("fp.bin");
        Assert.True(EmbeddingCache.Open(folder.Path, "fp", Dimension).Append([Key("a")], [1, 2]));
        EmbeddingCache cache = EmbeddingCache.Open(folder.Path, "fp", Dimension);
        cache.OpenFile = (path, options) =>
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);
            }

            return new FileStream(path, options);
        };

        Assert.False(cache.Append([Key("b")], [3, 4]));

        Assert.Equal(RecordBytes, new FileInfo(file).Length);
        Assert.Contains("can be written by other users (mode 606)", cache.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_append_waits_for_another_writers_lock()
    {
        // Two trainings sharing a cache: an append that met the other's lock gave up the cache with a warning.
        using var folder = new TempFolder("tc-cache-lock");
        string file = folder.Combine("fp.bin");
        EmbeddingCache cache = EmbeddingCache.Open(folder.Path, "fp", Dimension);
        var other = new FileStream(file, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        Task release = Task.Run(async () =>
        {
            await Task.Delay(300);
            await other.DisposeAsync();
        });

        bool appended = cache.Append([Key("a")], [1, 2]);
        await release;

        Assert.True(appended, cache.Problem);
        Assert.Equal(RecordBytes, new FileInfo(file).Length);
    }

    [Fact]
    public void Writers_sharing_a_cache_add_no_text_twice()
    {
        // Two runs embedding the same texts at once each appended all of them: the file doubled, for good. The later
        // writer leaves out what the other added since it read the file, also texts the other reached chunks earlier.
        using var folder = new TempFolder("tc-cache-share");
        EmbeddingCache first = EmbeddingCache.Open(folder.Path, "fp", Dimension);
        EmbeddingCache second = EmbeddingCache.Open(folder.Path, "fp", Dimension);
        var wanted = new Dictionary<EmbeddingCache.Key, int> { [Key("a")] = 0 };
        first.Read(wanted, new float[Dimension], new bool[1], default);
        second.Read(wanted, new float[Dimension], new bool[1], default);

        Assert.True(first.Append([Key("a"), Key("b")], [1, 2, 3, 4]));
        Assert.True(first.Append([Key("c")], [5, 6]));
        Assert.True(second.Append([Key("a"), Key("x")], [1, 2, 7, 8]));
        Assert.True(first.Append([Key("d")], [9, 10]));
        Assert.True(second.Append([Key("c"), Key("d"), Key("b")], [5, 6, 9, 10, 3, 4]));

        Assert.Equal(5 * RecordBytes, new FileInfo(folder.Combine("fp.bin")).Length); // a b c x d
        Assert.Null(first.Problem);
        Assert.Null(second.Problem);
    }

    [Fact]
    public void A_named_pipe_in_place_of_the_cache_file_is_neither_read_nor_written()
    {
        // A FIFO at <fingerprint>.bin (only the cache's user can make one in its 0700 folder) hung train --encoder for
        // good: the read waited on the pipe for a writer that never came, and SIGTERM did not end it (review 54b).
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var folder = new TempFolder("tc-cache-fifo");
        string fifo = folder.Combine("fp.bin");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        EmbeddingCache cache = EmbeddingCache.Open(folder.Path, "fp", Dimension);
        using var stop = new CancellationTokenSource();
        int found = -1;
        bool appended = true;
        Exception? failure = OnDedicatedThread(
            () =>
            {
                found = ReadOne(cache, "a", stop.Token);
                appended = cache.Append([Key("a")], [1, 2]);
            },
            () =>
            {
                // One block of bytes ends the read it waits in, and the canceled token ends the scan.
                stop.Cancel();
                new Thread(() => FeedOneBlock(fifo)) { IsBackground = true }.Start();
            },
            "the cache waited on the named pipe");

        Assert.Null(failure);
        Assert.Equal(0, found);
        Assert.False(appended);
        Assert.Contains("is not a regular file", cache.Problem, StringComparison.Ordinal);
        Assert.Contains(fifo, cache.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_device_that_reads_without_end_in_place_of_the_cache_file_ends_the_read()
    {
        // A character device that seeks but never ends (/dev/zero's, made by root with mknod) at <fingerprint>.bin was read
        // block after block for good: the scan ran to an end of file that never came. It reads as far as the file's
        // length as opened (0 here), which is where a regular file ends too: its writers wait for the reader's lock.
        if (OperatingSystem.IsWindows() || !Environment.IsPrivilegedProcess)
        {
            return;
        }

        using var folder = new TempFolder("tc-cache-device");
        string device = folder.Combine("fp.bin");
        using (var mknod = System.Diagnostics.Process.Start("mknod", [device, "c", "1", "5"]))
        {
            mknod.WaitForExit();
            Assert.Equal(0, mknod.ExitCode);
        }

        EmbeddingCache cache = EmbeddingCache.Open(folder.Path, "fp", Dimension);
        using var stop = new CancellationTokenSource();
        int found = -1;
        Exception? failure = OnDedicatedThread(
            () =>
            {
                found = ReadOne(cache, "a", stop.Token);
                cache.Append([Key("a")], [1, 2]);
            },
            stop.Cancel, // the scan looks at the token between blocks
            "the cache read the device without end");

        Assert.Null(failure);
        Assert.Equal(0, found);
    }

    private static EmbeddingCache.Key Key(string text) => EmbeddingCache.KeyOf(text);

    // How many vectors the cache finds of the one text asked for.
    private static int ReadOne(EmbeddingCache cache, string text, CancellationToken cancellationToken = default) =>
        cache.Read(new Dictionary<EmbeddingCache.Key, int> { [Key(text)] = 0 }, new float[Dimension], new bool[1], cancellationToken);

    // Runs body on a dedicated background thread and returns what it threw (null for nothing). A body that has not ended
    // within a minute is set free by setFree and fails the test, so a cache that hangs cannot hang the suite.
    private static Exception? OnDedicatedThread(Action body, Action setFree, string hangMessage)
    {
        Exception? failure = null;
        var worker = new Thread(() =>
        {
            try
            {
                body();
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        }) { IsBackground = true };
        worker.Start();
        if (!worker.Join(TimeSpan.FromSeconds(60)))
        {
            setFree();
            worker.Join(TimeSpan.FromSeconds(10));
            Assert.Fail(hangMessage);
        }

        return failure;
    }

    // Writes as many bytes as the cache reads at a time (whole records, about 1 MB) into a pipe it waits on.
    private static void FeedOneBlock(string fifo)
    {
        try
        {
            using var pipe = new FileStream(fifo, FileMode.Open, FileAccess.Write);
            pipe.Write(new byte[RecordBytes * ((1 << 20) / RecordBytes)]);
        }
        catch (IOException)
        {
            // The reader is gone already.
        }
    }

    // Writes part of what it is given, then fails as a full disk does.
    private sealed class FullDiskStream(string path, FileStreamOptions options) : FileStream(path, options)
    {
        public override void Write(byte[] buffer, int offset, int count)
        {
            base.Write(buffer, offset, count / 2);
            throw new IOException("No space left on device");
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            base.Write(buffer[..(buffer.Length / 2)]);
            throw new IOException("No space left on device");
        }
    }
}
