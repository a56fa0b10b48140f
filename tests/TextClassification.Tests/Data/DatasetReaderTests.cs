using System.Text;
using TextClassification.Training.Data;

namespace TextClassification.Tests.Data;

public sealed class DatasetReaderTests : IDisposable
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tc-data-" + Guid.NewGuid().ToString("N"));

    public DatasetReaderTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string WriteFile(string name, string content)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, content, Utf8NoBom);
        return path;
    }

    // Writes the file, reads it, and returns the DataFormatException the read must throw.
    private DataFormatException ReadError(string name, string content)
    {
        string path = WriteFile(name, content);
        return Assert.Throws<DataFormatException>(() => DatasetReader.Read(path));
    }

    [Theory]
    [InlineData("texts.tsv", "id\ttext\n1\t\"two\nlines\"\n2\t  spaced  \n3\t\n")]
    [InlineData("texts.csv", "text,label\n\"two\nlines\",a\n  spaced  ,\n,b\n")]
    [InlineData("texts.jsonl", "{\"text\":\"two\\nlines\"}\n\n{\"text\":\"  spaced  \",\"label\":\"x\"}\n{\"text\":null}\n")]
    public void Texts_to_classify_are_every_records_text_as_written_with_or_without_a_label(string name, string content)
    {
        // textclf predict --input: no label column needed, nothing trimmed or skipped (an answer per record).
        IReadOnlyList<LabeledText> texts = DatasetReader.ReadTexts(WriteFile(name, content), "text", null, DatasetFormat.Auto, CancellationToken.None);

        Assert.Equal(["two\nlines", "  spaced  ", ""], texts.Select(row => row.Text));
        Assert.Equal(name.EndsWith(".jsonl", StringComparison.Ordinal) ? [1, 3, 4] : [2, 4, 5], texts.Select(row => row.LineNumber));
    }

    [Theory]
    [InlineData("headerless.tsv", "pos\tfine film\nneg\tdull\n", "headerless.tsv:1: ", "first line")]
    [InlineData("headerless.csv", "pos,fine film\nneg,dull\n", "headerless.csv:1: ", "first line")]
    [InlineData("blank-first.tsv", "\n\npos\tfine film\nneg\tdull\n", "blank-first.tsv:3: ", "first line that is not blank (line 3)")]
    public void A_file_without_a_header_line_is_told_its_first_line_was_read_as_the_header(string name, string content, string position, string headerLine)
    {
        // The first record was read as the column names: the message said the columns were not found and listed the
        // record's fields as the columns, but not why, nor what to do.
        DataFormatException error = ReadError(name, content);

        Assert.Equal(
            $"{position}text column 'text' and label column 'label' were not found in the header; available columns: 'pos', 'fine film'. " +
            $"The {headerLine} is read as the header, the column names: if the file has no header line, add one naming the text column 'text' and label column 'label'; " +
            "if its header names them otherwise, give those names with DatasetReadOptions.TextColumn and DatasetReadOptions.LabelColumn.",
            error.Message[error.Message.IndexOf(position, StringComparison.Ordinal)..]);
    }

    [Theory]
    [InlineData("named-label.tsv", "label\tbody\npos\tfine film\n", "'label', 'body'", "label column 'label'", "text column 'text'", "TextColumn")]
    [InlineData("bom-cased.tsv", "\uFEFFLabel\tBody\npos\tfine film\n", "'Label', 'Body'", "label column 'Label'", "text column 'text'", "TextColumn")]
    [InlineData("named-text.csv", "TEXT,category\nfine film,pos\n", "'TEXT', 'category'", "text column 'TEXT'", "label column 'label'", "LabelColumn")]
    public void A_header_that_names_another_column_looked_for_is_not_told_to_add_a_header_line(
        string name, string content, string available, string named, string missing, string setting)
    {
        // Review 47b: the first line plainly was a header (it named the label column), yet the message said "if the file
        // has no header line, add one": a line added above it would have turned that header into a record.
        DataFormatException error = ReadError(name, content);

        Assert.EndsWith(
            $"{name}:1: {missing} was not found in the header; available columns: {available}. The first line is read as the header, the column names, " +
            $"and it names the {named}: if it names the {missing} otherwise, give that name with DatasetReadOptions.{setting}.",
            error.Message,
            StringComparison.Ordinal);
        Assert.DoesNotContain("no header line", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_of_the_default_names_read_for_other_columns_is_not_told_to_add_a_header_line()
    {
        // eval reads a test file for the columns the model was trained with: a file headed "label<TAB>text" was told "if
        // the file has no header line, add one naming the text column 'body' …" (review 47b).
        string path = WriteFile("default-names.tsv", "Label\tText\npos\tfine film\n");

        DataFormatException error = Assert.Throws<DataFormatException>(
            () => DatasetReader.Read(path, new DatasetReadOptions { TextColumn = "body", LabelColumn = "category" }));

        Assert.EndsWith(
            "text column 'body' and label column 'category' were not found in the header; available columns: 'Label', 'Text'. The first line is read as the " +
            "header, the column names, and it names a column 'Text': if it names the text column 'body' and label column 'category' otherwise, give those " +
            "names with DatasetReadOptions.TextColumn and DatasetReadOptions.LabelColumn.",
            error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Texts_to_classify_under_a_header_that_names_the_label_column_are_not_told_to_add_a_header_line()
    {
        // predict --input reads the text column alone, but a header naming the label column is still a header.
        string path = WriteFile("texts-labelled.tsv", "label\tbody\npos\tfine film\n");

        DataFormatException error = Assert.Throws<DataFormatException>(
            () => DatasetReader.ReadTexts(path, "text", "label", DatasetFormat.Auto, CancellationToken.None, ColumnSettingNames.CommandLine));

        Assert.EndsWith(
            "text column 'text' was not found in the header; available columns: 'label', 'body'. The first line is read as the header, the column names, " +
            "and it names the label column 'label': if it names the text column 'text' otherwise, give that name with --text-column.",
            error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Texts_to_classify_without_a_header_line_name_the_setting_that_picks_the_text_column()
    {
        string path = WriteFile("texts.tsv", "fine film\ndull\n");

        DataFormatException library = Assert.Throws<DataFormatException>(() => DatasetReader.ReadTexts(path, "text", null, DatasetFormat.Auto, CancellationToken.None));
        DataFormatException commandLine = Assert.Throws<DataFormatException>(
            () => DatasetReader.ReadTexts(path, "body", null, DatasetFormat.Auto, CancellationToken.None, ColumnSettingNames.CommandLine));

        Assert.EndsWith(
            "text column 'text' was not found in the header; available columns: 'fine film'. The first line is read as the header, the column names: " +
            "if the file has no header line, add one naming the text column 'text'; if its header names it otherwise, give that name with DatasetReadOptions.TextColumn.",
            library.Message,
            StringComparison.Ordinal);
        Assert.EndsWith("add one naming the text column 'body'; if its header names it otherwise, give that name with --text-column.", commandLine.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text\tlabel\nfine\tpos\nbad\tneg\n\"first\tline with tab\nsecond line\"\tpos\nlast\tneg\n")]
    [InlineData("label\ttext\npos\tfine\nneg\tbad\nneg\t\"no tab first\nthen\ttab\"\npos\tlast\n")]
    public void Texts_to_classify_of_a_labelled_TSV_are_its_records_as_train_reads_them(string content)
    {
        // A quoted text holding a tab and a line break, its lines each a row as written: the file's labels decide it
        // (TsvRecordReader). Read without them, predict --input gave two answers for it, split inside the text, where
        // train reads one record (review 40).
        string path = WriteFile("labelled.tsv", content);

        IReadOnlyList<LabeledText> texts = DatasetReader.ReadTexts(path, "text", "label", DatasetFormat.Auto, CancellationToken.None);

        Assert.Equal(DatasetReader.Read(path).Rows.Select(row => (row.Text, row.LineNumber)), texts.Select(row => (row.Text, row.LineNumber)));
    }

    [Theory]
    [InlineData("utf-16")]
    [InlineData("utf-16BE")]
    [InlineData("utf-32")]
    [InlineData("utf-32BE")]
    public void A_file_with_a_UTF16_or_UTF32_mark_is_read_in_that_encoding_and_strictly(string name)
    {
        Encoding encoding = Encoding.GetEncoding(name);
        string good = Path.Combine(_folder, "good.tsv");
        File.WriteAllBytes(good, [.. encoding.GetPreamble(), .. encoding.GetBytes("text\tlabel\ncafé au lait\tdrink\nrefund\tmoney\n")]);

        Dataset read = DatasetReader.Read(good);

        Assert.Equal(["café au lait", "refund"], read.Rows.Select(r => r.Text));
        Assert.Equal(["drink", "money"], read.Rows.Select(r => r.Label));

        // A lone surrogate in the text: StreamReader's own mark detection decoded it as U+FFFD without a word.
        bool wide = name.StartsWith("utf-32", StringComparison.Ordinal);
        bool bigEndian = name.EndsWith("BE", StringComparison.Ordinal);
        byte[] lone = wide ? (bigEndian ? [0, 0, 0xD8, 0] : [0, 0xD8, 0, 0]) : (bigEndian ? [0xD8, 0] : [0, 0xD8]);
        string bad = Path.Combine(_folder, "bad.tsv");
        File.WriteAllBytes(bad, [.. encoding.GetPreamble(), .. encoding.GetBytes("text\tlabel\nab"), .. lone, .. encoding.GetBytes("\tx\n")]);

        DataFormatException error = Assert.Throws<DataFormatException>(() => DatasetReader.Read(bad));
        Assert.Contains($"cannot be decoded as {encoding.WebName}", error.Message, StringComparison.Ordinal);
        // The unit in words, not the decoder's "Unable to translate bytes [00][D8] at index 0" (an index into its buffer).
        Assert.Contains(wide ? $"U+D800 (bytes {Convert.ToHexString(lone)}), a surrogate" : $"a high surrogate (U+D800, bytes {Convert.ToHexString(lone)}) with no low surrogate after it", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("index", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("utf-16", new byte[] { 0x00, 0xDC }, "a low surrogate (U+DC00, bytes 00DC) with no high surrogate before it")]
    [InlineData("utf-16BE", new byte[] { 0x41 }, "the input ends in the middle of a code unit (bytes 41)")]
    [InlineData("utf-32", new byte[] { 0x00, 0x00, 0x11, 0x00 }, "0x110000 (bytes 00001100), past the last code point U+10FFFF")]
    [InlineData("utf-32BE", new byte[] { 0x00, 0x11, 0x00, 0x00 }, "0x110000 (bytes 00110000), past the last code point U+10FFFF")]
    public void A_bad_UTF16_or_UTF32_unit_is_named_in_words(string name, byte[] unit, string expected)
    {
        Encoding encoding = Encoding.GetEncoding(name);
        string bad = Path.Combine(_folder, "bad-unit.tsv");
        File.WriteAllBytes(bad, [.. encoding.GetPreamble(), .. encoding.GetBytes("text\tlabel\nab\tx\n"), .. unit]);

        DataFormatException error = Assert.Throws<DataFormatException>(() => DatasetReader.Read(bad));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.LineNumber);
    }

    [Fact]
    public async Task A_UTF16_pipe_is_read_strictly_too()
    {
        // A pipe cannot be read twice: its first bytes are read ahead to find the mark and put back in front.
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string fifo = Path.Combine(_folder, "pipe.tsv");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        byte[] good = [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("text\tlabel\ncafé\tdrink\n")];
        Task writer = Task.Run(() => File.WriteAllBytes(fifo, good));
        Assert.Equal(["café"], DatasetReader.Read(fifo).Rows.Select(r => r.Text));
        await writer.WaitAsync(TimeSpan.FromSeconds(30));

        byte[] bad = [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("text\tlabel\nab"), 0x00, 0xD8, .. Encoding.Unicode.GetBytes("\tx\n")];
        writer = Task.Run(() => File.WriteAllBytes(fifo, bad));
        DataFormatException error = Assert.Throws<DataFormatException>(() => DatasetReader.Read(fifo));
        Assert.Contains("cannot be decoded as utf-16", error.Message, StringComparison.Ordinal);
        await writer.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void An_undefined_format_is_refused_before_the_file_is_looked_at()
    {
        // It was refused only after the file was opened: a missing file was reported instead of the option's mistake.
        var options = new DatasetReadOptions { Format = (DatasetFormat)9 };

        Assert.Throws<ArgumentOutOfRangeException>(() => DatasetReader.Read(Path.Combine(_folder, "missing.tsv"), options));
    }

    [Fact]
    public void Csv_LabelWithALineBreak_FailsNamingFileAndLine()
    {
        string path = WriteFile("multi.csv", "text,label\nfine row,ok\n\"second row\",\"multi\nline\"\nlast,ok\n");

        DataFormatException error = Assert.Throws<DataFormatException>(() => DatasetReader.Read(path));

        Assert.Equal(path, error.FilePath);
        Assert.Equal(3, error.LineNumber);
        Assert.Contains("\"multi\\nline\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("single line", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"text\": \"a\\ud800 b\", \"label\": \"y\"}", "text property 'text' holds an escaped lone surrogate")]
    [InlineData("{\"text\": \"a b\", \"label\": \"\\udc00\"}", "label property 'label' holds an escaped lone surrogate")]
    [InlineData("{\"text\": \"hello\", \"label\": \"a\", \"\\ud800\": 1}", "a property name holds an escaped lone surrogate")]
    [InlineData("{\"text\": \"b\", \"label\": \"x\", \"Label\": \"y\"}", "the label property 'label' appears more than once")]
    [InlineData("{\"text\": \"b\", \"label\": \"tab\\there\"}", "tab\\there")]
    [InlineData("{\"text\": \"b\", \"label\": \"bell\\u0007\"}", "bell\\u0007")]
    public void Jsonl_BadSecondLine_FailsNamingTheLineAndWhy(string secondLine, string message)
    {
        DataFormatException error = ReadError("bad.jsonl", "{\"text\": \"ok\", \"label\": \"x\"}\n" + secondLine + "\n");

        Assert.Equal(2, error.LineNumber);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_NamingOneColumnTwiceOrAnUndefinedDuplicateHandling_AreRefused()
    {
        using var reader = new StringReader("text\tlabel\nhello\tx\n");

        var same = Assert.Throws<ArgumentException>(() =>
            DatasetReader.Read(reader, "memory", DatasetFormat.Tsv, new DatasetReadOptions { TextColumn = "text", LabelColumn = "Text" }));
        var undefined = Assert.Throws<ArgumentException>(() =>
            DatasetReader.Read(reader, "memory", DatasetFormat.Tsv, new DatasetReadOptions { Duplicates = (DuplicateHandling)99 }));

        Assert.Contains("the label would be the text", same.Message, StringComparison.Ordinal);
        Assert.Contains("DatasetReadOptions.Duplicates is 99", undefined.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_NamingTheTextColumnTwice_FailsNamingBothColumns()
    {
        DataFormatException error = ReadError("twice.tsv", "text\tlabel\tText\nhello\tx\tbye\n");

        Assert.Equal(1, error.LineNumber);
        Assert.Contains("the header names the text column 'text' twice (columns 1 and 3)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Label_WithSpacesAndUnicode_IsKept()
    {
        string path = WriteFile("unicode.tsv", "text\tlabel\nhello\tgreeting – warm 😊\nbye\tfarewell\n");

        Dataset dataset = DatasetReader.Read(path);

        Assert.Equal("greeting – warm 😊", dataset.Rows[0].Label);
    }

    [Fact]
    public void Tsv_ReadsTrimmedRowsWithLineNumbers()
    {
        string path = WriteFile("train.tsv", "text\tlabel\n  good movie \tpos\nbad movie\t neg \n");

        Dataset dataset = DatasetReader.Read(path);

        Assert.Equal(path, dataset.Source);
        Assert.Equal(
            [new LabeledText("good movie", "pos", 2), new LabeledText("bad movie", "neg", 3)],
            dataset.Rows);
        Assert.Empty(dataset.Skipped);
    }

    [Fact]
    public void Txt_IsReadAsTsv()
    {
        string path = WriteFile("train.txt", "label\ttext\nspam\tbuy now\n");

        Dataset dataset = DatasetReader.Read(path);

        Assert.Equal([new LabeledText("buy now", "spam", 2)], dataset.Rows);
    }

    [Fact]
    public void Csv_HandlesQuotesEmbeddedCommasNewlinesAndEscapedQuotes()
    {
        string path = WriteFile(
            "train.csv",
            "id,text,label\n"
            + "1,\"Hello, world\",greeting\n"
            + "2,\"She said \"\"hi\"\"\",quote\n"
            + "3,\"line one\nline two\r\nline three\",multi\n"
            + "4,after multi,plain\n"
            + "5,\"\"\"quoted\"\" start\",\"a,b\"\n");

        Dataset dataset = DatasetReader.Read(path);

        Assert.Equal(
            [
                new LabeledText("Hello, world", "greeting", 2),
                new LabeledText("She said \"hi\"", "quote", 3),
                new LabeledText("line one\nline two\r\nline three", "multi", 4),
                new LabeledText("after multi", "plain", 7),
                new LabeledText("\"quoted\" start", "a,b", 8),
            ],
            dataset.Rows);
    }

    [Fact]
    public void Csv_ABareNaInAFileQuotingEveryText_IsAMissingValue()
    {
        // R's write.csv(df, row.names = FALSE) quotes names and texts and writes a missing value as a bare NA; Python's
        // csv with QUOTE_NONNUMERIC writes a missing float as nan. Both had been read as the text or the label "NA".
        string r = WriteFile(
            "r.csv",
            "\"text\",\"label\"\n\"fine film\",\"pos\"\nNA,\"neg\"\n\"no label\",NA\n\"NA\",\"pos\"\n\"two\nlines\",\"neg\"\nnan,\"neg\"\n");
        Dataset dataset = DatasetReader.Read(r);
        Assert.Equal([new LabeledText("fine film", "pos", 2), new LabeledText("NA", "pos", 5), new LabeledText("two\nlines", "neg", 6)], dataset.Rows);
        Assert.Equal([new SkippedRow(3, SkipReasons.EmptyText), new SkippedRow(4, SkipReasons.EmptyLabel), new SkippedRow(8, SkipReasons.EmptyText)], dataset.Skipped);

        // A header that does not quote every name: NA is a word, as written.
        string plain = WriteFile("plain.csv", "text,\"label\"\nNA,pos\n\"fine\",NA\n");
        Assert.Equal([new LabeledText("NA", "pos", 2), new LabeledText("fine", "NA", 3)], DatasetReader.Read(plain).Rows);
    }

    [Fact]
    public void Csv_ALoneCarriageReturnInAnLfFile_IsPartOfItsFieldAsInTsv()
    {
        // It ended the record: "A,hel\rlo,world" became two rows, one with the label "lo", and every later line
        // number was one past what grep and editors show.
        string split = WriteFile("split.csv", "label,text\nA,fine\nA,hel\rlo,world\nB,x\n");
        DataFormatException error = Assert.Throws<DataFormatException>(() => DatasetReader.Read(split, new DatasetReadOptions { TextColumn = "text", LabelColumn = "label" }));
        Assert.Equal(3, error.LineNumber);
        Assert.Contains("expected 2 comma-separated fields as in the header but found 3", error.Message, StringComparison.Ordinal);

        string quoted = WriteFile("quoted.csv", "label,text\nA,\"hel\rlo\"\nB,\"x\ry\"\nB,z\n");
        Dataset dataset = DatasetReader.Read(quoted, new DatasetReadOptions { TextColumn = "text", LabelColumn = "label" });
        Assert.Equal([new LabeledText("hel\rlo", "A", 2), new LabeledText("x\ry", "B", 3), new LabeledText("z", "B", 4)], dataset.Rows);

        // A file whose line breaks are lone CRs (old Mac) still has one record a line.
        string mac = WriteFile("mac.csv", "label,text\rA,fine\rB,\"two\rlines\"\rB,x\r");
        Assert.Equal(
            [new LabeledText("fine", "A", 2), new LabeledText("two\rlines", "B", 3), new LabeledText("x", "B", 5)],
            DatasetReader.Read(mac, new DatasetReadOptions { TextColumn = "text", LabelColumn = "label" }).Rows);
    }

    [Fact]
    public void Csv_LastRecordWithoutTrailingNewline_IsRead()
    {
        string path = WriteFile("train.csv", "text,label\r\n\"a\",b\r\nc,\"d\"");

        Dataset dataset = DatasetReader.Read(path);

        Assert.Equal([new LabeledText("a", "b", 2), new LabeledText("c", "d", 3)], dataset.Rows);
    }

    [Fact]
    public void Csv_EmptyFieldsAreKeptInPosition()
    {
        string path = WriteFile("train.csv", "a,text,b,label\n,hello,,pos\n\"\",bye,\"\",neg\n");

        Dataset dataset = DatasetReader.Read(path);

        Assert.Equal([new LabeledText("hello", "pos", 2), new LabeledText("bye", "neg", 3)], dataset.Rows);
    }

    [Fact]
    public void JsonLines_AcceptsStringNumericAndBooleanLabels()
    {
        string path = WriteFile(
            "train.jsonl",
            "{\"text\": \"first\", \"label\": 1}\n"
            + "{\"id\": 7, \"LABEL\": 2.5, \"Text\": \" second \"}\n"
            + "\n"
            + "{\"text\": \"third\", \"label\": true, \"extra\": [1, 2]}\n"
            + "{\"text\": \"fourth\", \"label\": \"sports\"}\n");

        Dataset dataset = DatasetReader.Read(path);

        Assert.Equal(
            [
                new LabeledText("first", "1", 1),
                new LabeledText("second", "2.5", 2),
                new LabeledText("third", "true", 4),
                new LabeledText("fourth", "sports", 5),
            ],
            dataset.Rows);
    }

    [Theory]
    [InlineData("data.tsv", "text\tlabel\r\nhello\tpos\r\n\r\nbye\tneg\r\n")]
    [InlineData("data.csv", "text,label\r\nhello,pos\r\n\r\n\"bye\",\"neg\"\r\n")]
    [InlineData("data.jsonl", "{\"text\":\"hello\",\"label\":\"pos\"}\r\n\r\n{\"text\":\"bye\",\"label\":\"neg\"}\r\n")]
    public void Utf8BomAndCrLf_AreTolerated(string name, string content)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        Assert.Equal(0xEF, File.ReadAllBytes(path)[0]);

        Dataset dataset = DatasetReader.Read(path);

        Assert.Equal(2, dataset.Rows.Count);
        Assert.Equal(("hello", "pos"), (dataset.Rows[0].Text, dataset.Rows[0].Label));
        Assert.Equal(("bye", "neg"), (dataset.Rows[1].Text, dataset.Rows[1].Label));
        Assert.Equal(name.EndsWith(".jsonl", StringComparison.Ordinal) ? 3 : 4, dataset.Rows[1].LineNumber);
    }

    [Theory]
    [InlineData(DatasetFormat.Tsv, "\uFEFFtext\tlabel\nhello\tpos\n")]
    [InlineData(DatasetFormat.Csv, "\uFEFFtext,label\nhello,pos\n")]
    [InlineData(DatasetFormat.JsonLines, "\uFEFF{\"text\":\"hello\",\"label\":\"pos\"}\n")]
    public void TextReader_BomCharacterIsIgnored(DatasetFormat format, string content)
    {
        using var reader = new StringReader(content);

        Dataset dataset = DatasetReader.Read(reader, "memory", format);

        Assert.Equal("memory", dataset.Source);
        Assert.Equal([("hello", "pos")], [(dataset.Rows[0].Text, dataset.Rows[0].Label)]);
    }

    [Theory]
    [InlineData("cols.tsv", " Category \tid\t BODY \tsource\nsport\t1\tgoal scored\tweb\n")]
    [InlineData("cols.csv", " Category ,id,\" BODY \",source\nsport,1,goal scored,web\n")]
    [InlineData("cols.jsonl", "{\"source\":\"web\",\"Category\":\"sport\",\"id\":1,\"body\":\"goal scored\"}\n")]
    public void Columns_AreSelectedByNameCaseInsensitively_InAnyOrder_WithExtraColumns(string name, string content)
    {
        string path = WriteFile(name, content);
        var options = new DatasetReadOptions { TextColumn = "body", LabelColumn = "category" };

        Dataset dataset = DatasetReader.Read(path, options);

        Assert.Equal([new LabeledText("goal scored", "sport", name.EndsWith(".jsonl", StringComparison.Ordinal) ? 1 : 2)], dataset.Rows);
    }

    [Theory]
    [InlineData("missing.tsv", "id\tbody\tcategory\n1\thello\tpos\n")]
    [InlineData("missing.csv", "id,body,category\n1,hello,pos\n")]
    public void MissingColumn_ErrorNamesColumnAndListsAvailableOnes(string name, string content)
    {
        string path = WriteFile(name, content);
        var options = new DatasetReadOptions { TextColumn = "body" };

        var ex = Assert.Throws<DataFormatException>(() => DatasetReader.Read(path, options));

        Assert.Equal(1, ex.LineNumber);
        Assert.Equal(path, ex.FilePath);
        Assert.StartsWith($"{path}:1: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'label'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'body' was", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'id', 'body', 'category'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingBothColumns_ErrorNamesBoth()
    {
        string path = WriteFile("missing.tsv", "a\tb\n");

        var ex = Assert.Throws<DataFormatException>(() => DatasetReader.Read(path));

        Assert.Contains("'text'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'label'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'a', 'b'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tsv_TooFewFields_ReportsLineColumnAndFileName()
    {
        string path = WriteFile("bad.tsv", "text\tlabel\textra\na\tb\tc\n\nd\te\n");

        var ex = Assert.Throws<DataFormatException>(() => DatasetReader.Read(path));

        Assert.Equal(4, ex.LineNumber);
        Assert.Equal(4, ex.ColumnNumber);
        Assert.Equal(path, ex.FilePath);
        Assert.StartsWith($"{path}:4:4: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("bad.tsv", ex.Message, StringComparison.Ordinal);
        Assert.Contains("expected 3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("found 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tsv_TooManyFields_PointsAtTheExtraSeparator()
    {
        string path = WriteFile("bad.tsv", "text\tlabel\na\tb\tc\n");

        var ex = Assert.Throws<DataFormatException>(() => DatasetReader.Read(path));

        Assert.Equal(2, ex.LineNumber);
        Assert.Equal(4, ex.ColumnNumber);
        Assert.Contains("found 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_WrongFieldCount_ReportsLineAndColumn()
    {
        string tooMany = WriteFile("many.csv", "text,label\n\"a\nb\",x,y\n");
        string tooFew = WriteFile("few.csv", "text,label\nok,pos\n\"multi\nline\"\n");

        var many = Assert.Throws<DataFormatException>(() => DatasetReader.Read(tooMany));
        var few = Assert.Throws<DataFormatException>(() => DatasetReader.Read(tooFew));

        Assert.Equal((3, 5), (many.LineNumber, many.ColumnNumber));
        Assert.StartsWith($"{tooMany}:3:5: ", many.Message, StringComparison.Ordinal);
        Assert.Equal((4, 6), (few.LineNumber, few.ColumnNumber));
        Assert.Contains("found 1", few.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_UnterminatedQuote_ReportsLineAndColumnWhereTheFieldStarted()
    {
        string path = WriteFile("open.csv", "text,label\nok,pos\nfine,\"never closed\nmore\nlines\n");

        var ex = Assert.Throws<DataFormatException>(() => DatasetReader.Read(path));

        Assert.Equal(3, ex.LineNumber);
        Assert.Equal(6, ex.ColumnNumber);
        Assert.StartsWith($"{path}:3:6: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("unterminated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_QuoteInsideUnquotedField_IsAnError()
    {
        string path = WriteFile("quote.csv", "text,label\nok,pos\nsaid \"hi\",neg\n");

        var ex = Assert.Throws<DataFormatException>(() => DatasetReader.Read(path));

        Assert.Equal((3, 6), (ex.LineNumber, ex.ColumnNumber));
    }

    [Fact]
    public void Csv_TextAfterClosingQuote_IsAnError()
    {
        string path = WriteFile("after.csv", "text,label\n\"a\nb\"c,pos\n");

        var ex = Assert.Throws<DataFormatException>(() => DatasetReader.Read(path));

        Assert.Equal((3, 3), (ex.LineNumber, ex.ColumnNumber));
        Assert.Contains("'c'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonLines_ALoneCarriageReturnIsWhiteSpaceNotALineBreak()
    {
        // ReadLine ended a line at every CR: "\r\r\n" counted two lines, so every later error and skipped row named the
        // line after the one grep shows, and an object with a CR between its members was cut in two (invalid JSON).
        string path = WriteFile(
            "cr.jsonl",
            "{\"text\":\"a\",\"label\":\"x\"}\r\n{\"text\":\"b\",\"label\":\"y\"}\r\r\n{\"text\":\"c\",\r\"label\":\"z\"}\r\n{\"text\":\"d\" \"label\":\"z\"}\r\n");

        var ex = Assert.Throws<DataFormatException>(() => DatasetReader.Read(path));

        Assert.Equal(4, ex.LineNumber);
        Assert.StartsWith($"{path}:4:13: invalid JSON", ex.Message, StringComparison.Ordinal);
        string good = WriteFile("cr-good.jsonl", "{\"text\":\"b\",\"label\":\"y\"}\r\r\n{\"text\":\"c\",\r\"label\":\"z\"}\n{\"text\":\"d\",\"label\":\"z\"}\n");
        Assert.Equal(
            [new LabeledText("b", "y", 1), new LabeledText("c", "z", 2), new LabeledText("d", "z", 3)],
            DatasetReader.Read(good).Rows);

        // A file whose line breaks are lone CRs still has one object a line.
        string mac = WriteFile("mac.jsonl", "{\"text\":\"a\",\"label\":\"x\"}\r{\"text\":\"b\",\"label\":\"y\"}\r");
        Assert.Equal([new LabeledText("a", "x", 1), new LabeledText("b", "y", 2)], DatasetReader.Read(mac).Rows);
    }

    [Fact]
    public void JsonLines_from_a_reader_with_a_lone_surrogate_is_a_data_error_naming_line_and_column()
    {
        // A TextReader handed in by code can give one (a file's bytes are decoded strictly): the JSON parser's
        // ArgumentException ("Cannot transcode invalid UTF-16 string") came out of the reader (the fuzz harness).
        var reader = new StringReader("{\"text\": \"fine\", \"label\": \"a\"}\n{\"text\": \"lone \uD800\", \"label\": \"b\"}\n");

        var ex = Assert.Throws<DataFormatException>(() => DatasetReader.Read(reader, "code.jsonl", DatasetFormat.JsonLines));

        Assert.Equal((2, 16), (ex.LineNumber, ex.ColumnNumber));
        Assert.Contains("lone surrogate (U+D800)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonLines_A_lone_CR_far_from_the_first_lines_LF_is_still_white_space()
    {
        // The file's first LF decides that lone CRs are text; before it, a lone CR was judged by the 64 KB block read at
        // it. A first object 270,000 chars long with a CR between its members 70,000 chars in (a block without an LF)
        // was taken for an old Mac file's line break: the object was cut in two, an invalid JSON error.
        string head = new('h', 70_000);
        string tail = new('t', 200_000);
        string path = WriteFile("long.jsonl", $"{{\"label\":\"A\",\"text\":\"{head}\",\r\"more\":\"{tail}\"}}\n{{\"label\":\"B\",\r\"text\":\"b\"}}\n");

        Assert.Equal([new LabeledText(head, "A", 1), new LabeledText("b", "B", 2)], DatasetReader.Read(path).Rows);
    }

    [Theory]
    [InlineData("first.tsv", "label\ttext\r\r\nA\thel\rlo\r\nB\tx\r\n")]
    [InlineData("first.csv", "label,text\r\r\nA,hel\rlo\r\nB,x\r\n")]
    public void A_stray_CR_before_the_first_CRLF_does_not_make_the_file_an_old_Mac_one(string name, string content)
    {
        // The first line break decided: "\r\r\n" began with a lone CR, so every later CR ended a line and "hel\rlo" was
        // split. A file with LFs is not one whose lines end in lone CRs.
        string path = WriteFile(name, content);

        Dataset dataset = DatasetReader.Read(path, new DatasetReadOptions { TextColumn = "text", LabelColumn = "label" });

        Assert.Equal([new LabeledText("hel\rlo", "A", 2), new LabeledText("x", "B", 3)], dataset.Rows); // the stray CR is not a line break either
    }

    [Fact]
    public void JsonLines_InvalidJson_ReportsLineAndColumn()
    {
        string path = WriteFile("bad.jsonl", "{\"text\":\"a\",\"label\":\"x\"}\n\n{\"text\": \"b\" \"label\": 1}\n");

        var ex = Assert.Throws<DataFormatException>(() => DatasetReader.Read(path));

        Assert.Equal(3, ex.LineNumber);
        Assert.Equal(14, ex.ColumnNumber);
        Assert.StartsWith($"{path}:3:14: invalid JSON", ex.Message, StringComparison.Ordinal);
        Assert.IsType<System.Text.Json.JsonException>(ex.InnerException, exactMatch: false);

        // The parser's advice to its programmer ("Change the reader options.") is not the user's to follow.
        string trailing = WriteFile("trailing.jsonl", "{\"text\":\"a\",\"label\":\"x\",}\n");
        var comma = Assert.Throws<DataFormatException>(() => DatasetReader.Read(trailing));
        Assert.Contains("trailing comma", comma.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("reader options", comma.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("in this mode", comma.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[{\"text\":\"good film\",\"label\":\"pos\"},{\"text\":\"dull\",\"label\":\"neg\"},{\"text\":\"\",\"label\":\"neg\"}]", new[] { 1, 1 }, 1)]
    [InlineData("\uFEFF\n  [\r\n  {\n    \"text\": \"good film\",\n    \"label\": \"pos\"\n  },\n  {\"text\": \"dull\", \"label\": \"neg\"}, {\"text\": null, \"label\": \"neg\"}\n]\n\n", new[] { 3, 7 }, 7)]
    public void Json_a_file_that_is_one_array_of_objects_reads_each_object_as_a_row_at_the_line_it_starts_on(string content, int[] lines, int skippedLine)
    {
        // pandas' to_json(orient="records") on one line, and a pretty-printed export (BOM, blank line, CRLF before it).
        string path = WriteFile("records.json", content);

        Dataset data = DatasetReader.Read(path);

        Assert.Equal([new LabeledText("good film", "pos", lines[0]), new LabeledText("dull", "neg", lines[1])], data.Rows);
        Assert.Equal([skippedLine], data.Skipped.Select(row => row.LineNumber));
        Assert.Equal(["good film", "dull", string.Empty], DatasetReader.ReadTexts(path, "text", null, DatasetFormat.JsonLines, CancellationToken.None).Select(row => row.Text));
    }

    [Theory]
    [InlineData("[\n{\"text\":\"a\",\"label\":\"x\"},\n5\n]", 3, "item 2 of the JSON array is a number; each item must be a JSON object")]
    [InlineData("[\n{\"text\":\"a\",\"label\":\"x\"},\n{\"text\":\"b\" \"label\":\"y\"}\n]", 3, "invalid JSON: ")]
    [InlineData("[{\"text\":\"a\",\"label\":\"x\"}]\n{\"text\":\"b\",\"label\":\"y\"}", 2, "after the JSON array that holds the records")]
    [InlineData("[{\"text\":\"a\",\"label\":\"x\"},\n{\"text\":\"b\",\"label\":\"y\"}\n", 2, "invalid JSON: ")]
    [InlineData("[\n{\"text\":\"a\",\"label\":\"x\"},\n{\"text\":\"b\",\"tag\":\"y\"}]", 3, "3:1: item 2 of the JSON array: label property 'label' not found")]
    [InlineData("[{\"text\":\"a\",\"label\":\"x\"}, {\"text\":5,\"label\":\"y\"}]", 1, "1:28: item 2 of the JSON array: text property 'text' must be a string")]
    public void Json_array_errors_name_the_line(string content, int line, string expectedFragment)
    {
        string path = WriteFile("records.json", content);

        var ex = Assert.Throws<DataFormatException>(() => DatasetReader.Read(path));

        Assert.Equal(line, ex.LineNumber);
        Assert.Contains(expectedFragment, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_in_pandas_default_column_orientation_says_how_to_write_records()
    {
        string path = WriteFile("columns.json", "{\"text\":{\"0\":\"a\",\"1\":\"b\"},\"label\":{\"0\":\"x\",\"1\":\"y\"}}");

        var ex = Assert.Throws<DataFormatException>(() => DatasetReader.Read(path));

        Assert.Contains("orient=\"records\", lines=True", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_with_semicolons_reads_as_Excel_writes_it_where_the_decimal_mark_is_a_comma()
    {
        string path = WriteFile("semi.csv", "\uFEFF\"text\";label;score\r\nhello, there;a;0,5\r\n\"say \"\"hi\"\"; then\nleave\";b;1\r\n");

        Dataset data = DatasetReader.Read(path);

        Assert.Equal([new LabeledText("hello, there", "a", 2), new LabeledText("say \"hi\"; then\nleave", "b", 3)], data.Rows);
        var ex = Assert.Throws<DataFormatException>(() => DatasetReader.Read(WriteFile("short.csv", "text;label\nhello;a\nbye\n")));
        Assert.Equal(3, ex.LineNumber);
        Assert.Contains("expected 2 semicolon-separated fields", ex.Message, StringComparison.Ordinal);

        // A comma outside quotes in the header keeps the comma, whatever the rows hold; so does a semicolon inside quotes.
        Assert.Equal(["x;y"], DatasetReader.Read(WriteFile("comma.csv", "text,label\nx;y,a\n")).Rows.Select(row => row.Text));
        Assert.Equal(["x;y"], DatasetReader.Read(WriteFile("quoted.csv", "\"text;1\",label\nx;y,a\n"), new DatasetReadOptions { TextColumn = "text;1" }).Rows.Select(row => row.Text));
    }

    [Fact]
    public void Csv_whose_first_line_is_Excels_sep_line_reads_with_the_separator_it_names()
    {
        // Excel's "sep=;" first line names the separator; it had read as a header whose columns were 'sep=' and ''.
        Dataset semicolons = DatasetReader.Read(WriteFile("sep-semi.csv", "sep=;\r\ntext;label\r\nhello, there;a\r\n"));
        Assert.Equal([new LabeledText("hello, there", "a", 3)], semicolons.Rows);
        Dataset commas = DatasetReader.Read(WriteFile("sep-comma.csv", "\uFEFFSEP=,\ntext,label\nx;y,b\n"));
        Assert.Equal([new LabeledText("x;y", "b", 3)], commas.Rows);

        var ex = Assert.Throws<DataFormatException>(() => DatasetReader.Read(WriteFile("sep-bar.csv", "sep=|\ntext|label\nhello|a\n")));
        Assert.Equal(1, ex.LineNumber);
        Assert.Contains("names '|' as the separator", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_read_as_one_column_says_the_separator_may_be_wrong()
    {
        string path = WriteFile("semi.tsv", "text;label\nhello;a\n");
        var ex = Assert.Throws<DataFormatException>(() => DatasetReader.Read(path));
        Assert.Contains("separated by semicolons?", ex.Message, StringComparison.Ordinal);
        string right = WriteFile("wrong-names.csv", "sentence,category\nhello,a\n");
        Assert.DoesNotContain("separated by", Assert.Throws<DataFormatException>(() => DatasetReader.Read(right)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tabs.csv", "text\tlabel\nhello\ta\n", "'text\tlabel'", "tabs", "text column 'text'", ": read it as TSV (name it .tsv)")]
    [InlineData("commas.tsv", "Label,Text\nhello,a\n", "'Label,Text'", "commas", "text column 'Text'", ": read it as CSV (name it .csv)")]
    [InlineData("semi.tsv", "id;label\n1;a\n", "'id;label'", "semicolons", "label column 'label'", ": read it as CSV (name it .csv)")]
    [InlineData("bars.tsv", "text|label\nhello|a\n", "'text|label'", "bars", "text column 'text'", "")]
    public void A_header_written_with_another_separator_is_not_told_to_add_a_header_line(string name, string content, string available, string separator, string named, string advice)
    {
        // Review 58b: a CSV file named .tsv was told what was wrong but not what to do; the format that reads its
        // separator is named now (no format reads bars).
        // Review 47b: 55558fb's advice followed the separator hint, so a .csv written with tabs under a good header was
        // told "if the file has no header line, add one naming the text column 'text' …" as well, which would not read it.
        DataFormatException error = ReadError(name, content);

        Assert.Contains($"available columns: {available} (the header reads as one column: are its columns separated by {separator}?", error.Message, StringComparison.Ordinal);
        Assert.EndsWith(
            $"with tabs). Split at its {separator}, the first line names the {named}: the file has a header line, written with another separator than its format's{advice}.",
            error.Message,
            StringComparison.Ordinal);
        Assert.DoesNotContain("no header line", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_a_header_line_written_with_another_separator_is_told_both()
    {
        // Split at its tab the first line names no column looked for: the separator and the header line may both be
        // wrong, so both are said.
        DataFormatException error = ReadError("headerless-tabs.csv", "pos\tfine film\n");

        Assert.Contains("separated by tabs?", error.Message, StringComparison.Ordinal);
        Assert.Contains("The first line is read as the header, the column names: if the file has no header line, add one", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonLines_MissingProperty_NamesPropertyAndLine()
    {
        string path = WriteFile("missing.jsonl", "{\"text\":\"a\",\"label\":\"x\"}\n{\"text\":\"b\",\"tag\":\"y\"}\n");

        var ex = Assert.Throws<DataFormatException>(() => DatasetReader.Read(path));

        Assert.Equal(2, ex.LineNumber);
        Assert.Contains("'label'", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith($"{path}:2: ", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"sentence\":\"a\",\"label\":\"x\"}\n", 1,
        "memory:1: text property 'text' not found in the JSON object (properties: 'sentence', 'label'); if the objects name it otherwise, give that name with DatasetReadOptions.TextColumn")]
    [InlineData("{\"text\":\"a\",\"category\":\"x\"}\n", 1,
        "memory:1: label property 'label' not found in the JSON object (properties: 'text', 'category'); if the objects name it otherwise, give that name with DatasetReadOptions.LabelColumn")]
    [InlineData("{\"sentence\":\"a\",\"category\":\"x\"}\n", 1,
        "memory:1: text property 'text' and label property 'label' not found in the JSON object (properties: 'sentence', 'category'); if the objects name them otherwise, give those names with DatasetReadOptions.TextColumn and DatasetReadOptions.LabelColumn")]
    [InlineData("{}\n", 1, "memory:1: text property 'text' and label property 'label' not found in the JSON object (the object has none); if the objects name them")]
    [InlineData("[{\"sentence\":\"a\",\"label\":\"x\"}]", 1, "memory:1:2: item 1 of the JSON array: text property 'text' not found in the JSON object (properties: 'sentence', 'label'); if the objects name it otherwise, give that name with DatasetReadOptions.TextColumn")]
    // One bad record among good ones: its line, and no setting to change (the others have the names looked for).
    [InlineData("{\"text\":\"a\",\"label\":\"x\"}\n{\"text\":\"b\",\"label\":\"y\"}\n{\"label\":\"x\"}\n{\"text\":\"c\",\"label\":\"y\"}\n", 3,
        "memory:3: text property 'text' not found in the JSON object (properties: 'label'), though the 2 objects before it have it")]
    [InlineData("{\"text\":\"a\",\"label\":\"x\"}\n{\"text\":\"b\"}\n", 2, "memory:2: label property 'label' not found in the JSON object (properties: 'text'), though the object before it has it")]
    public void JsonLines_a_missing_property_names_the_setting_that_picks_it_or_the_objects_that_have_it(string content, int line, string expected)
    {
        // It named the property alone, not how to read the file's own names (session 48).
        var error = Assert.Throws<DataFormatException>(() => DatasetReader.Read(new StringReader(content), "memory", DatasetFormat.JsonLines, new DatasetReadOptions()));

        Assert.Equal(line, error.LineNumber);
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonLines_a_missing_property_names_the_options_of_textclf_and_of_a_build()
    {
        string path = WriteFile("texts.jsonl", "{\"body\":\"fine film\"}\n");
        const string Content = "{\"body\":\"fine film\",\"category\":\"pos\"}\n";

        DataFormatException predict = Assert.Throws<DataFormatException>(
            () => DatasetReader.ReadTexts(path, "text", "label", DatasetFormat.Auto, CancellationToken.None, ColumnSettingNames.CommandLine));
        DataFormatException train = Assert.Throws<DataFormatException>(() => DatasetReader.Read(
            new StringReader(Content), "memory", DatasetFormat.JsonLines, new DatasetReadOptions { ColumnSettings = ColumnSettingNames.CommandLine }));
        DataFormatException build = Assert.Throws<DataFormatException>(() => DatasetReader.Read(
            new StringReader(Content), "memory", DatasetFormat.JsonLines, new DatasetReadOptions { ColumnSettings = ColumnSettingNames.TrainingDataItem }));

        Assert.EndsWith("text property 'text' not found in the JSON object (properties: 'body'); if the objects name it otherwise, give that name with --text-column", predict.Message, StringComparison.Ordinal);
        Assert.EndsWith("if the objects name them otherwise, give those names with --text-column and --label-column", train.Message, StringComparison.Ordinal);
        Assert.EndsWith(
            "if the objects name them otherwise, give those names with the TextClassifierTrainingData item's TextColumn and LabelColumn metadata", build.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a.tsv", DatasetFormat.Tsv)]
    [InlineData("dir.v2/A.TXT", DatasetFormat.Tsv)]
    [InlineData("a.Csv", DatasetFormat.Csv)]
    [InlineData("a.jsonl", DatasetFormat.JsonLines)]
    [InlineData("a.json", DatasetFormat.JsonLines)]
    [InlineData("a.data", DatasetFormat.Auto)]
    [InlineData("/dev/stdin", DatasetFormat.Auto)]
    public void TryInferFormat_ReadsTheExtension(string path, DatasetFormat expected)
    {
        Assert.Equal(expected != DatasetFormat.Auto, DatasetReader.TryInferFormat(path, out DatasetFormat format));
        Assert.Equal(expected, format);
    }

    [Theory]
    [InlineData("[1, 2]", "array; JSON Lines holds one object per line, not an array of them")]
    [InlineData("{", "JSON Lines holds one complete object per line")]
    [InlineData("\"just text\"", "string")]
    [InlineData("{\"text\": 5, \"label\": \"x\"}", "must be a string")]
    [InlineData("{\"text\": \"a\", \"label\": {\"id\": 1}}", "must be a string, number or boolean but is an object")]
    [InlineData("{\"text\": \"a\", \"label\": [\"x\", \"y\"]}", "is an array: a label set needs a multi-label delimiter")]
    [InlineData("{\"sentence\": \"a\", \"label\": \"x\", \"idx\": 3}", "text property 'text' not found in the JSON object (properties: 'sentence', 'label', 'idx')")]
    public void JsonLines_WrongShapes_AreErrors(string line, string expectedFragment)
    {
        string path = WriteFile("shape.jsonl", "{\"text\":\"a\",\"label\":\"x\"}\n" + line + "\n");

        var ex = Assert.Throws<DataFormatException>(() => DatasetReader.Read(path));

        Assert.Equal(2, ex.LineNumber);
        Assert.Contains(expectedFragment, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonLines_NullTextsAndLabelsAreSkippedAsEmptyOnes()
    {
        string path = WriteFile("nulls.jsonl", "{\"text\":\"good\",\"label\":\"pos\"}\n{\"text\":null,\"label\":\"pos\"}\n{\"text\":\"hello\",\"label\":null}\n");

        Dataset data = DatasetReader.Read(path);

        Assert.Equal(["good"], data.Rows.Select(row => row.Text));
        Assert.Equal([2, 3], data.Skipped.Select(row => row.LineNumber));
    }

    [Fact]
    public void JsonLines_NumberLabelsHaveOneFormPerValue()
    {
        string path = WriteFile("numbers.jsonl", string.Concat(
            new[] { "1", "1.0", "1e0", "-2", "-2.00", "0.50", "5e-1", "12345678901234567890", "0", "-0", "-0.0", "-0e3", "1.0e17", "100000000000000000", "1e19", "9007199254740993.0", "9007199254740993", "1e-30", "-1e-30" }.Select(label => $"{{\"text\":\"t\",\"label\":{label}}}\n")));

        Dataset data = DatasetReader.Read(path);

        Assert.Equal(
            ["1", "1", "1", "-2", "-2", "0.5", "0.5", "12345678901234567890", "0", "0", "0", "0", "100000000000000000", "100000000000000000", "1E+19", "9007199254740993", "9007199254740993", "1E-30", "-1E-30"],
            data.Rows.Select(row => row.Label));
    }

    [Fact]
    public void JsonLines_LabelArraysAreLabelSetsWithADelimiter()
    {
        string path = WriteFile("sets.jsonl", "{\"text\":\"a\",\"labels\":[\"x\",\"y\"]}\n{\"text\":\"b\",\"labels\":[3]}\n{\"text\":\"c\",\"labels\":[]}\n"
            + "{\"text\":\"d\",\"labels\":[\"\"]}\n{\"text\":\"e\",\"labels\":[\" \",\"x\"]}\n");

        Dataset data = DatasetReader.Read(path, new DatasetReadOptions { LabelColumn = "labels", MultiLabelDelimiter = "|" });

        // A blank item is no label, so [""] is the empty set like [] (not a missing label, which would skip the row).
        Assert.Equal(["x|y", "3", "|", "|", "x"], data.Rows.Select(row => row.Label));
        var ex = Assert.Throws<DataFormatException>(() => DatasetReader.Read(
            WriteFile("clash.jsonl", "{\"text\":\"a\",\"labels\":[\"x|y\"]}\n"), new DatasetReadOptions { LabelColumn = "labels", MultiLabelDelimiter = "|" }));
        Assert.Contains("contains the multi-label delimiter '|'", ex.Message, StringComparison.Ordinal);

        // With a white-space delimiter, an item is trimmed before it is looked at: " sports " is the label "sports",
        // and [] is the empty set, not the blank label that trimming the delimiter would leave.
        Dataset spaced = DatasetReader.Read(
            WriteFile("spaced.jsonl", "{\"text\":\"a\",\"labels\":[\" sports \",\"news\"]}\n{\"text\":\"b\",\"labels\":[]}\n"),
            new DatasetReadOptions { LabelColumn = "labels", MultiLabelDelimiter = " " });
        Assert.Equal(["news sports", " "], spaced.Rows.Select(row => row.Label));
    }

    [Theory]
    [InlineData("skip.tsv", "text\tlabel\ngood\tpos\n  \tpos\nhello\t \nfine\tneg\n")]
    [InlineData("skip.csv", "text,label\ngood,pos\n\"  \",pos\nhello,\"\"\nfine,neg\n")]
    [InlineData(
        "skip.jsonl",
        "{\"text\":\"x\",\"label\":\"y\"}\n{\"text\":\"good\",\"label\":\"pos\"}\n"
        + "{\"text\":\"  \",\"label\":\"pos\"}\n{\"text\":\"hello\",\"label\":\"\"}\n{\"text\":\"fine\",\"label\":\"neg\"}\n")]
    public void EmptyTextOrLabel_RowsAreSkippedWithLineNumbers(string name, string content)
    {
        string path = WriteFile(name, content);

        Dataset dataset = DatasetReader.Read(path);

        Assert.Equal([new SkippedRow(3, "empty text"), new SkippedRow(4, "empty label")], dataset.Skipped);
        Assert.Equal(["good", "fine"], [dataset.Rows[^2].Text, dataset.Rows[^1].Text]);
        Assert.Equal(5, dataset.Rows[^1].LineNumber);
    }

    [Theory]
    [InlineData("blank.tsv", "\ntext\tlabel\n\n   \na\tb\n  \n\nc\td\n\n")]
    [InlineData("blank.csv", "\ntext,label\n\n   \na,b\n  \n\nc,d\n\n")]
    [InlineData("blank.jsonl", "\n\n\n  \n{\"text\":\"a\",\"label\":\"b\"}\n\t\n\n{\"text\":\"c\",\"label\":\"d\"}\n\n")]
    public void BlankLines_AreIgnoredSilently(string name, string content)
    {
        string path = WriteFile(name, content);

        Dataset dataset = DatasetReader.Read(path);

        Assert.Equal([new LabeledText("a", "b", 5), new LabeledText("c", "d", 8)], dataset.Rows);
        Assert.Empty(dataset.Skipped);
    }

    [Theory]
    [InlineData("empty.tsv")]
    [InlineData("empty.csv")]
    public void EmptyFile_WithoutHeader_IsAnError(string name)
    {
        string path = WriteFile(name, "\n\n");

        var ex = Assert.Throws<DataFormatException>(() => DatasetReader.Read(path));

        Assert.Contains("header", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HeaderOnly_GivesEmptyDataset()
    {
        string path = WriteFile("header.csv", "text,label\n");

        Dataset dataset = DatasetReader.Read(path);

        Assert.Empty(dataset.Rows);
        Assert.Empty(dataset.Skipped);
    }

    [Fact]
    public void MissingFile_ThrowsFileNotFoundWithPath()
    {
        string path = Path.Combine(_folder, "nope.tsv");

        var ex = Assert.Throws<FileNotFoundException>(() => DatasetReader.Read(path));

        Assert.Equal(path, ex.FileName);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownExtension_WithAuto_ThrowsArgumentExceptionListingSupportedOnes()
    {
        string path = WriteFile("data.xml", "text\tlabel\na\tb\n");

        var ex = Assert.Throws<ArgumentException>(() => DatasetReader.Read(path));

        Assert.Contains(".xml", ex.Message, StringComparison.Ordinal);
        Assert.Contains(".tsv", ex.Message, StringComparison.Ordinal);
        Assert.Contains(".csv", ex.Message, StringComparison.Ordinal);
        Assert.Contains(".jsonl", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExplicitFormat_OverridesExtension()
    {
        string path = WriteFile("data.xml", "text,label\n\"a,b\",c\n");

        Dataset dataset = DatasetReader.Read(path, new DatasetReadOptions { Format = DatasetFormat.Csv });

        Assert.Equal([new LabeledText("a,b", "c", 2)], dataset.Rows);
    }

    [Fact]
    public void TextReaderOverload_RejectsAuto()
    {
        using var reader = new StringReader("text\tlabel\n");

        Assert.Throws<ArgumentException>(() => DatasetReader.Read(reader, "memory", DatasetFormat.Auto));
    }

    [Fact]
    public void Cancellation_IsObservedWhileReading()
    {
        var content = new StringBuilder("text\tlabel\n");
        for (int i = 0; i < 5000; i++)
        {
            content.Append("row ").Append(i).Append("\tlabel\n");
        }

        using var cts = new CancellationTokenSource();
        using var reader = new CancelAfterLinesReader(content.ToString(), cts, cancelAtLine: 100);

        Assert.ThrowsAny<OperationCanceledException>(
            () => DatasetReader.Read(reader, "memory", DatasetFormat.Tsv, cancellationToken: cts.Token));
        Assert.True(reader.LinesRead < 5001, $"read {reader.LinesRead} lines after cancellation");
    }

    [Fact]
    public void LargeTsv_IsReadCompletely()
    {
        var content = new StringBuilder("id\ttext\tlabel\n");
        for (int i = 0; i < 70_000; i++)
        {
            content.Append(i).Append("\tsome example text number ").Append(i).Append("\tlabel").Append(i % 7).Append('\n');
        }

        string path = WriteFile("large.tsv", content.ToString());

        Dataset dataset = DatasetReader.Read(path);

        Assert.Equal(70_000, dataset.Rows.Count);
        Assert.Equal(new LabeledText("some example text number 69999", "label6", 70_001), dataset.Rows[^1]);
    }

    /// <summary>A reader that cancels a token once a given number of lines has been read.</summary>
    private sealed class CancelAfterLinesReader(string text, CancellationTokenSource cts, int cancelAtLine) : StringReader(text)
    {
        public int LinesRead { get; private set; }

        public override string? ReadLine()
        {
            if (++LinesRead == cancelAtLine)
            {
                cts.Cancel();
            }

            return base.ReadLine();
        }

        // Readers that take blocks of chars (the TSV reader does) get at most 64 at a time, their lines counted.
        public override int Read(char[] buffer, int index, int count)
        {
            int read = base.Read(buffer, index, Math.Min(count, 64));
            foreach (char c in buffer.AsSpan(index, read))
            {
                if (c == '\n' && ++LinesRead == cancelAtLine)
                {
                    cts.Cancel();
                }
            }

            return read;
        }
    }

    [Theory]
    [InlineData("label\ttext\nspam\tfree prize\n", "this line starts with 'l' and holds tabs, as a TSV line does: is the file in another format?")]
    [InlineData("label,text\nspam,free prize\n", "this line starts with 'l' and holds commas, as a CSV line does: is the file in another format?")]
    [InlineData("hello\n", "this line starts with 'h': is the file in another format?")]
    [InlineData("\U0001F600 hi\n", "this line starts with '\U0001F600': is the file in another format?")]
    public void A_tsv_or_csv_file_read_as_json_lines_says_what_a_line_should_hold(string content, string hint)
    {
        // 'train data.tsv --format jsonl' said only "invalid JSON: 'l' is an invalid start of a value" (review 56b).
        var error = Assert.Throws<DataFormatException>(() => DatasetReader.Read(new StringReader(content), "data.tsv", DatasetFormat.JsonLines));

        Assert.StartsWith("data.tsv:1:1: invalid JSON: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("JSON Lines holds one object per line, such as {\"text\": \"…\", \"label\": \"…\"}", error.Message, StringComparison.Ordinal);
        Assert.EndsWith(hint + ")", error.Message, StringComparison.Ordinal);
    }
}
