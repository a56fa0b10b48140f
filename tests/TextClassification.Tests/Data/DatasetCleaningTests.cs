using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TextClassification.Training.Data;

namespace TextClassification.Tests.Data;

/// <summary>The optional cleaning of <see cref="DatasetReadOptions"/>: label normalisation, allowed labels, duplicates.</summary>
public sealed class DatasetCleaningTests
{
    // Line numbers:            2        3        4        5        6
    private const string DuplicatesTsv = "text\tlabel\nhi\ta\nhi\ta\nhi\tb\nyo\ta\nhi\tb\n";

    private static readonly DatasetReadOptions DropExact = new() { Duplicates = DuplicateHandling.DropExact };

    private static Dataset ReadTsv(string content, DatasetReadOptions? options = null) =>
        DatasetReader.Read(new StringReader(content), "mem.tsv", DatasetFormat.Tsv, options);

    [Fact]
    public void LowercaseLabels_MergesLabelsThatDifferOnlyInCase()
    {
        const string content = "text\tlabel\nx\tBilling\ny\t billing \nz\tBILLING\n";

        Dataset plain = ReadTsv(content);
        Dataset lowered = ReadTsv(content, new DatasetReadOptions { LowercaseLabels = true });

        Assert.Equal(["Billing", "billing", "BILLING"], Labels(plain));
        Assert.Equal(["billing", "billing", "billing"], Labels(lowered));
    }

    [Fact]
    public void AllowedLabels_SkipsOtherLabelsWithLineNumbers_AndIsNormalisedLikeTheData()
    {
        const string content = "text\tlabel\nx\tpos\ny\tneutral\nz\tNEG\nw\tpos\n";
        var options = new DatasetReadOptions { LowercaseLabels = true, AllowedLabels = [" Pos ", "neg"] };

        Dataset dataset = ReadTsv(content, options);

        Assert.Equal(["pos", "neg", "pos"], Labels(dataset));
        Assert.Equal([new SkippedRow(3, SkipReasons.LabelNotAllowed)], dataset.Skipped);
    }

    [Fact]
    public void AllowedLabels_WithoutLowercase_IsCaseSensitive()
    {
        Dataset dataset = ReadTsv("text\tlabel\nx\tPos\ny\tpos\n", new DatasetReadOptions { AllowedLabels = ["pos"] });

        Assert.Equal(["pos"], Labels(dataset));
        Assert.Equal([new SkippedRow(2, SkipReasons.LabelNotAllowed)], dataset.Skipped);
    }

    [Fact]
    public void With_a_multi_label_delimiter_allowed_labels_filter_each_set_and_only_an_emptied_row_is_skipped()
    {
        // Line numbers:        2                3              4            5        6
        const string content = "text\tlabel\nx\tanimal| POS\ny\tneutral|other\nz\tneg|animal\nw\tneutral\nv\t|\n";
        var options = new DatasetReadOptions { LowercaseLabels = true, AllowedLabels = ["pos", "neg", "animal"], MultiLabelDelimiter = "|" };

        Dataset dataset = ReadTsv(content, options);

        Assert.Equal(["animal|pos", "animal|neg", "|"], Labels(dataset));
        Assert.Equal([new SkippedRow(3, SkipReasons.LabelNotAllowed), new SkippedRow(5, SkipReasons.LabelNotAllowed)], dataset.Skipped);
        Assert.Equal(["x", "z", "v"], dataset.Rows.Select(r => r.Text));
    }

    [Fact]
    public void A_white_space_delimiter_alone_is_the_empty_set_and_a_blank_cell_without_it_a_missing_label()
    {
        // Line numbers:        2                      3          4       5
        const string content = "text\tlabel\nx\t sports  politics \ny\t \nz\t\nw\tsports\n";

        Dataset dataset = ReadTsv(content, new DatasetReadOptions { MultiLabelDelimiter = " " });

        Assert.Equal(["politics sports", " ", "sports"], Labels(dataset));
        Assert.Equal([new SkippedRow(4, SkipReasons.EmptyLabel)], dataset.Skipped);
    }

    [Fact]
    public void A_delimiter_ending_in_white_space_splits_the_cell_as_written()
    {
        // Line numbers:        2                          3              4          5
        const string content = "text\tlabel\nx\tSports, Politics\ny\tsports, \nz\t, \nw\t ,  \n";

        Dataset dataset = ReadTsv(content, new DatasetReadOptions { MultiLabelDelimiter = ", ", LowercaseLabels = true });

        // Trimming the cell first would have left "sports," and "," as labels.
        Assert.Equal(["politics, sports", "sports", ", ", ", "], Labels(dataset));
        Assert.Empty(dataset.Skipped);
    }

    [Theory]
    [InlineData(" or ")] // lower-case: split after lower-casing too, as when the whole cell was lower-cased first
    [InlineData(" OR ")] // capitals: split as written, before lower-casing
    public void With_lowercase_labels_a_delimiter_with_letters_splits_either_way(string delimiter)
    {
        const string content = "text\tlabel\nx\tBilling OR Refund\ny\tbilling or shipping\nz\tREFUND\n";

        Dataset dataset = ReadTsv(content, new DatasetReadOptions { MultiLabelDelimiter = delimiter, LowercaseLabels = true });

        // No stored label holds the delimiter, so the reader and the trainer agree on every row's set.
        string[][] sets = [.. dataset.Rows.Select(row => LabelSet.Parse(row.Label, delimiter))];
        Assert.Equal(["billing", "refund"], sets[0]);
        Assert.Equal(delimiter == " or " ? ["billing", "shipping"] : ["billing or shipping"], sets[1]);
        Assert.Equal(["refund"], sets[2]);
    }

    [Theory]
    [InlineData("\t")]
    [InlineData("\n")]
    [InlineData("\u007F")]
    [InlineData("\u0085")] // NEL: Python's splitlines breaks a line there
    [InlineData("\u009B")] // CSI: an 8-bit terminal's escape
    [InlineData("\u2028")]
    public void A_control_character_delimiter_is_refused(string delimiter)
    {
        var ex = Assert.Throws<ArgumentException>(() => ReadTsv("text\tlabel\nx\ta\n", new DatasetReadOptions { MultiLabelDelimiter = delimiter }));

        Assert.Contains("control character", ex.Message, StringComparison.Ordinal);
        Assert.False(LabelSet.IsValidDelimiter(delimiter));
        Assert.True(LabelSet.IsValidDelimiter(", "));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TextClassification.Training.Trainers.NGramTrainerOptions { MultiLabelDelimiter = delimiter }.Validate());
    }

    [Theory]
    [InlineData("spam\u0085ham", "spam\\u0085ham")]
    [InlineData("a\u009B2Jb", "a\\u009B2Jb")]
    [InlineData("x\u2029y", "x\\u2029y")]
    public void A_label_with_a_c1_control_or_a_line_separator_is_refused_naming_its_line(string label, string escaped)
    {
        // Written as it is, such a label broke the one-line outputs (predict's plain lines read by Python's
        // splitlines, inspect's list) or reached the terminal as an escape; C0 and DEL alone had been refused.
        var ex = Assert.Throws<DataFormatException>(() => ReadTsv($"text\tlabel\nfine\tok\nbad one\t{label}\n"));

        Assert.Equal(3, ex.LineNumber);
        Assert.Contains($"the label \"{escaped}\" holds a line break, tab or other control character", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_a_multi_label_delimiter_duplicates_and_conflicts_compare_label_sets()
    {
        // Line numbers:        2              3                4           5                 6          7
        const string content = "text\tlabel\nhi\tpos|animal\nhi\tanimal|pos|pos\nyo\tpos\nyo\tpos|animal\nnone\t|\nnone\t | | \n";
        var options = new DatasetReadOptions { Duplicates = DuplicateHandling.DropExactAndConflicting, MultiLabelDelimiter = "|" };

        Dataset dataset = ReadTsv(content, options);

        // "|" and " | | " are both the empty set: one row, a duplicate, no conflict.
        Assert.Equal([new LabeledText("hi", "animal|pos", 2), new LabeledText("none", "|", 6)], dataset.Rows);
        Assert.Equal(
            [new SkippedRow(3, SkipReasons.Duplicate), new SkippedRow(4, SkipReasons.ConflictingLabels), new SkippedRow(5, SkipReasons.ConflictingLabels), new SkippedRow(7, SkipReasons.Duplicate)],
            dataset.Skipped);
        LabelConflict conflict = Assert.Single(dataset.Conflicts);
        Assert.Equal(["pos", "animal|pos"], conflict.Labels);
    }

    [Fact]
    public void Keep_IsTheDefault_AndNeitherDropsNorReportsDuplicates()
    {
        Dataset dataset = ReadTsv(DuplicatesTsv);

        Assert.Equal(5, dataset.Rows.Count);
        Assert.Empty(dataset.Skipped);
        Assert.Empty(dataset.Conflicts);
    }

    [Fact]
    public void DropExact_DropsRepeatedTextAndLabel_AndReportsConflictsWhileKeepingThem()
    {
        Dataset dataset = ReadTsv(DuplicatesTsv, DropExact);

        Assert.Equal(
            [new LabeledText("hi", "a", 2), new LabeledText("hi", "b", 4), new LabeledText("yo", "a", 5)],
            dataset.Rows);
        Assert.Equal([new SkippedRow(3, SkipReasons.Duplicate), new SkippedRow(6, SkipReasons.Duplicate)], dataset.Skipped);
        LabelConflict conflict = Assert.Single(dataset.Conflicts);
        Assert.Equal("hi", conflict.Text);
        Assert.Equal(["a", "b"], conflict.Labels);
        Assert.Equal([2, 3, 4, 6], conflict.LineNumbers);
    }

    [Fact]
    public void DropExactAndConflicting_AlsoDropsEveryRowOfAConflictingText_InLineOrder()
    {
        Dataset dataset = ReadTsv(DuplicatesTsv, new DatasetReadOptions { Duplicates = DuplicateHandling.DropExactAndConflicting });

        Assert.Equal([new LabeledText("yo", "a", 5)], dataset.Rows);
        Assert.Equal(
            [
                new SkippedRow(2, SkipReasons.ConflictingLabels),
                new SkippedRow(3, SkipReasons.Duplicate),
                new SkippedRow(4, SkipReasons.ConflictingLabels),
                new SkippedRow(6, SkipReasons.Duplicate),
            ],
            dataset.Skipped);
        Assert.Single(dataset.Conflicts);
    }

    [Fact]
    public void Duplicates_AreFoundAfterTrimmingAndLabelNormalisation_ButTextCaseMatters()
    {
        const string content = "text\tlabel\n hi \tA\nhi\ta\nHi\ta\n";

        Dataset dataset = ReadTsv(content, DropExact with { LowercaseLabels = true });

        Assert.Equal([new LabeledText("hi", "a", 2), new LabeledText("Hi", "a", 4)], dataset.Rows);
        Assert.Equal([new SkippedRow(3, SkipReasons.Duplicate)], dataset.Skipped);
        Assert.Empty(dataset.Conflicts);
    }

    [Theory]
    [InlineData(DatasetFormat.Tsv, "text\tlabel\nhi\ta\n\t a\nhi\ta\nyo\tz\nhi\tb\n")]
    [InlineData(DatasetFormat.Csv, "text,label\nhi,a\n\"\",a\nhi,a\nyo,z\nhi,b\n")]
    [InlineData(
        DatasetFormat.JsonLines,
        "{\"text\":\"hi\",\"label\":\"a\"}\n{\"text\":\"\",\"label\":\"a\"}\n{\"text\":\"hi\",\"label\":\"a\"}\n"
        + "{\"text\":\"yo\",\"label\":\"z\"}\n{\"text\":\"hi\",\"label\":\"b\"}\n")]
    public void EveryDroppedRowIsCountedByReason_InEveryFormat(DatasetFormat format, string content)
    {
        var options = new DatasetReadOptions { Duplicates = DuplicateHandling.DropExactAndConflicting, AllowedLabels = ["a", "b"] };
        int firstDataLine = format == DatasetFormat.JsonLines ? 1 : 2;

        Dataset dataset = DatasetReader.Read(new StringReader(content), "mem", format, options);

        Assert.Empty(dataset.Rows);
        Assert.Equal(
            [
                new SkippedRow(firstDataLine, SkipReasons.ConflictingLabels),
                new SkippedRow(firstDataLine + 1, SkipReasons.EmptyText),
                new SkippedRow(firstDataLine + 2, SkipReasons.Duplicate),
                new SkippedRow(firstDataLine + 3, SkipReasons.LabelNotAllowed),
                new SkippedRow(firstDataLine + 4, SkipReasons.ConflictingLabels),
            ],
            dataset.Skipped);
        Assert.Equal(
            [
                new KeyValuePair<string, int>(SkipReasons.ConflictingLabels, 2),
                new KeyValuePair<string, int>(SkipReasons.Duplicate, 1),
                new KeyValuePair<string, int>(SkipReasons.EmptyText, 1),
                new KeyValuePair<string, int>(SkipReasons.LabelNotAllowed, 1),
            ],
            dataset.CountSkippedByReason());
    }

    [Fact]
    public void InvalidAllowedLabels_AreRejectedBeforeReading()
    {
        Assert.Throws<ArgumentException>(() => ReadTsv("text\tlabel\n", new DatasetReadOptions { AllowedLabels = [] }));
        Assert.Throws<ArgumentException>(() => ReadTsv("text\tlabel\n", new DatasetReadOptions { AllowedLabels = ["a", " "] }));
    }

    [Fact]
    public void MalformedInput_WithCleaningOn_StillNamesFileAndLine()
    {
        var ex = Assert.Throws<DataFormatException>(
            () => DatasetReader.Read(new StringReader("text,label\nhi,a\n\"open,a\n"), "bad.csv", DatasetFormat.Csv, DropExact));

        Assert.Equal("bad.csv", ex.FilePath);
        Assert.Equal(3, ex.LineNumber);
        Assert.StartsWith("bad.csv:3:", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Small alphabets so that texts repeat with the same and with other labels.</summary>
    public static class RowArbitraries
    {
        public static Arbitrary<(string Text, string Label)[]> Rows() =>
            Gen.Zip(Gen.Elements("a", "b", "c", "d", " a", ""), Gen.Elements("x", "y", "z", " "))
                .ArrayOf()
                .ToArbitrary();
    }

    [Property(Arbitrary = [typeof(RowArbitraries)], MaxTest = 300)]
    public void Deduplication_KeepsOneRowPerTextAndLabel_AndReportsExactlyTheConflictingTexts((string Text, string Label)[] rows, bool dropConflicting)
    {
        var tsv = new StringBuilder("text\tlabel\n");
        foreach ((string text, string label) in rows)
        {
            tsv.Append(text).Append('\t').Append(label).Append('\n');
        }

        var options = new DatasetReadOptions { Duplicates = dropConflicting ? DuplicateHandling.DropExactAndConflicting : DuplicateHandling.DropExact };
        Dataset dataset = ReadTsv(tsv.ToString(), options);

        // Reference: the distinct (text, label) pairs of the non-empty rows, and the texts with several labels.
        var pairs = new HashSet<(string, string)>();
        var labelsOf = new Dictionary<string, HashSet<string>>();
        foreach ((string text, string label) in rows)
        {
            string t = text.Trim();
            string l = label.Trim();
            if (t.Length > 0 && l.Length > 0)
            {
                pairs.Add((t, l));
                labelsOf.TryAdd(t, []);
                labelsOf[t].Add(l);
            }
        }

        var conflicting = labelsOf.Where(entry => entry.Value.Count > 1).Select(entry => entry.Key).ToHashSet();
        var expectedKept = pairs.Where(pair => !dropConflicting || !conflicting.Contains(pair.Item1)).ToHashSet();
        var kept = dataset.Rows.Select(row => (row.Text, row.Label)).ToList();

        // Every line holds a tab, so none is a blank line: each is kept or counted as skipped, even with both fields
        // blank.
        Assert.Equal(rows.Length, dataset.Rows.Count + dataset.Skipped.Count);
        Assert.Equal(kept.Count, kept.Distinct().Count());
        Assert.True(expectedKept.SetEquals(kept), "kept rows differ from the distinct non-conflicting pairs");
        Assert.True(conflicting.SetEquals(dataset.Conflicts.Select(conflict => conflict.Text)), "conflicts differ");
        Assert.All(dataset.Conflicts, conflict => Assert.True(labelsOf[conflict.Text].SetEquals(conflict.Labels)));
        Assert.Equal(dataset.Skipped.OrderBy(row => row.LineNumber), dataset.Skipped);
    }

    private static List<string> Labels(Dataset dataset) => dataset.Rows.Select(row => row.Label).ToList();
}
