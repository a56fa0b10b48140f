using TextClassification.Fuzz;
using TextClassification.Training.Data;

namespace TextClassification.Tests.Data;

public sealed class CsvRecordReaderLineBreakTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1000)]
    public void A_lone_CR_in_a_CSV_with_LFs_stays_in_its_field_however_the_reads_are_cut(int charsPerRead)
    {
        // As LineReader: the old-Mac decision was made on whatever the pipe's first read gave ("text,label\nwho is
        // he\r" cut before the LF made every later CR end a record).
        var reader = new CsvRecordReader(new TrickleReader("who is he\rwhat,HUM\nwhere\ris x,LOC\r\nlast,NUM", charsPerRead), "pipe");

        Assert.Equal([["who is he\rwhat", "HUM"], ["where\ris x", "LOC"], ["last", "NUM"]], ReadAll(reader));
    }

    [Fact]
    public void A_CSV_whose_lines_end_with_lone_CRs_is_read_a_record_per_CR()
    {
        var reader = new CsvRecordReader(new TrickleReader("a,1\rb,2\rc,3", 2), "mac");

        Assert.Equal([["a", "1"], ["b", "2"], ["c", "3"]], ReadAll(reader));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1000)]
    public void The_separator_is_decided_on_the_whole_header_line_however_the_reads_are_cut(int charsPerRead)
    {
        // Excel's semicolon CSV: a read that ends before the header's first ';' (or before its end) decides as the whole
        // line; the comma of a header read in parts holding one after its ';' keeps the comma.
        var semicolons = new CsvRecordReader(new TrickleReader("\"text\";label\r\nx, y;A\r\n", charsPerRead), "pipe");
        var commas = new CsvRecordReader(new TrickleReader("text;x,label\ny;z,B\n", charsPerRead), "pipe");

        Assert.Equal([["text", "label"], ["x, y", "A"]], ReadAll(semicolons));
        Assert.Equal([["text;x", "label"], ["y;z", "B"]], ReadAll(commas));
    }

    private static List<string[]> ReadAll(CsvRecordReader reader)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        while (reader.TryReadRecord(fields, out _))
        {
            records.Add([.. fields]);
        }

        return records;
    }
}
