using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Parquet;
using Parquet.Schema;
using TextClassification.Tests.Packaging;
using TextClassification.Training.Data;
using static TextClassification.Tests.Data.ParquetTestFiles;

namespace TextClassification.Tests.Data;

public sealed class ParquetDatasetReaderTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tc-parquet-" + Guid.NewGuid().ToString("N"));

    public ParquetDatasetReaderTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Save(byte[] bytes, string name = "data.parquet")
    {
        string path = Path.Combine(_folder, Guid.NewGuid().ToString("N")[..6] + "-" + name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string SaveRows(IReadOnlyList<string?> texts, IReadOnlyList<string?> labels, IReadOnlyList<int>? groups = null) =>
        Save(Write([Strings("text", texts), Strings("label", labels)], groups));

    /// <summary>A row as both files hold it: a text and a label, null for a missing value.</summary>
    public sealed record Row(string? Text, string? Label);

    /// <summary>Rows and row-group sizes: texts and labels of letters, spaces, non-ASCII text and NBSP (no tab, line
    /// break or quote, which a TSV file would quote), some blank, some null.</summary>
    public static class Rows
    {
        private static readonly Gen<string> Chunk = Gen.Frequency(
            (5, Gen.Elements("a", "b", "Z", "0", "9", "hello", "label", ";", "'", ",", "  ")),
            (2, Gen.Elements("é", "ß", "中文", "жук", "\u00A0", "\u2028", "😀", "𝄞", "NA")));

        private static readonly Gen<string?> Value = Gen.Frequency(
            (8, Chunk.ListOf().Select(chunks => (string?)string.Concat(chunks))),
            (1, Gen.Constant<string?>(null)));

        public static Arbitrary<Row[]> RowArrays() =>
            Value.Two().Select(pair => new Row(pair.Item1, pair.Item2)).ArrayOf().ToArbitrary();
    }

    [Property(Arbitrary = [typeof(Rows)], MaxTest = 200)]
    public void A_parquet_file_reads_as_the_TSV_file_of_the_same_rows_does(Row[] rows, PositiveInt groupSize)
    {
        // A null is written as an empty TSV cell: both are a missing value, skipped for the same reason. Row numbers are
        // the TSV file's line numbers less its header, across row groups of any size.
        var groups = new List<int>();
        for (int left = rows.Length; left > 0; left -= Math.Min(left, groupSize.Get))
        {
            groups.Add(Math.Min(left, groupSize.Get));
        }

        string parquet = SaveRows(rows.Select(r => r.Text).ToArray(), rows.Select(r => r.Label).ToArray(), groups.Count == 0 ? [0] : groups);
        string tsv = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".tsv");
        File.WriteAllText(tsv, "text\tlabel\n" + string.Concat(rows.Select(r => $"{r.Text}\t{r.Label}\n")), new UTF8Encoding(false));

        int firstRefused = Array.FindIndex(rows, r => r.Text?.Trim().Length > 0 && r.Label is { } label && CsvPropertyTests.HasControlCharacter(label.Trim()));
        if (firstRefused >= 0)
        {
            // A label with a line separator is refused by both, naming the same row.
            Assert.Equal(firstRefused + 2, Assert.Throws<DataFormatException>(() => DatasetReader.Read(tsv)).LineNumber);
            Assert.Equal(firstRefused + 1, Assert.Throws<DataFormatException>(() => DatasetReader.Read(parquet)).LineNumber);
            return;
        }

        Dataset fromTsv = DatasetReader.Read(tsv);
        Dataset fromParquet = DatasetReader.Read(parquet);

        Assert.Equal(fromTsv.Rows.Select(r => r with { LineNumber = r.LineNumber - 1 }), fromParquet.Rows);
        Assert.Equal(fromTsv.Skipped.Select(r => r with { LineNumber = r.LineNumber - 1 }), fromParquet.Skipped);
    }

    [Fact]
    public void Hugging_Face_ClassLabel_integers_read_as_their_class_names_and_minus_one_as_a_missing_label()
    {
        string path = Save(Write(
            [Strings("text", ["good film", "bad film", "no label", "fine"]), Longs("label", [1, 0, -1, 1])],
            metadata: HuggingFace(("label", ["neg", "pos"], false))));

        Dataset dataset = DatasetReader.Read(path);

        Assert.Equal([("good film", "pos", 1), ("bad film", "neg", 2), ("fine", "pos", 4)], dataset.Rows.Select(r => (r.Text, r.Label, r.LineNumber)));
        Assert.Equal([new SkippedRow(3, SkipReasons.EmptyLabel)], dataset.Skipped);
    }

    [Fact]
    public void A_ClassLabel_integer_out_of_range_is_an_error_naming_the_row_across_row_groups()
    {
        var labels = Enumerable.Range(0, 3000).Select(i => (long?)(i % 2)).ToArray();
        labels[2344] = 7;
        string path = Save(Write(
            [Strings("text", Enumerable.Range(0, 3000).Select(i => (string?)$"text {i}").ToArray()), Longs("label", labels)],
            groupSizes: [1000, 1000, 1000],
            metadata: HuggingFace(("label", ["neg", "pos"], false))));

        DataFormatException error = Assert.Throws<DataFormatException>(() => DatasetReader.Read(path));

        Assert.Equal(2345, error.LineNumber);
        Assert.StartsWith($"{path}: row 2,345: label column 'label' holds 7, which numbers no class", error.Message, StringComparison.Ordinal);
        Assert.Contains("2 classes, 0 to 1 (neg, pos)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_of_later_row_groups_are_numbered_on_from_the_earlier_ones()
    {
        var texts = Enumerable.Range(1, 25).Select(i => (string?)$"text {i}").ToArray();
        var labels = Enumerable.Range(1, 25).Select(i => (string?)(i == 18 ? "bad\nlabel" : "a")).ToArray();
        texts[11] = "  ";

        string skips = SaveRows(texts, Enumerable.Repeat<string?>("a", 25).ToArray(), [10, 10, 5]);
        Dataset dataset = DatasetReader.Read(skips);
        DataFormatException error = Assert.Throws<DataFormatException>(() => DatasetReader.Read(SaveRows(texts, labels, [10, 10, 5])));

        Assert.Equal(Enumerable.Range(1, 25).Where(i => i != 12), dataset.Rows.Select(r => r.LineNumber));
        Assert.Equal([new SkippedRow(12, SkipReasons.EmptyText)], dataset.Skipped);
        Assert.Equal(18, error.LineNumber);
        Assert.Contains(": row 18: the label \"bad\\nlabel\" holds a line break", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dictionary_encoded_file_as_pandas_and_pyarrow_write_reads_every_row()
    {
        // pandas, pyarrow and DuckDB write string columns in dictionary encoding by default, which Parquet.Net does not
        // write: the fixture comes from arrow-rs (Data/Fixtures/make-dictionary-encoded.mjs, which says how the rows are
        // made). Read since session 49 through the strict UTF-8 byte path of a one-string-a-row column.
        string path = Path.Combine(PackagesFixture.FindRepositoryRoot(), "tests", "TextClassification.Tests", "Data", "Fixtures", "dictionary-encoded.parquet");
        await using (FileStream stream = File.OpenRead(path))
        await using (ParquetReader reader = await ParquetReader.CreateAsync(stream))
        {
            // The fixture is what it claims: three row groups, every column chunk with a dictionary page.
            Assert.Equal(3, reader.RowGroupCount);
            Assert.All(reader.Metadata!.RowGroups.SelectMany(g => g.Columns), chunk => Assert.NotNull(chunk.MetaData!.DictionaryPageOffset));
        }

        string[] names = ["spam", "ham", "other"];
        Dataset dataset = DatasetReader.Read(path);

        Assert.Equal(Enumerable.Range(0, 40).Where(i => i != 5).Select(i => $"{names[i % 3]} message {i % 7} über"), dataset.Rows.Select(r => r.Text));
        Assert.Equal(Enumerable.Range(0, 40).Where(i => i != 5).Select(i => names[i % 3]), dataset.Rows.Select(r => r.Label));
        Assert.Equal([new SkippedRow(6, SkipReasons.EmptyText)], dataset.Skipped);
    }

    [Fact]
    public void Integer_and_boolean_labels_without_metadata_read_as_their_decimal_and_true_false_forms()
    {
        string integers = Save(Write([Strings("text", ["a", "b", "c"]), new Column(new DataField<int?>("label"), [0, 12, -3])]));
        string booleans = Save(Write([Strings("text", ["a", "b", "c"]), new Column(new DataField<bool?>("label"), [true, false, null])]));

        Assert.Equal(["0", "12", "-3"], DatasetReader.Read(integers).Rows.Select(r => r.Label));
        Dataset flags = DatasetReader.Read(booleans);
        Assert.Equal(["true", "false"], flags.Rows.Select(r => r.Label));
        Assert.Equal([new SkippedRow(3, SkipReasons.EmptyLabel)], flags.Skipped);
    }

    [Fact]
    public void Required_columns_which_have_no_nulls_read_as_nullable_ones_do()
    {
        // A field written REQUIRED (no definition levels: Spark's and Parquet.Net's non-nullable columns, pyarrow's with
        // nullable=False) was refused as damaged: "Definition levels buffer is too small".
        string longs = Save(Write([new Column(new DataField<string>("text", false), ["a", "b", "c"]), new Column(new DataField<long>("label"), [0L, 12L, -3L])]));
        string classLabels = Save(Write(
            [new Column(new DataField<string>("text", false), ["a", "b", "c"]), new Column(new DataField<sbyte>("label"), [(sbyte)1, (sbyte)-1, (sbyte)0])],
            metadata: HuggingFace(("label", ["négatif", "позитив"], false))));

        Assert.Equal([("a", "0"), ("b", "12"), ("c", "-3")], DatasetReader.Read(longs).Rows.Select(r => (r.Text, r.Label)));
        Dataset named = DatasetReader.Read(classLabels);
        Assert.Equal([("a", "позитив"), ("c", "négatif")], named.Rows.Select(r => (r.Text, r.Label)));
        Assert.Equal([new SkippedRow(2, SkipReasons.EmptyLabel)], named.Skipped);
    }

    [Fact]
    public void Nulls_are_missing_values_counted_as_empty_texts_and_labels()
    {
        string path = Save(Write([Strings("text", ["one", null, "three", "   "]), Longs("label", [1, 2, null, 4])]));

        Dataset dataset = DatasetReader.Read(path);

        Assert.Equal([new LabeledText("one", "1", 1)], dataset.Rows);
        Assert.Equal(
            [new SkippedRow(2, SkipReasons.EmptyText), new SkippedRow(3, SkipReasons.EmptyLabel), new SkippedRow(4, SkipReasons.EmptyText)],
            dataset.Skipped);
    }

    [Fact]
    public void Columns_are_chosen_by_name_ignoring_case_and_an_unknown_name_lists_the_files_columns()
    {
        string path = Save(Write([Longs("id", [1, 2]), Strings("Sentence", ["hi there", "bye now"]), Strings("Intent", ["greet", "leave"])]));

        Dataset dataset = DatasetReader.Read(path, new DatasetReadOptions { TextColumn = "sentence", LabelColumn = "intent" });
        DataFormatException missing = Assert.Throws<DataFormatException>(() => DatasetReader.Read(path));

        Assert.Equal([("hi there", "greet"), ("bye now", "leave")], dataset.Rows.Select(r => (r.Text, r.Label)));
        Assert.Equal(0, missing.LineNumber);
        Assert.Equal(
            $"{path}: text column 'text' and label column 'label' were not found in the file's schema; available columns: 'id', 'Sentence', 'Intent'; " +
            "if the file names them otherwise, give those names with DatasetReadOptions.TextColumn and DatasetReadOptions.LabelColumn.",
            missing.Message);
    }

    [Fact]
    public void Label_normalisation_and_cleaning_apply_as_for_the_text_formats()
    {
        string path = SaveRows(["a", "b", "a", "c"], [" Pos ", "neg", "pos", "other"]);

        Dataset dataset = DatasetReader.Read(path, new DatasetReadOptions
        {
            LowercaseLabels = true,
            AllowedLabels = ["pos", "neg"],
            Duplicates = DuplicateHandling.DropExact,
        });

        Assert.Equal([("a", "pos"), ("b", "neg")], dataset.Rows.Select(r => (r.Text, r.Label)));
        Assert.Equal([new SkippedRow(3, SkipReasons.Duplicate), new SkippedRow(4, SkipReasons.LabelNotAllowed)], dataset.Skipped);
    }

    [Theory]
    [InlineData("text", "text column 'text' holds int64; the text column must hold strings")]
    [InlineData("label", "label column 'label' holds double; a label column holds strings, booleans or integers (columns of 0/1")]
    public void A_column_of_the_wrong_type_is_an_error_naming_it_and_its_type(string wrong, string expected)
    {
        string path = Save(Write(wrong == "text"
            ? [Longs("text", [1]), Strings("label", ["a"])]
            : [Strings("text", ["a"]), new Column(new DataField<double?>("label"), [0.5])]));

        DataFormatException error = Assert.Throws<DataFormatException>(() => DatasetReader.Read(path));

        Assert.StartsWith($"{path}: {expected}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_label_column_is_a_label_set_with_a_delimiter_and_an_error_without_one()
    {
        var labels = new ListField("labels", new DataField<string>("element"));
        string path = Save(Write([Strings("text", ["a", "b", "c", "d"]), new Column(labels, [new[] { "x", " y " }, Array.Empty<string>(), null, new[] { "y", "x", "x" }])]));

        Dataset dataset = DatasetReader.Read(path, new DatasetReadOptions { LabelColumn = "labels", MultiLabelDelimiter = "|" });
        DataFormatException error = Assert.Throws<DataFormatException>(() => DatasetReader.Read(path, new DatasetReadOptions { LabelColumn = "labels" }));

        Assert.Equal([("a", "x|y"), ("b", "|"), ("d", "x|y")], dataset.Rows.Select(r => (r.Text, r.Label)));
        Assert.Equal([new SkippedRow(3, SkipReasons.EmptyLabel)], dataset.Skipped);
        Assert.True(error.Message.Contains("label column 'labels' holds list<string>: a label set needs a multi-label delimiter", StringComparison.Ordinal), error.Message);
    }

    [Fact]
    public void A_Sequence_of_ClassLabel_reads_as_a_set_of_class_names()
    {
        var labels = new ListField("labels", new DataField<long>("element"));
        string path = Save(Write(
            [Strings("text", ["a", "b"]), new Column(labels, [new long[] { 2, 0 }, new long[] { 1 }])],
            metadata: HuggingFace(("labels", ["anger", "joy", "love"], true))));

        Dataset dataset = DatasetReader.Read(path, new DatasetReadOptions { LabelColumn = "labels", MultiLabelDelimiter = "|" });

        Assert.Equal(["anger|love", "joy"], dataset.Rows.Select(r => r.Label));
    }

    [Fact]
    public void Label_columns_of_integers_and_booleans_read_as_one_column_per_label()
    {
        string path = Save(Write(
        [
            Strings("comment_text", ["you fool", "nice", "unrated"]),
            Longs("toxic", [1, 0, null]),
            new Column(new DataField<bool?>("insult"), [true, false, false]),
        ]));

        Dataset dataset = DatasetReader.Read(path, new DatasetReadOptions
        {
            TextColumn = "comment_text",
            LabelColumns = ["toxic", "insult"],
            MultiLabelDelimiter = "|",
        });

        Assert.Equal(["insult|toxic", "|"], dataset.Rows.Select(r => r.Label));
        Assert.Equal([new SkippedRow(3, SkipReasons.EmptyLabel)], dataset.Skipped);
    }

    [Theory]
    [InlineData(CompressionMethod.None)]
    [InlineData(CompressionMethod.Snappy)]
    [InlineData(CompressionMethod.Gzip)]
    [InlineData(CompressionMethod.Zstd)]
    [InlineData(CompressionMethod.Brotli)]
    [InlineData(CompressionMethod.Lz4Raw)]
    public void Every_common_codec_reads(CompressionMethod codec)
    {
        string path = Save(Write([Strings("text", ["a b c", "d e f"]), Strings("label", ["x", "y"])], compression: codec));

        Assert.Equal(["x", "y"], DatasetReader.Read(path).Rows.Select(r => r.Label));
    }

    [Fact]
    public void Texts_to_classify_are_the_text_column_of_every_row_without_a_label()
    {
        string path = Save(Write([Strings("text", ["  spaced  ", null, "x"])]));

        IReadOnlyList<LabeledText> texts = DatasetReader.ReadTexts(path, "text", "label", DatasetFormat.Auto, CancellationToken.None);

        Assert.Equal([("  spaced  ", 1), (string.Empty, 2), ("x", 3)], texts.Select(r => (r.Text, r.LineNumber)));
    }

    [Fact]
    public void A_stream_that_cannot_seek_reads_as_its_file_does()
    {
        byte[] bytes = Write([Strings("text", ["a", "b"]), Strings("label", ["x", "y"])]);
        using var pipe = new NonSeekableStream(bytes);

        Dataset dataset = DatasetReader.ReadParquet(pipe, "pipe");

        Assert.Equal(DatasetReader.Read(Save(bytes)).Rows, dataset.Rows);
        Assert.Throws<ArgumentException>(() => DatasetReader.Read(new StringReader("x"), "memory", DatasetFormat.Parquet));
    }

    [Fact]
    public void A_canceled_read_throws_OperationCanceledException()
    {
        string path = SaveRows(["a"], ["b"]);
        using var canceled = new CancellationTokenSource();
        canceled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => DatasetReader.Read(path, cancellationToken: canceled.Token));
    }

    [Theory]
    [InlineData("text")]
    [InlineData("label")]
    public void A_string_that_is_not_valid_UTF8_is_an_error_naming_its_row_as_the_text_formats_refuse_it(string column)
    {
        // Review 49b: Parquet.Net decodes a string's bytes leniently, so an invalid byte read as U+FFFD where the TSV, CSV
        // and JSON readers refuse it, naming its line. "é" (C3 A9) is written, and every copy of it (the page, the
        // statistics) made C3 28, an invalid sequence; a real U+FFFD (EF BF BD, valid UTF-8) still reads.
        string?[] texts = ["fine \uFFFD", "caf\u00e9 au lait", "more"];
        string?[] labels = ["a", "b", "c"];
        if (column == "label")
        {
            (texts, labels) = (["one", "two", "three"], ["a", "caf\u00e9", "c"]);
        }

        byte[] bytes = Write([Strings("text", texts), Strings("label", labels)], compression: CompressionMethod.None);
        int patched = 0;
        for (int i = 0; i + 1 < bytes.Length; i++)
        {
            if (bytes[i] == 0xC3 && bytes[i + 1] == 0xA9)
            {
                bytes[i + 1] = 0x28;
                patched++;
            }
        }

        Assert.True(patched > 0);
        string path = Save(bytes);

        DataFormatException error = Assert.Throws<DataFormatException>(() => DatasetReader.Read(path));

        Assert.StartsWith($"{path}: row 2: {column} column '{column}' holds a string that is not valid UTF-8: byte 0xC3 at byte 4 of the value", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.LineNumber);
        Assert.Equal("fine \uFFFD", DatasetReader.Read(Save(Write([Strings("text", ["fine \uFFFD"]), Strings("label", ["a"])]))).Rows[0].Text);
        // A required string column (no definition levels) reads through the same byte field.
        Dataset required = DatasetReader.Read(Save(Write([new(new DataField<string>("text", nullable: false), ["caf\u00e9", "b"]), new(new DataField<string>("label", nullable: false), ["x", "y"])])));
        Assert.Equal(["caf\u00e9", "b"], required.Rows.Select(r => r.Text));
    }

    [Fact]
    public void A_file_that_is_not_Parquet_is_an_error_naming_the_file()
    {
        string text = Save(Encoding.UTF8.GetBytes("text\tlabel\nhello\tpos\n"));
        string empty = Save([]);

        DataFormatException textError = Assert.Throws<DataFormatException>(() => DatasetReader.Read(text));
        DataFormatException emptyError = Assert.Throws<DataFormatException>(() => DatasetReader.Read(empty));

        Assert.StartsWith($"{text}: not a Parquet file: it does not start with PAR1", textError.Message, StringComparison.Ordinal);
        Assert.Contains("it looks like text", textError.Message, StringComparison.Ordinal);
        Assert.Contains("(it is empty)", emptyError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Parquet_file_read_as_text_says_it_is_Parquet()
    {
        string path = SaveRows(["a"], ["b"]);

        DataFormatException error = Assert.Throws<DataFormatException>(() => DatasetReader.Read(path, new DatasetReadOptions { Format = DatasetFormat.Tsv }));

        Assert.Contains("is an Apache Parquet file (it starts with PAR1), not text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_file_is_an_error_naming_the_file_at_every_cut()
    {
        byte[] bytes = Write([Strings("text", Enumerable.Range(0, 200).Select(i => (string?)$"text number {i}").ToArray()), Strings("label", Enumerable.Range(0, 200).Select(i => (string?)$"l{i % 3}").ToArray())]);
        var cuts = new HashSet<int> { 1, 3, 4, 8, 11, 12, bytes.Length / 2, bytes.Length - 9, bytes.Length - 8, bytes.Length - 4, bytes.Length - 1 };
        for (int cut = 16; cut < bytes.Length; cut += 97)
        {
            cuts.Add(cut);
        }

        foreach (int cut in cuts)
        {
            string path = Save(bytes[..cut]);

            DataFormatException error = Assert.Throws<DataFormatException>(() => DatasetReader.Read(path));

            Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
            if (cut >= 4)
            {
                Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Damaged_bytes_are_a_DataFormatException_never_another_exception()
    {
        byte[] bytes = Write(
            [Strings("text", Enumerable.Range(0, 300).Select(i => (string?)$"text number {i}").ToArray()), Longs("label", Enumerable.Range(0, 300).Select(i => (long?)(i % 3)).ToArray())],
            groupSizes: [100, 100, 100],
            metadata: HuggingFace(("label", ["a", "b", "c"], false)));
        var random = new Random(43);
        for (int trial = 0; trial < 300; trial++)
        {
            byte[] damaged = (byte[])bytes.Clone();
            int flips = 1 + random.Next(4);
            for (int f = 0; f < flips; f++)
            {
                damaged[4 + random.Next(damaged.Length - 8)] = (byte)random.Next(256);
            }

            try
            {
                DatasetReader.ReadParquet(new MemoryStream(damaged), "damaged.parquet");
            }
            catch (DataFormatException ex)
            {
                Assert.StartsWith("damaged.parquet: ", ex.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task A_footer_that_ends_inside_a_value_is_an_error_not_an_endless_loop()
    {
        // Field 1 (an i32) whose varint's continuation bit runs off the end of the footer: Parquet.Net 6.1.0's Thrift reader
        // takes the end (-1) for the byte 0xFF and never stops reading the varint.
        byte[] bytes = [.. "PAR1"u8, 0x15, 0x80, 2, 0, 0, 0, .. "PAR1"u8];
        string path = Save(bytes);

        Task<Exception?> read = Task.Run<Exception?>(() => Record.Exception(() => DatasetReader.Read(path)));

        Assert.True(await Task.WhenAny(read, Task.Delay(TimeSpan.FromMinutes(1))) == read, "the read did not end");
        DataFormatException error = Assert.IsType<DataFormatException>(await read);
        Assert.Equal($"{path}: the Parquet file is damaged or truncated: its footer (schema and row groups) ends in the middle of a value", error.Message);
    }

    [Fact]
    public void A_footer_length_past_the_start_of_the_file_is_an_error()
    {
        string path = Save([.. "PAR1"u8, 1, 2, 3, 4, 0xE8, 0x03, 0, 0, .. "PAR1"u8]);

        DataFormatException error = Assert.Throws<DataFormatException>(() => DatasetReader.Read(path));

        Assert.Equal($"{path}: the Parquet file is damaged or truncated: its footer length (1,000 bytes) does not fit in the file (16 bytes)", error.Message);
    }

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
