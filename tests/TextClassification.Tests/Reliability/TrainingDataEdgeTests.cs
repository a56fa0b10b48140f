using System.Globalization;
using System.Text;
using TextClassification.Tests.Support;
using TextClassification.Training.Data;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Reliability;

/// <summary>Training data at the edges: bytes that are not UTF-8, a label seen once, one class only, an empty or
/// header-only file, cancellation of the two-model training. Each gets a clear error with a line number, a reported
/// skip, or a working model — never a silently damaged dataset.</summary>
public sealed class TrainingDataEdgeTests : IDisposable
{
    private readonly TempFolder _temp = new("tc-data-edges");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("data.tsv", "label\ttext\nfinance\tstock market\nsports\tgoal \xFF\xFE here\n", 3, 13)]
    [InlineData("data.csv", "label,text\nfinance,stock market\nfinance,ok\nsports,\"goal \xC3\x28\"\n", 4, 14)]
    [InlineData("data.jsonl", "{\"label\":\"a\",\"text\":\"b\"}\n{\"label\":\"\xE2\x82\",\"text\":\"c\"}\n", 2, 11)]
    public void Invalid_UTF8_is_an_error_naming_line_and_byte_column(string name, string latin1, int line, int column)
    {
        string path = _temp.Combine(name);
        File.WriteAllBytes(path, Encoding.Latin1.GetBytes(latin1));

        var ex = Assert.Throws<DataFormatException>(() => DatasetReader.Read(path));

        Assert.Equal(line, ex.LineNumber);
        Assert.Equal(column, ex.ColumnNumber);
        Assert.Contains("UTF-8", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith($"{path}:{line}:{column}:", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Invalid_UTF8_past_the_first_block_and_after_a_byte_order_mark_is_placed_without_reading_again(bool byteOrderMark)
    {
        // With a UTF-8 byte-order mark StreamReader switched to a decoder that replaces invalid bytes, so such a file
        // read "goal \uFFFD" silently; and the place was found by reading the file again, which a pipe cannot do.
        var text = new StringBuilder("label\ttext\n");
        for (int i = 0; i < 5000; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"finance\tstock market report number {i}\n");
        }

        byte[] head = Encoding.UTF8.GetBytes(text.ToString());
        Assert.True(head.Length > 64 * 1024); // past the reader's first block
        byte[] bom = byteOrderMark ? [0xEF, 0xBB, 0xBF] : [];
        string path = _temp.Combine($"late-{byteOrderMark}.tsv");
        File.WriteAllBytes(path, [.. bom, .. head, .. "sports\tgoal "u8, 0xFF, .. " here\n"u8]);

        var ex = Assert.Throws<DataFormatException>(() => DatasetReader.Read(path));

        Assert.Equal((5002, 13), (ex.LineNumber, ex.ColumnNumber));
        Assert.Contains("invalid UTF-8 byte 0xFF", ex.Message, StringComparison.Ordinal);

        // In the first block, after the mark: the column counts from the line's start as without it.
        File.WriteAllBytes(path, [.. bom, .. "label\ttext\nsports\tgoal "u8, 0xFF, .. " here\n"u8]);
        ex = Assert.Throws<DataFormatException>(() => DatasetReader.Read(path));
        Assert.Equal((2, 13), (ex.LineNumber, ex.ColumnNumber));
    }

    [Fact]
    public void A_sequence_cut_by_the_end_of_the_input_or_by_a_block_boundary_is_named_by_its_lead_byte()
    {
        // The decoder reports such a byte from the block before (its index is negative): it was named as 0x00 one column
        // past the end, or as the valid byte after it.
        string cut = _temp.Combine("cut.tsv");
        File.WriteAllBytes(cut, [.. "label\ttext\nA\thello\nB\tworld"u8, 0xC3]);
        var atEnd = Assert.Throws<DataFormatException>(() => DatasetReader.Read(cut));
        Assert.Equal((3, 8), (atEnd.LineNumber, atEnd.ColumnNumber));
        Assert.Contains("byte 0xC3", atEnd.Message, StringComparison.Ordinal);

        // 0xC3 as the last byte of the reader's first 64 KB block, its continuation (none: 'x') in the next.
        var bytes = new List<byte>("label\ttext\n"u8.ToArray());
        while (bytes.Count < (64 * 1024) - 100)
        {
            bytes.AddRange("finance\tstock market report\n"u8.ToArray());
        }

        int lineStart = bytes.Count;
        bytes.AddRange("sports\t"u8.ToArray());
        while (bytes.Count < (64 * 1024) - 1)
        {
            bytes.Add((byte)'x');
        }

        int line = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes).Count((byte)'\n') + 1;
        int column = bytes.Count - lineStart + 1;
        bytes.Add(0xC3);
        bytes.AddRange("xyz\n"u8.ToArray());
        string across = _temp.Combine("across.tsv");
        File.WriteAllBytes(across, [.. bytes]);
        var between = Assert.Throws<DataFormatException>(() => DatasetReader.Read(across));
        Assert.Equal((line, column), (between.LineNumber, between.ColumnNumber));
        Assert.Contains("byte 0xC3", between.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_byte_order_mark_or_a_character_that_arrives_over_several_reads_does_not_move_the_column(int readSize)
    {
        // A pipe may deliver 0xEF alone, then the rest; a bad character cut over three reads was placed in the block
        // before the one its decoder had (the counting stream kept two blocks).
        byte[] input = [0xEF, 0xBB, 0xBF, .. "label\ttext\nA\thello\nB\twor"u8, 0xFF, .. "ld\n"u8];
        using var reader = new StrictTextReader(new TrickleStream(input, readSize), "pipe");
        var ex = Assert.Throws<DataFormatException>(() => reader.ReadToEnd());
        Assert.Equal((3, 6), (ex.LineNumber, ex.ColumnNumber));
        Assert.Contains("byte 0xFF", ex.Message, StringComparison.Ordinal);

        // F0 9F 98 starts a four-byte character; 'x' cuts it.
        byte[] cut = [.. "label\ttext\nA\thello\nB\twor"u8, 0xF0, 0x9F, 0x98, .. "x\n"u8];
        using var cutReader = new StrictTextReader(new TrickleStream(cut, readSize), "pipe");
        ex = Assert.Throws<DataFormatException>(() => cutReader.ReadToEnd());
        Assert.Equal((3, 6), (ex.LineNumber, ex.ColumnNumber));
        Assert.Contains("byte 0xF0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gzip_piped_to_predict_is_named_as_compressed()
    {
        byte[] compressed;
        using (var buffer = new MemoryStream())
        {
            using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write("refund my card\n"u8);
            }

            compressed = buffer.ToArray();
        }

        using var reader = new StrictTextReader(new TrickleStream(compressed, 1), "standard input", gzipAdvice: "decompress it first");
        var ex = Assert.Throws<DataFormatException>(() => reader.ReadToEnd());
        Assert.Contains("standard input:1: the input is gzip-compressed; decompress it first", ex.Message, StringComparison.Ordinal);

        // Without advice (an embedding that does not expect gzip), the bytes are named as any others.
        using var plain = new StrictTextReader(new MemoryStream(compressed), "input");
        ex = Assert.Throws<DataFormatException>(() => plain.ReadToEnd());
        Assert.Contains("invalid UTF-8 byte 0x8B", ex.Message, StringComparison.Ordinal);
    }

    // Returns at most `size` bytes per read, as a slow pipe does.
    private sealed class TrickleStream(byte[] data, int size) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, size));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, size)]);
    }

    [Fact]
    public void A_gzip_file_read_as_text_is_named_as_compressed()
    {
        string path = _temp.Combine("data.tsv");
        using (var file = File.Create(path))
        using (var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest))
        {
            gzip.Write("label\ttext\nfinance\tstock market\n"u8);
        }

        var ex = Assert.Throws<DataFormatException>(() => DatasetReader.Read(path));

        Assert.Contains("gzip-compressed", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"zcat \"{path}\" | textclf <command> <arguments> /dev/stdin --format tsv", ex.Message, StringComparison.Ordinal);
        // predict reads a data file only through --input: /dev/stdin in a text's place was a text, and with --format a
        // wrong command line (review 53a).
        Assert.Contains("(predict: --input /dev/stdin --format tsv)", ex.Message, StringComparison.Ordinal);

        // The advice names the file's own format (it named tsv for every file).
        string csv = _temp.Combine("data.csv.gz");
        File.Copy(path, csv);
        ex = Assert.Throws<DataFormatException>(() => DatasetReader.Read(csv, new DatasetReadOptions { Format = DatasetFormat.Csv }));
        Assert.Contains("DatasetFormat.Csv", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--format csv", ex.Message, StringComparison.Ordinal);

        // JSON Lines by the name textclf takes (jsonl), not the enum's.
        string jsonl = _temp.Combine("data.jsonl");
        File.Copy(path, jsonl);
        ex = Assert.Throws<DataFormatException>(() => DatasetReader.Read(jsonl));
        Assert.Contains("DatasetFormat.JsonLines", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--format jsonl", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("jsonlines", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("utf-16")]
    [InlineData("utf-16BE")]
    [InlineData("utf-32")]
    public void Unicode_text_without_its_byte_order_mark_is_named_as_such(string encodingName)
    {
        // Read as UTF-8 it is valid (NUL is a character): the header came out as 'l\0a\0b\0e\0l\0', NULs printed.
        string path = _temp.Combine("wide.tsv");
        Encoding encoding = Encoding.GetEncoding(encodingName);
        File.WriteAllBytes(path, encoding.GetBytes("label\ttext\nfinance\tstock market\n")); // GetBytes writes no mark

        var ex = Assert.Throws<DataFormatException>(() => DatasetReader.Read(path));

        Assert.Contains("wide.tsv:1: the input starts with NUL bytes: it looks like UTF-16 or UTF-32 text without a byte-order mark", ex.Message, StringComparison.Ordinal);
        File.WriteAllText(path, "label\ttext\nfinance\tstock market\n", encoding); // with its mark: read
        Assert.Equal("stock market", DatasetReader.Read(path).Rows.Single().Text);
    }

    [Fact]
    public void Valid_UTF8_with_replacement_characters_and_BOM_still_reads()
    {
        string path = _temp.Combine("ok.tsv");
        File.WriteAllText(path, "label\ttext\nfinance\tstock \uFFFD market 😀\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        Dataset data = DatasetReader.Read(path);

        Assert.Equal("stock \uFFFD market 😀", Assert.Single(data.Rows).Text);
    }

    [Fact]
    public void A_label_seen_once_is_learned_and_kept_in_the_labels()
    {
        List<LabeledText> rows = [.. TestModels.SmallData, new LabeledText("a lonely unicorn sighting", "unicorn", 999)];

        NGramTrainingResult result = NGramTrainer.Train(rows, TestModels.FastOptions(seed: 3) with { ValidationFraction = 0.2 });

        Assert.Contains("unicorn", result.Classifier.Labels);
        Prediction own = result.Classifier.Classify("a lonely unicorn sighting");
        ReliabilityModels.AssertDistribution(result.Classifier, own);
        // Its one example was trained on, not only held out for validation: the label scores higher on it than elsewhere.
        Assert.True(own.ScoreOf("unicorn") > result.Classifier.Classify("the stock market").ScoreOf("unicorn"));
    }

    [Fact]
    public void One_class_only_in_a_file_is_a_clear_error_naming_the_label()
    {
        string path = _temp.Combine("one.tsv");
        File.WriteAllLines(path, ["label\ttext", .. Enumerable.Range(0, 25).Select(i => $"spam\tbuy now {i}")]);

        var ex = Assert.Throws<ArgumentException>(() => NGramTrainer.Train(DatasetReader.Read(path).Rows, TestModels.FastOptions(1)));

        Assert.Contains("two labels", ex.Message, StringComparison.Ordinal);
        Assert.Contains("spam", ex.Message, StringComparison.Ordinal);
        // What to do, as the CLI says it (review 58b: the library's words gave no advice).
        Assert.Contains("add examples of at least one other label (such as texts that are not 'spam')", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_file_is_an_error_and_a_header_only_file_gives_no_examples_to_train()
    {
        string empty = _temp.Combine("empty.tsv");
        File.WriteAllBytes(empty, []);
        string headerOnly = _temp.Combine("header.tsv");
        File.WriteAllText(headerOnly, "label\ttext\n\n\n");

        var readError = Assert.Throws<DataFormatException>(() => DatasetReader.Read(empty));
        Dataset data = DatasetReader.Read(headerOnly);
        var trainError = Assert.Throws<ArgumentException>(() => NGramTrainer.Train(data.Rows, TestModels.FastOptions(1)));

        Assert.Equal(1, readError.LineNumber);
        Assert.Empty(data.Rows);
        Assert.Contains("no training examples", trainError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_with_an_empty_label_or_text_are_reported_skips_with_line_numbers()
    {
        string path = _temp.Combine("gaps.tsv");
        File.WriteAllText(path, "label\ttext\nfinance\tstock\n\tno label\nsports\t   \nsports\tgoal\n");

        Dataset data = DatasetReader.Read(path);

        Assert.Equal(2, data.Rows.Count);
        Assert.Equal([3, 4], data.Skipped.Select(s => s.LineNumber));
    }

    [Fact]
    public void Cancelling_the_two_model_training_from_a_progress_report_stops_both()
    {
        using var cts = new CancellationTokenSource();
        int done = 0;
        var progress = new SyncProgress(p =>
        {
            if (p.Phase == "done")
            {
                Interlocked.Increment(ref done);
            }

            if (p.Epoch >= 1)
            {
                cts.Cancel();
            }
        });
        NGramTrainerOptions options = TestModels.FastOptions(seed: 4) with
        {
            EnsembleTokenizer = new() { Buckets = 1 << 18, CharNGramMin = 3, CharNGramMax = 5 },
            MaxEpochs = 200,
        };

        var ex = Assert.ThrowsAny<OperationCanceledException>(() => NGramTrainer.Train(TestModels.SmallData, options, progress, cts.Token));
        Assert.True(cts.IsCancellationRequested);
        // The caller's token, not the linked one the two lanes share.
        Assert.Equal(cts.Token, ex.CancellationToken);
        Assert.Equal(0, done);
    }

    private sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
