using TextClassification.Fuzz;
using TextClassification.Training.Data;

namespace TextClassification.Tests.Data;

public sealed class LineReaderTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1000)]
    public void A_lone_CR_in_a_file_with_LFs_stays_in_its_line_however_the_reads_are_cut(int charsPerRead)
    {
        // A pipe gives what has arrived: the old-Mac decision was made on a partial first read ("who is he\rwhat"
        // holds no LF), and from then on every lone CR ended a line.
        var lines = new LineReader(new TrickleReader("who is he\rwhat is it\nwhere is x\ry\r\nlast", charsPerRead));

        Assert.Equal(["who is he\rwhat is it", "where is x\ry", "last"], ReadAll(lines));
    }

    [Fact]
    public void A_file_whose_lines_end_with_lone_CRs_is_read_a_line_per_CR()
    {
        var lines = new LineReader(new TrickleReader("a\rb\r\rc", 2));

        Assert.Equal(["a", "b", string.Empty, "c"], ReadAll(lines));
    }

    [Fact]
    public void Standard_input_never_ends_a_line_at_a_lone_CR()
    {
        var lines = LineReader.ForStandardInput(new StringReader("a\rb\nc\r\nd\r"));

        Assert.Equal(["a\rb", "c", "d\r"], ReadAll(lines));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1000)]
    public void A_line_longer_than_a_string_holds_is_an_error_naming_its_line(int charsPerRead)
    {
        // No line break in the first 0x3FFFFFDF chars (a 1 GB binary or one-line file piped to predict) ended in an
        // unhandled OutOfMemoryException from StringBuilder.ToString, with its stack trace. Here the limit is 8 chars.
        var lines = new LineReader(new TrickleReader("short\r\n12345678\nabc\rdefghi\nlast", charsPerRead), "data.tsv", maxLineLength: 8);

        Assert.Equal("short", lines.ReadLine());
        Assert.Equal("12345678", lines.ReadLine());
        DataFormatException error = Assert.Throws<DataFormatException>(() => lines.ReadLine());

        Assert.Equal("data.tsv", error.FilePath);
        Assert.Equal(3, error.LineNumber);
        Assert.Contains("longer than 8 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Standard_input_names_itself_in_a_line_too_long()
    {
        var lines = LineReader.ForStandardInput(new StringReader("ok\n123456789"), maxLineLength: 8);

        Assert.Equal("ok", lines.ReadLine());
        DataFormatException error = Assert.Throws<DataFormatException>(() => lines.ReadLine());

        Assert.StartsWith("standard input:2: ", error.Message, StringComparison.Ordinal);
    }

    private static List<string> ReadAll(LineReader reader)
    {
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }
}
