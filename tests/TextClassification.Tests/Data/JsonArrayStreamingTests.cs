using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TextClassification.Fuzz;
using TextClassification.Training.Data;

namespace TextClassification.Tests.Data;

public sealed class JsonArrayStreamingTests
{
    /// <summary>One record of a generated JSON array and the white space written before it.</summary>
    public sealed record JsonRecord(string Text, string Label, string Before);

    /// <summary>Texts rich in what a UTF-8 buffer boundary can cut (multi-byte chars, surrogate pairs, escapes) and the
    /// white space pretty-printers put between records.</summary>
    public static class JsonArbitraries
    {
        private static readonly Gen<string> Chunk = Gen.Frequency(
            (4, Gen.Elements("a", "film", " ", "0", "\"", "\\", "/", "\t", "\n", "\r")),
            (3, Gen.Elements("é", "ß", "中文", "жук", "\u00A0", "\u2028", "😀", "𝄞", "\u0000")));

        private static readonly Gen<string> Text = Chunk.ListOf().Select(chunks => string.Concat(chunks));

        private static readonly Gen<string> Space = Gen.Elements(string.Empty, " ", "\n", "\r\n", "\n\n    ", "\t\r\n  ");

        public static Arbitrary<JsonRecord> Records() =>
            (from text in Text
             from label in Gen.Elements("pos", "neg", "névtelen", "😀")
             from before in Space
             select new JsonRecord(text, label, before)).ToArbitrary();
    }

    private static readonly JsonSerializerOptions RawText = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Property(Arbitrary = [typeof(JsonArbitraries)], MaxTest = 200)]
    public void Every_record_is_read_with_its_line_however_the_buffer_and_the_reads_are_cut(JsonRecord[] records, PositiveInt bufferBytes, PositiveInt charsPerRead)
    {
        var document = new StringBuilder("[");
        var expected = new List<(string Text, string Label, int Line)>();
        for (int i = 0; i < records.Length; i++)
        {
            document.Append(i > 0 ? "," : string.Empty).Append(records[i].Before);
            int line = 1 + document.ToString().Count(c => c == '\n');
            document.Append("{\"text\":").Append(JsonSerializer.Serialize(records[i].Text, RawText))
                .Append(", \"label\": ").Append(JsonSerializer.Serialize(records[i].Label, RawText)).Append('}');
            expected.Add((records[i].Text, records[i].Label, line));
        }

        document.Append("\n]\n");
        var read = new List<(string Text, string Label, int Line)>();

        JsonArrayDocument.Read(
            string.Empty,
            lineEnded: false,
            1,
            new LineReader(new TrickleReader(document.ToString(), 1 + (charsPerRead.Get % 300))),
            "records.json",
            (record, line) => read.Add((record.GetProperty("text").GetString()!, record.GetProperty("label").GetString()!, line)),
            CancellationToken.None,
            initialBufferBytes: bufferBytes.Get % 200);

        Assert.Equal(expected, read);
    }

    [Fact]
    public void A_one_line_array_hands_out_its_first_record_before_the_file_is_read_whole()
    {
        // pandas' to_json(orient="records") writes one line: it was read whole (as a string and again as UTF-8) before
        // its first record was parsed, 1.36 GB for a 210 MB file.
        var document = new StringBuilder("[");
        for (int i = 0; i < 50_000; i++)
        {
            document.Append(i > 0 ? "," : string.Empty).Append("{\"text\":\"a film with a plot ").Append(i).Append("\",\"label\":\"pos\"}");
        }

        string content = document.Append(']').ToString();
        var reader = new CountingReader(content);
        var charsReadAtRecord = new List<long>();

        var lines = new LineReader(reader);
        Assert.True(lines.ReadLinePart(out ReadOnlyMemory<char> start, out bool lineEnded));
        JsonArrayDocument.Read(start.ToString(), lineEnded, 1, lines, "records.json", (_, _) => charsReadAtRecord.Add(reader.CharsRead), CancellationToken.None);

        Assert.Equal(50_000, charsReadAtRecord.Count);
        Assert.True(charsReadAtRecord[0] < content.Length / 4, $"{charsReadAtRecord[0]:N0} of {content.Length:N0} chars read before the first record");
        Assert.True(charsReadAtRecord[25_000] < content.Length, "the middle record came after the whole file was read");
    }

    [Theory]
    [InlineData("[{\"text\":\"a\",\"label\":\"x\"},\n{\"text\":\"b<D800>\",\"label\":\"y\"}]", 2, 11)]
    [InlineData("[{\"text\":\"a\",\"label\":\"x\"}, <D800>\n]", 1, 28)]
    [InlineData("[{\"text\":\"a\",\"label\":\"x\"},<D83D>\n]", 1, 27)]
    [InlineData("[{\"text\":\"a\",\"label\":\"x\"}]<D83D>", 1, 27)]
    public void A_lone_surrogate_from_a_reader_is_named_by_line_and_column(string content, int line, int column)
    {
        // Test data keeps no lone surrogate (its serialization turns one into U+FFFD): each is written here.
        content = content.Replace("<D800>", "\ud800", StringComparison.Ordinal).Replace("<D83D>", "\ud83d", StringComparison.Ordinal);
        var lines = new LineReader(new TrickleReader(content, 7));

        var ex = Assert.Throws<DataFormatException>(() =>
            JsonArrayDocument.Read(string.Empty, lineEnded: false, 1, lines, "records.json", (_, _) => { }, CancellationToken.None, initialBufferBytes: 16));

        Assert.Equal(line, ex.LineNumber);
        Assert.Equal(column, ex.ColumnNumber);
        Assert.Contains("lone surrogate", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_larger_than_the_buffer_grows_it_and_keeps_the_line_count()
    {
        string big = new('x', 100_000);
        string content = "[\n{\"text\":\"a\",\"label\":\"x\"},\n{\"text\":\"" + big + "\",\"label\":\"y\"},\n\n{\"text\":\"c\",\"label\":\"z\"}\n]";
        var read = new List<(int Length, int Line)>();

        JsonArrayDocument.Read(string.Empty, lineEnded: false, 1, new LineReader(new StringReader(content)), "records.json",
            (record, line) => read.Add((record.GetProperty("text").GetString()!.Length, line)), CancellationToken.None, initialBufferBytes: 32);

        Assert.Equal([(1, 2), (100_000, 3), (1, 5)], read);
    }

    // Counts the chars handed out, as a file read in blocks does.
    private sealed class CountingReader(string text) : TextReader
    {
        private int _position;

        public long CharsRead => _position;

        public override int Read(char[] buffer, int index, int count)
        {
            int n = Math.Min(count, text.Length - _position);
            text.CopyTo(_position, buffer, index, n);
            _position += n;
            return n;
        }
    }
}
