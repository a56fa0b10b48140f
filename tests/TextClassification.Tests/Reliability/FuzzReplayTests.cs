using TextClassification.Fuzz;

namespace TextClassification.Tests.Reliability;

/// <summary>Every input the fuzz harness kept (fuzz/crashes: inputs that once failed; fuzz/corpus: hand-kept seeds)
/// passes the harness's own properties, so a fixed bug stays fixed.</summary>
public sealed class FuzzReplayTests
{
    [Fact]
    public void Kept_texts_pass() => AssertKeptInputsPass("text-*.utf16", FuzzTargets.Text);

    [Fact]
    public void Kept_data_files_pass() => AssertKeptInputsPass("data-*.utf16", FuzzTargets.Data);

    [Fact]
    public void Kept_parquet_files_read_or_are_refused_cleanly()
    {
        // Damaged Parquet files (data-parquet-*.parquet, raw bytes). Two looped forever in Parquet.Net's Thrift reader (a
        // footer, a page header that ends at the end of the file): each is given a minute, so a regression fails.
        var failures = Kept("data-*.parquet", Directory.GetFiles)
            .Select(file => (file, failure: WithinAMinute(() => FuzzTargets.Parquet(File.ReadAllBytes(file)))))
            .Where(r => r.failure is not null)
            .Select(r => $"{r.file}: {r.failure}")
            .ToList();

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private static string? WithinAMinute(Func<string?> target)
    {
        Task<string?> run = Task.Factory.StartNew(target, TaskCreationOptions.LongRunning);
        return run.Wait(TimeSpan.FromMinutes(1)) ? run.Result : "still running after a minute (a loop that never ends?)";
    }

    // Every kept input of the pattern (raw UTF-16 code units) passes the target.
    private static void AssertKeptInputsPass(string pattern, Func<string, string?> target)
    {
        string[] files = Kept(pattern, Directory.GetFiles);
        Assert.NotEmpty(files);

        var failures = files
            .Select(file => (file, failure: target(Corpus.ReadUtf16(file))))
            .Where(r => r.failure is not null)
            .Select(r => $"{r.file}: {r.failure}")
            .ToList();

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void Kept_bundles_load_or_are_rejected_cleanly() =>
        AssertAllPass(Kept("bundle-*", Directory.GetDirectories), FuzzTargets.Bundle);

    [Fact]
    public void Kept_round_trips_read_back_as_written()
    {
        // Rows written as a data file (roundtrip-*.json: the format and the rows), which must read back as written.
        string[] files = Kept("roundtrip-*.json", Directory.GetFiles);
        Assert.NotEmpty(files);
        AssertAllPass(files, file => FuzzTargets.RoundTrip(System.Text.Json.JsonSerializer.Deserialize<RoundTripCase>(File.ReadAllBytes(file))!));
    }

    [Fact]
    public void Kept_exports_load_or_are_rejected_cleanly()
    {
        // Damaged Hugging Face export folders (export-*/: the tokenizer and config files; the graph is intact).
        string[] folders = Kept("export-*", Directory.GetDirectories);
        Assert.NotEmpty(folders);
        AssertAllPass(folders, FuzzTargets.Export);
    }

    [Fact]
    public void Kept_encoder_bundles_load_or_are_rejected_cleanly()
    {
        // Damaged encoder + head bundles (encoder-*/: the manifest, head weights or the carried encoder/ folder's files).
        string[] folders = Kept("encoder-*", Directory.GetDirectories);
        Assert.NotEmpty(folders);
        AssertAllPass(folders, FuzzTargets.EncoderBundle);
    }

    // Every kept input (a file or folder path) passes the target.
    private static void AssertAllPass(string[] inputs, Func<string, string?> target)
    {
        var failures = inputs
            .Select(input => (input, failure: target(input)))
            .Where(r => r.failure is not null)
            .Select(r => $"{r.input}: {r.failure}")
            .ToList();

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private static string[] Kept(string pattern, Func<string, string, string[]> list) =>
        new[] { "crashes", "corpus" }
            .Select(sub => Path.Combine(FuzzFolder, sub))
            .Where(Directory.Exists)
            .SelectMany(folder => list(folder, pattern).Order(StringComparer.Ordinal))
            .ToArray();

    private static string FuzzFolder { get; } = FindFuzzFolder();

    private static string FindFuzzFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TextClassification.Sdk.sln")))
            {
                return Path.Combine(dir.FullName, "fuzz");
            }
        }

        throw new InvalidOperationException($"No TextClassification.Sdk.sln above {AppContext.BaseDirectory}.");
    }
}
