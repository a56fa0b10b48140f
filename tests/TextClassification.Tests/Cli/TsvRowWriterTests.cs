using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TextClassification.Cli;
using TextClassification.Tests.Support;
using TextClassification.Training.Data;

namespace TextClassification.Tests.Cli;

public sealed class TsvRowWriterTests : IDisposable
{
    private readonly TempFolder _temp = new("tc-tsvwriter");

    public void Dispose() => _temp.Dispose();

    /// <summary>Texts rich in what a TSV file must quote (tabs, line breaks, quotes) and labels a file may hold.</summary>
    public static class RowArbitraries
    {
        private static readonly Gen<string> Chunk = Gen.Frequency(
            (4, Gen.Elements("\t", "\"", "\"\"", "\n", "\r\n", "\r", " ", "'")),
            (5, Gen.Elements("a", "Z", "0", "hello", "text", "label", ",", ";")),
            (2, Gen.Elements("é", "中文", "жук", "😀", "\u00A0")));

        private static readonly Gen<string> Text = Chunk.NonEmptyListOf().Select(chunks => string.Concat(chunks).Trim()).Where(text => text.Length > 0);

        private static readonly Gen<string> Label = Gen.Elements("pos", "neg", "a \"quoted\" label", "\"starts with a quote", "x,y", "ÉTÉ");

        public static Arbitrary<LabeledText[]> Rows() =>
            Gen.Zip(Text, Label).Select(pair => new LabeledText(pair.Item1, pair.Item2)).ArrayOf().ToArbitrary();
    }

    [Property(Arbitrary = [typeof(RowArbitraries)], MaxTest = 300)]
    public void Rows_written_read_back_as_they_were(LabeledText[] rows)
    {
        string path = Path.Combine(_temp.Path, Guid.NewGuid().ToString("N") + ".tsv");

        Dataset read = DatasetReader.Read(TsvRowWriter.WriteBeside(path, rows, out _, CancellationToken.None), new DatasetReadOptions { Format = DatasetFormat.Tsv });

        Assert.Empty(read.Skipped);
        // Tabs and line breaks inside a text are written as spaces (one row a line); the rest as written.
        Assert.Equal(rows.Select(row => (Flattened(row.Text), row.Label)), read.Rows.Select(row => (row.Text, row.Label)));
    }

    // The reference the writer's OnOneLine must agree with: each CRLF, CR, LF and tab one space, by regular expression.
    private static string Flattened(string text) => System.Text.RegularExpressions.Regex.Replace(text, "\r\n|[\r\n\t]", " ");

    [Fact]
    public void Texts_written_on_one_line_are_counted()
    {
        string path = Path.Combine(_temp.Path, "rows.tsv");

        string written = TsvRowWriter.WriteBeside(path, [new LabeledText("two\r\nlines", "a"), new LabeledText("one line", "a"), new LabeledText("a\ttab", "b")], out int flattened, CancellationToken.None);

        Assert.Equal(2, flattened);
        Assert.Equal("text\tlabel\ntwo lines\ta\none line\ta\na tab\tb\n", File.ReadAllText(written));
        Assert.Equal(_temp.Path, Path.GetDirectoryName(written));
    }

    [Fact]
    public void A_failed_write_leaves_nothing_beside_the_file()
    {
        string path = Path.Combine(_temp.Path, "train.tsv");
        File.WriteAllText(path, "text\tlabel\nold\tx\n");
        using var canceled = new CancellationTokenSource();
        canceled.Cancel();

        Assert.Throws<OperationCanceledException>(() => TsvRowWriter.WriteBeside(path, [new LabeledText("new", "y")], out _, canceled.Token));

        Assert.Equal("text\tlabel\nold\tx\n", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_temp.Path));
    }
}
