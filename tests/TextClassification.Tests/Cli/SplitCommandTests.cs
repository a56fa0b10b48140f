using TextClassification.Cli;
using TextClassification.Tests.Support;
using TextClassification.Training.Data;

namespace TextClassification.Tests.Cli;

public sealed class SplitCommandTests : IDisposable
{
    private readonly TempFolder _temp = new("tc-split");

    public void Dispose() => _temp.Dispose();

    // 3 labels of 50, 30 and 5 texts; every text of "a" given twice (in another letter case the second time).
    private string WriteData()
    {
        var lines = new List<string> { "id,body,category" };
        (string Label, int Count)[] labels = [("a", 50), ("b", 30), ("rare", 5)];
        int id = 0;
        foreach ((string label, int count) in labels)
        {
            for (int i = 0; i < count; i++)
            {
                lines.Add($"{id++},\"{label} text number {i}, with a comma\",{label}");
                if (label == "a")
                {
                    lines.Add($"{id++},\"{label.ToUpperInvariant()} TEXT NUMBER {i}, WITH A COMMA\",{label}");
                }
            }
        }

        string path = _temp.Combine("data.csv");
        File.WriteAllLines(path, lines);
        return path;
    }

    private static List<LabeledText> Read(string path) => [.. DatasetReader.Read(path).Rows];

    [Fact]
    public void Every_row_goes_to_one_part_each_label_in_its_share_and_copies_on_one_side()
    {
        string data = WriteData();
        string output = _temp.Combine("out");

        CliResult result = CliResult.Run(null, "split", data, "--out", output, "--text-column", "body", "--label-column", "category", "--test", "0.2", "--validation", "0.2");

        Assert.True(result.ExitCode == 0, result.ToString());
        List<LabeledText> train = Read(Path.Combine(output, "train.tsv"));
        List<LabeledText> validation = Read(Path.Combine(output, "validation.tsv"));
        List<LabeledText> test = Read(Path.Combine(output, "test.tsv"));
        List<LabeledText> all = DatasetReader.Read(data, new DatasetReadOptions { TextColumn = "body", LabelColumn = "category" }).Rows.ToList();
        Assert.Equal(
            all.Select(row => (row.Text, row.Label)).Order(),
            train.Concat(validation).Concat(test).Select(row => (row.Text, row.Label)).Order());
        foreach ((string label, int texts) in new[] { ("a", 50), ("b", 30), ("rare", 5) })
        {
            // Texts, not rows: a text of "a" and its copy are one group.
            Assert.InRange(test.Count(row => row.Label == label) / (label == "a" ? 2.0 : 1.0), Math.Floor(texts * 0.2) - 1, Math.Ceiling(texts * 0.2) + 1);
            Assert.InRange(validation.Count(row => row.Label == label) / (label == "a" ? 2.0 : 1.0), Math.Floor(texts * 0.2) - 1, Math.Ceiling(texts * 0.2) + 1);
        }

        var trainTexts = new HashSet<string>(train.Select(row => row.Text), StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain(test.Concat(validation), row => trainTexts.Contains(row.Text));
        Assert.Contains("train.tsv: ", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_of_one_label_is_split_with_a_warning_that_train_will_refuse_it()
    {
        // The files were written without a word, and train then refused them (review 58b).
        string data = _temp.Combine("one.tsv");
        File.WriteAllLines(data, ["label\ttext", .. Enumerable.Range(0, 20).Select(i => $"spam\tbuy now {i}")]);

        CliResult result = CliResult.Run(null, "split", data, "--out", _temp.Combine("out"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("warning: train refuses data of one label (a classifier needs at least two to tell apart); every row is labelled 'spam': add rows", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_seed_writes_the_same_files_and_another_seed_another_split()
    {
        string data = WriteData();
        string[] columns = ["--text-column", "body", "--label-column", "category"];

        Assert.Equal(0, CliResult.Run(null, ["split", data, "--out", _temp.Combine("one"), .. columns]).ExitCode);
        Assert.Equal(0, CliResult.Run(null, ["split", data, "--out", _temp.Combine("two"), .. columns]).ExitCode);
        Assert.Equal(0, CliResult.Run(null, ["split", data, "--out", _temp.Combine("three"), "--seed", "7", .. columns]).ExitCode);

        Assert.Equal(File.ReadAllBytes(_temp.Combine("one", "test.tsv")), File.ReadAllBytes(_temp.Combine("two", "test.tsv")));
        Assert.NotEqual(File.ReadAllBytes(_temp.Combine("one", "test.tsv")), File.ReadAllBytes(_temp.Combine("three", "test.tsv")));
        Assert.False(File.Exists(_temp.Combine("one", "validation.tsv")));
    }

    [Fact]
    public void Split_files_already_there_are_kept_unless_force_is_given()
    {
        string data = WriteData();
        string output = _temp.Combine("out");
        Directory.CreateDirectory(output);
        string old = Path.Combine(output, "test.tsv");
        File.WriteAllText(old, "text\tlabel\nold\tx\n");

        CliResult refused = CliResult.Run(null, "split", data, "--out", output, "--text-column", "body", "--label-column", "category");
        CliResult forced = CliResult.Run(null, "split", data, "--out", _temp.Combine("out"), "--text-column", "body", "--label-column", "category", "--force");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("test.tsv is there already; give --force", refused.Error, StringComparison.Ordinal);
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.DoesNotContain(Read(old), row => row.Text == "old");
    }

    [Fact]
    public void An_earlier_split_s_validation_file_is_not_left_beside_a_split_without_one()
    {
        // A split with --validation, then one without it (--force, another seed): the old validation.tsv stayed beside
        // the new train.tsv, which held many of its texts.
        string data = WriteData();
        string output = _temp.Combine("out");
        string[] columns = ["--text-column", "body", "--label-column", "category"];
        Assert.Equal(0, CliResult.Run(null, ["split", data, "--out", output, "--validation", "0.2", .. columns]).ExitCode);

        CliResult forced = CliResult.Run(null, ["split", data, "--out", output, "--seed", "7", "--force", .. columns]);
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.False(File.Exists(Path.Combine(output, "validation.tsv")));
        Assert.Contains("validation.tsv", forced.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_in_a_split_file_s_place_is_refused_before_anything_is_written()
    {
        // train.tsv had been moved into place before test.tsv's move failed on the folder: a new training file beside
        // whatever test data was there.
        string data = WriteData();
        string output = _temp.Combine("out");
        Directory.CreateDirectory(Path.Combine(output, "test.tsv"));

        CliResult result = CliResult.Run(null, "split", data, "--out", output, "--text-column", "body", "--label-column", "category", "--force");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("test.tsv there is a folder", result.Error, StringComparison.Ordinal);
        Assert.Equal([Path.Combine(output, "test.tsv")], Directory.GetFileSystemEntries(output));
    }

    [Theory]
    [InlineData("--test", "1")]
    [InlineData("--test", "0")]
    [InlineData("--validation", "0.9")]
    public void Shares_out_of_range_are_usage_errors_naming_the_option(string option, string value)
    {
        CliResult result = CliResult.Run(null, "split", WriteData(), "--out", _temp.Combine("out"), option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(option, result.Error, StringComparison.Ordinal);
        // As the help says it: the bound had been shown as "at most 0.9999999999999999".
        Assert.Contains(value == "0.9" ? "must add up to less than 1" : "must be above 0 and below 1; got " + value, result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_temp.Combine("out")));
    }

    [Fact]
    public void Texts_that_are_copies_once_written_on_one_line_stay_in_one_part()
    {
        // "hello\tworld 3" and "hello world 3" are two texts when read, one once written (a tab is written as a space):
        // split apart, the test file held texts the training file holds too.
        var lines = new List<string> { "text,label" };
        for (int i = 0; i < 40; i++)
        {
            lines.Add($"\"hello\tworld {i}\",a");
            lines.Add($"hello world {i},a");
            lines.Add($"\"line one\r\nline two {i}\",b");
            lines.Add($"line one line two {i},b");
        }

        string path = _temp.Combine("data.csv");
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        string output = _temp.Combine("out");

        CliResult result = CliResult.Run(null, "split", path, "--out", output);

        Assert.True(result.ExitCode == 0, result.ToString());
        var trainTexts = new HashSet<string>(Read(Path.Combine(output, "train.tsv")).Select(row => row.Text), StringComparer.OrdinalIgnoreCase);
        List<LabeledText> test = Read(Path.Combine(output, "test.tsv"));
        Assert.Equal(32, test.Count);
        Assert.DoesNotContain(test, row => trainTexts.Contains(row.Text));
        Assert.Contains("80 texts held tabs or line breaks", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--dedupe")]
    [InlineData("--drop-conflicts")]
    public void Dedupe_and_drop_conflicts_see_texts_as_written_on_one_line(string option)
    {
        // "a\tb" and "a b" are two texts when read, one once written: the split files held the same row twice
        // (--dedupe) or one text with two labels (--drop-conflicts), which train --dedupe then dropped as duplicates.
        var lines = new List<string> { "text,label", "\"a\tb\",x", "a b,x", "\"c\r\nd\",x", "c d,y", "\"e\nf\",x", "e f,x" };
        for (int i = 0; i < 10; i++)
        {
            lines.Add($"text number {i},{(i % 2 == 0 ? "x" : "y")}");
        }

        string path = _temp.Combine("data.csv");
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        string output = _temp.Combine("out");

        CliResult result = CliResult.Run(null, "split", path, "--out", output, option);

        Assert.True(result.ExitCode == 0, result.ToString());
        List<LabeledText> written = [.. Read(Path.Combine(output, "train.tsv")), .. Read(Path.Combine(output, "test.tsv"))];
        Assert.Single(written, row => row.Text == "a b");
        Assert.Single(written, row => row.Text == "e f");
        Assert.Equal(option == "--dedupe" ? 2 : 0, written.Count(row => row.Text == "c d"));
        string counts = option == "--dedupe" ? "2 skipped (duplicate: 2)" : "4 skipped (conflicting labels: 2, duplicate: 2)";
        Assert.Contains(counts, result.Out, StringComparison.Ordinal);
        Assert.Contains("skipped line 3: duplicate", result.Out, StringComparison.Ordinal);
        Assert.Contains("skipped line 9: duplicate", result.Out, StringComparison.Ordinal); // "e\nf" is lines 7 and 8
        Assert.Contains(option == "--dedupe" ? "3 texts held tabs or line breaks" : "2 texts held tabs or line breaks", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Texts_put_on_one_line_are_counted_by_row_in_a_json_array_on_one_line()
    {
        // Every object of a one-line array starts on line 1: the count is of rows, not of lines.
        var objects = new List<string> { "{\"text\": \"a\\tb\", \"label\": \"x\"}" };
        for (int i = 0; i < 10; i++)
        {
            objects.Add($"{{\"text\": \"text number {i}\", \"label\": \"{(i % 2 == 0 ? "x" : "y")}\"}}");
        }

        string path = _temp.Combine("data.json");
        File.WriteAllText(path, "[" + string.Join(", ", objects) + "]\n");

        CliResult result = CliResult.Run(null, "split", path, "--out", _temp.Combine("out"), "--drop-conflicts");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("1 text held tabs or line breaks", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void The_data_file_reached_through_a_linked_out_folder_is_refused_and_kept()
    {
        // --out link, a link to the data's folder: train.tsv there was compared as written, not as the data file, and
        // --force replaced the data with its own training part.
        string folder = _temp.Combine("data");
        Directory.CreateDirectory(folder);
        string data = Path.Combine(folder, "train.tsv");
        File.WriteAllLines(data, ["text\tlabel", .. Enumerable.Range(0, 20).Select(i => $"text number {i}\t{(i % 2 == 0 ? "even" : "odd")}")]);
        byte[] before = File.ReadAllBytes(data);
        string link = _temp.Combine("link");
        Directory.CreateSymbolicLink(link, folder);

        CliResult forced = CliResult.Run(null, "split", data, "--out", link, "--force");
        CliResult plain = CliResult.Run(null, "split", data, "--out", link);

        Assert.Equal(1, forced.ExitCode);
        Assert.Contains("train.tsv there is the data file being split", forced.Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(data));
        Assert.Equal([data], Directory.GetFileSystemEntries(folder));
        // Without --force it is named as the data file too, not sent to --force.
        Assert.Contains("train.tsv there is the data file being split", plain.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_canceled_write_leaves_no_folder_it_made()
    {
        // The --out folder ("made if missing") was made before the files were written, and a Ctrl+C while they were
        // left it behind, empty: not the state before the command.
        string output = _temp.Combine("new", "out");
        string[] paths = [.. SplitCommand.FileNames.Select(name => Path.Combine(output, name))];
        IReadOnlyList<LabeledText>[] parts = [[new LabeledText("a text", "a")], [], [new LabeledText("another", "a")]];
        using var canceled = new CancellationTokenSource();
        canceled.Cancel();

        Assert.Throws<OperationCanceledException>(() => SplitCommand.WriteAll(output, paths, parts, 0, "new/out", canceled.Token));

        Assert.False(Directory.Exists(_temp.Combine("new")));
        SplitCommand.WriteAll(output, paths, parts, 0, "new/out", CancellationToken.None);
        Assert.Equal(["test.tsv", "train.tsv"], Directory.GetFiles(output).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void A_label_set_too_rare_for_the_test_file_is_named_as_a_set()
    {
        string path = _temp.Combine("data.csv");
        File.WriteAllLines(path, ["text,toxic,insult", .. Enumerable.Range(0, 20).Select(i => $"common text {i},1,0"), "the only one,1,1"]);

        CliResult result = CliResult.Run(null, "split", path, "--label-columns", "toxic,insult", "--out", _temp.Combine("out"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("test.tsv has no row of 1 label set (insult|toxic)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_too_rare_for_the_test_file_is_named()
    {
        string path = _temp.Combine("data.tsv");
        File.WriteAllLines(path, ["text\tlabel", .. Enumerable.Range(0, 20).Select(i => $"common text {i}\tcommon"), "the only one\tlonely"]);

        CliResult result = CliResult.Run(null, "split", path, "--out", _temp.Combine("out"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("test.tsv has no row of 1 label (lonely)", result.Error, StringComparison.Ordinal);
    }
}
