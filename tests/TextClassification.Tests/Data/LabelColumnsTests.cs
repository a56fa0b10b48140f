using System.Text;
using TextClassification.Training.Data;

namespace TextClassification.Tests.Data;

/// <summary>Multi-label data written one column per label (<see cref="DatasetReadOptions.LabelColumns"/>): a toxicity
/// file's 0/1 columns read as label sets, a row with none as the empty set.</summary>
public sealed class LabelColumnsTests
{
    private static readonly DatasetReadOptions Options = new()
    {
        TextColumn = "comment_text",
        LabelColumns = ["toxic", "insult"],
        MultiLabelDelimiter = "|",
    };

    [Theory]
    [InlineData(DatasetFormat.Csv, "id,comment_text,toxic,insult\n1,you fool,1,1\n2,nice day,0,0\n3,go away,true,no\n4,meh,0.0,1.0\n5,unsure,,1\n")]
    [InlineData(DatasetFormat.Tsv, "id\tcomment_text\ttoxic\tinsult\n1\tyou fool\t1\t1\n2\tnice day\t0\t0\n3\tgo away\tTRUE\tNo\n4\tmeh\t0.0\t1.0\n5\tunsure\t\t1\n")]
    [InlineData(DatasetFormat.JsonLines,
        "{\"comment_text\":\"you fool\",\"toxic\":1,\"insult\":true}\n{\"comment_text\":\"nice day\",\"toxic\":0,\"insult\":false}\n" +
        "{\"comment_text\":\"go away\",\"toxic\":\"yes\",\"insult\":0}\n{\"comment_text\":\"meh\",\"toxic\":0.0,\"insult\":1.0}\n" +
        "{\"comment_text\":\"unsure\",\"toxic\":null,\"insult\":1}\n")]
    public void Each_row_reads_as_the_set_of_columns_holding_1_and_a_missing_value_skips_its_row(DatasetFormat format, string content)
    {
        Dataset data = DatasetReader.Read(new StringReader(content), "memory", format, Options);

        Assert.Equal(["insult|toxic", "|", "toxic", "insult"], data.Rows.Select(row => row.Label));
        Assert.Equal(["you fool", "nice day", "go away", "meh"], data.Rows.Select(row => row.Text));
        // An empty cell (JSON null) is a missing value: read as 0 it trained the text as a negative nobody judged.
        SkippedRow skipped = Assert.Single(data.Skipped);
        Assert.Equal(SkipReasons.EmptyLabel, skipped.Reason);
        Assert.Equal(format == DatasetFormat.JsonLines ? 5 : 6, skipped.LineNumber);
    }

    [Theory]
    [InlineData(DatasetFormat.Csv, "comment_text,toxic,insult\nfine,1,0\nbad,0.7,0\n", "memory:3: label column 'toxic' holds '0.7'")]
    [InlineData(DatasetFormat.Tsv, "comment_text\ttoxic\tinsult\nfine\t1\t0\nbad\t0\tmaybe\n", "memory:3: label column 'insult' holds 'maybe'")]
    [InlineData(DatasetFormat.Csv, "comment_text,toxic,insult\nunscored,-1,-1\n", "-1 (not scored, as Jigsaw's test labels write it) is no judgement: drop those rows")]
    [InlineData(DatasetFormat.JsonLines, "{\"comment_text\":\"bad\",\"toxic\":[1],\"insult\":0}\n", "label property 'toxic' is an array")]
    [InlineData(DatasetFormat.JsonLines, "{\"comment_text\":\"bad\",\"toxic\":1}\n", "label property 'insult' not found")]
    [InlineData(DatasetFormat.Csv, "comment_text,toxic\nfine,1\n", "label column 'insult' was not found in the header; available columns: 'comment_text', 'toxic'")]
    public void A_value_or_column_that_is_not_there_is_named(DatasetFormat format, string content, string expected)
    {
        var error = Assert.Throws<DataFormatException>(() => DatasetReader.Read(new StringReader(content), "memory", format, Options));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_that_cannot_be_read_are_refused_naming_why()
    {
        const string content = "comment_text,toxic,insult\nfine,1,0\n";
        DatasetReadOptions[] bad =
        [
            Options with { MultiLabelDelimiter = null },
            Options with { LabelColumns = [] },
            Options with { LabelColumns = ["toxic", "TOXIC"] },
            Options with { LabelColumns = ["toxic", "comment_text"] },
            Options with { LabelColumns = ["toxic|severe"] },
        ];
        string[] reasons = ["give MultiLabelDelimiter", "is empty", "names 'TOXIC' twice", "names the text column", "holds the delimiter"];

        for (int i = 0; i < bad.Length; i++)
        {
            var error = Assert.Throws<ArgumentException>(() => DatasetReader.Read(new StringReader(content), "memory", DatasetFormat.Csv, bad[i]));
            Assert.Contains(reasons[i], error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Json_lines_read_each_property_once_not_once_per_label_column()
    {
        // Each label column had passed over the whole object again, taking every property's name anew: six columns
        // allocated about 2.8 times what one label property holding the same sets does, and read at half its speed.
        string[] names = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"];
        var columns = new StringBuilder();
        var oneProperty = new StringBuilder();
        for (int i = 0; i < 2_000; i++)
        {
            string text = $"comment number {i} with a few words";
            columns.Append("{\"id\":").Append(i).Append(",\"comment_text\":\"").Append(text).Append('"');
            var set = new List<string>();
            for (int j = 0; j < names.Length; j++)
            {
                bool on = (i + j) % 7 == 0;
                columns.Append(",\"").Append(names[j]).Append("\":").Append(on ? '1' : '0');
                if (on)
                {
                    set.Add(names[j]);
                }
            }

            columns.Append("}\n");
            oneProperty.Append("{\"id\":").Append(i).Append(",\"comment_text\":\"").Append(text).Append("\",\"labels\":\"").Append(set.Count == 0 ? "|" : string.Join('|', set)).Append("\"}\n");
        }

        DatasetReadOptions byColumns = Options with { LabelColumns = names };
        DatasetReadOptions byProperty = Options with { LabelColumns = null, LabelColumn = "labels" };
        string columnsText = columns.ToString();
        string propertyText = oneProperty.ToString();
        Read(columnsText, byColumns);
        Read(propertyText, byProperty);

        (long columnsBytes, Dataset read) = Read(columnsText, byColumns);
        (long propertyBytes, Dataset expected) = Read(propertyText, byProperty);

        Assert.Equal(expected.Rows.Select(row => row.Label), read.Rows.Select(row => row.Label));
        Assert.True(columnsBytes < 2 * propertyBytes, $"{columnsBytes:N0} bytes read by columns, {propertyBytes:N0} by one property");

        static (long Bytes, Dataset Data) Read(string content, DatasetReadOptions options)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            Dataset data = DatasetReader.Read(new StringReader(content), "memory", DatasetFormat.JsonLines, options);
            return (GC.GetAllocatedBytesForCurrentThread() - before, data);
        }
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData(" 1.0 ", true)]
    [InlineData("True", true)]
    [InlineData("YES", true)]
    [InlineData("0", false)]
    [InlineData("0.0", false)]
    [InlineData("", null)]
    [InlineData("false", false)]
    [InlineData("no", false)]
    [InlineData("1.00", true)]
    [InlineData("1e0", true)]
    [InlineData("0.000", false)]
    [InlineData("-1", null)]
    [InlineData("2", null)]
    [InlineData("0.5", null)]
    [InlineData("toxic", null)]
    public void Truth_values(string value, bool? expected) => Assert.Equal(expected, LabelColumns.Truth(value));
}
