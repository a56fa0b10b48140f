using System.Text;
using Parquet;
using TextClassification.Tests.Support;
using TextClassification.Training.Data;

namespace TextClassification.Tests.Data;

/// <summary>DatasetReader's progress overload: bytes read, reported in order while a file is read and once at its end,
/// the same rows as without it.</summary>
public sealed class DatasetReadProgressTests : IDisposable
{
    private readonly TempFolder _temp = new("tc-read-progress");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("data.tsv")]
    [InlineData("data.csv")]
    [InlineData("data.jsonl")]
    public void A_text_file_reports_its_bytes_in_order_and_its_length_last_and_reads_the_same_rows(string name)
    {
        string path = _temp.Combine(name);
        WriteRows(path, rows: 40_000); // about 3.5 MB: several reports a MiB apart
        long length = new FileInfo(path).Length;
        var reports = new List<DatasetReadProgress>();

        Dataset read = DatasetReader.Read(path, null, new Recorder(reports));

        Assert.True(reports.Count >= 3, $"{reports.Count} reports for {length:N0} bytes");
        Assert.All(reports, r => Assert.Equal(length, r.TotalBytes));
        for (int i = 1; i < reports.Count; i++)
        {
            Assert.True(reports[i].BytesRead >= reports[i - 1].BytesRead, $"report {i} went back");
            Assert.True(reports[i].BytesRead - reports[i - 1].BytesRead >= 1 << 20 || i == reports.Count - 1, $"reports {i - 1} and {i} less than a MiB apart");
        }

        Assert.Equal(new DatasetReadProgress(length, length), reports[^1]);
        Assert.Equal(1.0, reports[^1].Fraction);
        Assert.Equal(DatasetReader.Read(path).Rows, read.Rows);
    }

    [Fact]
    public void A_parquet_file_reports_its_length_last_and_never_more()
    {
        string path = _temp.Combine("data.parquet");
        var texts = new string[20_000];
        var labels = new string[texts.Length];
        for (int i = 0; i < texts.Length; i++)
        {
            texts[i] = $"text number {i} with a few words {Guid.NewGuid():N} to keep it from compressing away";
            labels[i] = (i % 3).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        File.WriteAllBytes(path, ParquetTestFiles.Write([ParquetTestFiles.Strings("text", texts), ParquetTestFiles.Strings("label", labels)], compression: CompressionMethod.None));
        long length = new FileInfo(path).Length;
        var reports = new List<DatasetReadProgress>();

        Dataset read = DatasetReader.Read(path, null, new Recorder(reports));

        Assert.Equal(texts.Length, read.Rows.Count);
        Assert.All(reports, r => Assert.True(r.BytesRead <= length && r.TotalBytes == length, $"{r}"));
        Assert.Equal(new DatasetReadProgress(length, length), reports[^1]);
    }

    [Fact]
    public void A_parquet_file_of_columns_not_read_reports_each_row_group_it_passes()
    {
        // Only the bytes read were counted, so a file whose bulk is a column no option reads (an id, a long source
        // field) stayed near its start (18 % in review 56d) until the last report.
        string path = _temp.Combine("wide.parquet");
        var texts = new string[16_000];
        var labels = new string[texts.Length];
        var bulk = new string[texts.Length];
        for (int i = 0; i < texts.Length; i++)
        {
            texts[i] = $"text {i}";
            labels[i] = (i % 2).ToString(System.Globalization.CultureInfo.InvariantCulture);
            bulk[i] = string.Concat(Enumerable.Range(0, 12).Select(_ => Guid.NewGuid().ToString("N")));
        }

        File.WriteAllBytes(path, ParquetTestFiles.Write(
            [ParquetTestFiles.Strings("text", texts), ParquetTestFiles.Strings("label", labels), ParquetTestFiles.Strings("source", bulk)],
            groupSizes: [.. Enumerable.Repeat(2_000, 8)],
            compression: CompressionMethod.None));
        long length = new FileInfo(path).Length;
        var reports = new List<DatasetReadProgress>();

        Assert.Equal(texts.Length, DatasetReader.Read(path, null, new Recorder(reports)).Rows.Count);

        DatasetReadProgress[] before = [.. reports.Take(reports.Count - 1)];
        Assert.True(before.Length >= 3, $"{before.Length} reports before the last for {length:N0} bytes in 8 row groups");
        Assert.True(before[^1].BytesRead > length / 2, $"the last report before the end was at {before[^1].BytesRead:N0} of {length:N0} bytes");
        for (int i = 1; i < reports.Count; i++)
        {
            Assert.True(reports[i].BytesRead >= reports[i - 1].BytesRead, $"report {i} went back");
        }
    }

    [Fact]
    public void A_parquet_file_from_a_pipe_reads_with_progress()
    {
        // A pipe's stream cannot tell its position: the row-group progress asked it after each row group and threw
        // NotSupportedException ('cat data.parquet | textclf split /dev/stdin --format parquet', review of 597c0fd).
        byte[] bytes = ParquetTestFiles.Write([ParquetTestFiles.Strings("text", ["a b", "c d", "e f"]), ParquetTestFiles.Strings("label", ["x", "y", "x"])], groupSizes: [1, 2]);
        var reports = new List<DatasetReadProgress>();
        using var stream = new ProgressReportingStream(new PipeStream(bytes), new Recorder(reports));

        Dataset read = ParquetDatasetParser.Parse(stream, "pipe", new DatasetReadOptions(), CancellationToken.None);
        stream.ReportDone();

        Assert.Equal(3, read.Rows.Count);
        Assert.Equal(new DatasetReadProgress(bytes.Length, bytes.Length), reports[^1]);
    }

    [Fact]
    public void A_file_that_fails_to_parse_gives_no_last_report()
    {
        string path = _temp.Combine("bad.jsonl");
        File.WriteAllText(path, "{\"text\": \"fine\", \"label\": \"a\"}\n{\"text\": \n");
        var reports = new List<DatasetReadProgress>();

        Assert.Throws<DataFormatException>(() => DatasetReader.Read(path, null, new Recorder(reports)));

        Assert.DoesNotContain(reports, r => r.BytesRead == r.TotalBytes);
    }

    [Theory]
    [InlineData(0L, 0L, 1.0)]
    [InlineData(5L, 10L, 0.5)]
    [InlineData(5L, null, null)]
    public void Fraction_is_the_share_read_and_null_without_a_length(long read, long? total, double? fraction) =>
        Assert.Equal(fraction, new DatasetReadProgress(read, total).Fraction);

    internal static void WriteRows(string path, int rows)
    {
        string extension = Path.GetExtension(path);
        var text = new StringBuilder(rows * 90);
        text.Append(extension switch { ".tsv" => "text\tlabel\n", ".csv" => "text,label\n", _ => string.Empty });
        for (int i = 0; i < rows; i++)
        {
            string sentence = $"row {i}: some words about topic {i % 7} and a little more text to fill the line";
            string label = (i % 3).ToString(System.Globalization.CultureInfo.InvariantCulture);
            text.Append(extension switch
            {
                ".tsv" => $"{sentence}\t{label}\n",
                ".csv" => $"\"{sentence}\",{label}\n",
                _ => $"{{\"text\": \"{sentence}\", \"label\": \"{label}\"}}\n",
            });
        }

        File.WriteAllText(path, text.ToString());
    }

    // A pipe: read forward only; its position and length cannot be asked (as a FileStream over a pipe).
    private sealed class PipeStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException("Stream does not support seeking.");

        public override long Position
        {
            get => throw new NotSupportedException("Stream does not support seeking.");
            set => throw new NotSupportedException("Stream does not support seeking.");
        }
    }

    // Records on the calling thread (Progress<T> would post to the thread pool, out of order).
    private sealed class Recorder(List<DatasetReadProgress> reports) : IProgress<DatasetReadProgress>
    {
        public void Report(DatasetReadProgress value) => reports.Add(value);
    }
}
