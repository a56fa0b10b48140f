using TextClassification.Fuzz;
using TextClassification.Training.Data;

namespace TextClassification.Tests.Data;

public sealed class CsvFieldLengthTests
{
    [Theory]
    [InlineData("text,label\nok,a\n123456789,b\n", 3)]
    [InlineData("text,label\nok,a\n\"1234\n5678\",b\n", 3)]
    public void A_field_longer_than_a_string_holds_is_an_error_naming_its_line(string csv, int line)
    {
        // A CSV file with no line break or closing quote in its first 0x3FFFFFDF chars (a 1 GB file read with --input)
        // ended in an unhandled OutOfMemoryException from StringBuilder.ToString, with its stack trace, as LineReader's
        // long lines did. Here the limit is 8 chars.
        var reader = new CsvRecordReader(new TrickleReader(csv, 3), "data.csv", maxFieldLength: 8);
        var fields = new List<string>();

        Assert.True(reader.TryReadRecord(fields, out _));
        Assert.True(reader.TryReadRecord(fields, out _));
        DataFormatException error = Assert.Throws<DataFormatException>(() => reader.TryReadRecord(fields, out _));

        Assert.Equal("data.csv", error.FilePath);
        Assert.Equal(line, error.LineNumber);
        Assert.Contains("longer than 8 characters", error.Message, StringComparison.Ordinal);
    }
}
