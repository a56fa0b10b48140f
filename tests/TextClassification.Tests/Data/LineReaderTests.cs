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
