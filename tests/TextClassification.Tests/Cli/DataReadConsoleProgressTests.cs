using System.Globalization;
using TextClassification.Cli;
using TextClassification.Tests.Data;
using TextClassification.Tests.Support;
using TextClassification.Training.Data;

namespace TextClassification.Tests.Cli;

/// <summary>How train, eval and split show the reading of a data file.</summary>
public sealed class DataReadConsoleProgressTests : IDisposable
{
    private readonly TempFolder _temp = new("tc-read-console");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Lines_give_the_share_and_sizes_or_the_bytes_alone_without_a_length()
    {
        Assert.Equal("reading data.tsv: 33 % (1.0 MiB of 3.0 MiB)", DataReadConsoleProgress.Describe("data.tsv", new DatasetReadProgress(1 << 20, 3 << 20)));
        Assert.Equal("reading stdin: 2.0 KiB", DataReadConsoleProgress.Describe("stdin", new DatasetReadProgress(2048, null)));
    }

    [Fact]
    public void A_plain_log_gets_a_line_per_quiet_interval_and_none_for_the_end()
    {
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var progress = new DataReadConsoleProgress.PlainProgress(error, "data.tsv", TimeSpan.Zero);

        progress.Report(new DatasetReadProgress(1 << 20, 4 << 20));
        progress.Report(new DatasetReadProgress(2 << 20, 4 << 20));
        progress.Report(new DatasetReadProgress(4 << 20, 4 << 20));

        Assert.Equal(["reading data.tsv: 25 % (1.0 MiB of 4.0 MiB)", "reading data.tsv: 50 % (2.0 MiB of 4.0 MiB)"], Lines(error));
    }

    [Fact]
    public void A_quick_read_writes_nothing_to_a_log()
    {
        string path = _temp.Combine("data.tsv");
        DatasetReadProgressTests.WriteRows(path, rows: 40_000);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var console = new CliConsole(TextWriter.Null, error, TextReader.Null, OutIsTerminal: false, ErrorIsTerminal: false);

        Dataset read = DataReadConsoleProgress.Read(console, path, new DatasetReadOptions(), CancellationToken.None);

        Assert.Equal(40_000, read.Rows.Count);
        Assert.Empty(error.ToString());
    }

    [Fact]
    public void A_terminal_gets_a_bar_for_a_large_file_and_none_for_a_small_one_or_a_log()
    {
        // What the bar draws is Spectre.Console's (the bar training uses); which reads get one is ours.
        string large = _temp.Combine("large.tsv");
        DatasetReadProgressTests.WriteRows(large, rows: 250_000);
        Assert.True(new FileInfo(large).Length >= DataReadConsoleProgress.BarThreshold);
        string small = _temp.Combine("small.tsv");
        DatasetReadProgressTests.WriteRows(small, rows: 100);
        var terminal = new CliConsole(TextWriter.Null, TextWriter.Null, TextReader.Null, OutIsTerminal: true, ErrorIsTerminal: true);
        CliConsole log = terminal with { ErrorIsTerminal = false };

        Assert.True(DataReadConsoleProgress.ShowsBar(terminal, large));
        Assert.False(DataReadConsoleProgress.ShowsBar(terminal, small));
        Assert.False(DataReadConsoleProgress.ShowsBar(log, large));
        Assert.Equal(250_000, DataReadConsoleProgress.Read(terminal, large, new DatasetReadOptions(), CancellationToken.None).Rows.Count);
    }

    [Fact]
    public void A_terminal_gets_lines_where_it_gets_no_bar()
    {
        // A pipe (zcat big.tsv.gz | textclf train /dev/stdin) or a file under the bar's size on a terminal: it had no
        // bar and no line, so a slowly fed read was silent there for minutes while a log got a line every 10 s.
        string path = _temp.Combine("data.tsv");
        DatasetReadProgressTests.WriteRows(path, rows: 40_000);
        Assert.True(new FileInfo(path).Length is > 2 << 20 and < DataReadConsoleProgress.BarThreshold);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var terminal = new CliConsole(TextWriter.Null, error, TextReader.Null, OutIsTerminal: true, ErrorIsTerminal: true);

        Dataset read = DataReadConsoleProgress.Read(terminal, path, new DatasetReadOptions(), TimeSpan.Zero, CancellationToken.None);

        Assert.Equal(40_000, read.Rows.Count);
        Assert.StartsWith("reading data.tsv: ", Lines(error)[0], StringComparison.Ordinal);
    }

    private static string[] Lines(StringWriter writer) =>
        writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
