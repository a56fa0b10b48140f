using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TextClassification.Training.Data;

namespace TextClassification.Tests.Data;

public sealed class CsvPropertyTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tc-csvprop-" + Guid.NewGuid().ToString("N"));

    public CsvPropertyTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A (text, label) pair to write as one CSV record.</summary>
    public sealed record CsvPair(string Text, string Label);

    /// <summary>Strings rich in CSV-significant characters: commas, quotes, CR, LF, whitespace and non-ASCII text.</summary>
    public static class CsvArbitraries
    {
        private static readonly Gen<string> Chunk = Gen.Frequency(
            (4, Gen.Elements(",", "\"", "\"\"", "\r", "\n", "\r\n", " ", "\t")),
            (4, Gen.Elements("a", "b", "Z", "0", "9", "hello", "label", ";", "'")),
            (2, Gen.Elements("é", "ß", "中文", "жук", "\u00A0", "\u2028", "😀", "𝄞")));

        private static readonly Gen<string> Value = Chunk.ListOf().Select(chunks => string.Concat(chunks));

        public static Arbitrary<CsvPair> Pairs() =>
            Value.Two().Select(values => new CsvPair(values.Item1, values.Item2)).ToArbitrary();
    }

    [Property(Arbitrary = [typeof(CsvArbitraries)])]
    public void QuotedCsv_RoundTrips_ToTrimmedPairsInOrder(CsvPair[] pairs, bool crlf)
    {
        string newline = crlf ? "\r\n" : "\n";
        var csv = new StringBuilder("\"text\",\"label\"").Append(newline);
        var startOffsets = new int[pairs.Length];
        for (int i = 0; i < pairs.Length; i++)
        {
            startOffsets[i] = csv.Length;
            csv.Append(Quote(pairs[i].Text)).Append(',').Append(Quote(pairs[i].Label)).Append(newline);
        }

        string content = csv.ToString();
        string path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(path, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

        var expectedRows = new List<LabeledText>();
        var expectedSkipped = new List<SkippedRow>();
        for (int i = 0; i < pairs.Length; i++)
        {
            string text = pairs[i].Text.Trim();
            string label = pairs[i].Label.Trim();
            int line = 1 + CountLineBreaks(content, startOffsets[i]);
            if (text.Length > 0 && HasControlCharacter(label))
            {
                // A label must be one line: the first such row fails the read, naming its line.
                DataFormatException error = Assert.Throws<DataFormatException>(() => DatasetReader.Read(path));
                Assert.Equal(line, error.LineNumber);
                return;
            }

            if (text.Length == 0)
            {
                expectedSkipped.Add(new SkippedRow(line, "empty text"));
            }
            else if (label.Length == 0)
            {
                expectedSkipped.Add(new SkippedRow(line, "empty label"));
            }
            else
            {
                expectedRows.Add(new LabeledText(text, label, line));
            }
        }

        Dataset dataset = DatasetReader.Read(path);

        Assert.Equal(expectedRows, dataset.Rows);
        Assert.Equal(expectedSkipped, dataset.Skipped);
    }

    [Property(Arbitrary = [typeof(CsvArbitraries)])]
    public void QuotedCsv_FromTextReader_MatchesFileRead(CsvPair[] pairs)
    {
        var csv = new StringBuilder("text,label\n");
        foreach (CsvPair pair in pairs)
        {
            csv.Append(Quote(pair.Text)).Append(',').Append(Quote(pair.Label)).Append('\n');
        }

        using var reader = new StringReader(csv.ToString());
        if (Array.Exists(pairs, pair => pair.Text.Trim().Length > 0 && HasControlCharacter(pair.Label.Trim())))
        {
            Assert.Throws<DataFormatException>(() => DatasetReader.Read(reader, "memory", DatasetFormat.Csv));
            return;
        }

        Dataset dataset = DatasetReader.Read(reader, "memory", DatasetFormat.Csv);

        int kept = 0;
        foreach (CsvPair pair in pairs)
        {
            if (pair.Text.Trim().Length > 0 && pair.Label.Trim().Length > 0)
            {
                Assert.Equal((pair.Text.Trim(), pair.Label.Trim()), (dataset.Rows[kept].Text, dataset.Rows[kept].Label));
                kept++;
            }
        }

        Assert.Equal(kept, dataset.Rows.Count);
        Assert.Equal(pairs.Length - kept, dataset.Skipped.Count);
    }

    // Written out here, not taken from the reader, so the test states the rule itself: C0 controls, DEL, C1 controls and
    // the line and paragraph separators (which line readers such as Python's splitlines break at).
    internal static bool HasControlCharacter(string label)
    {
        foreach (char c in label)
        {
            if (c < ' ' || c is >= '\u007F' and <= '\u009F' or '\u2028' or '\u2029')
            {
                return true;
            }
        }

        return false;
    }

    private static string Quote(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Counts line breaks (CRLF or LF each count once; the header ends with one of them, so a lone CR is part
    /// of its field, as grep counts lines) in the first <paramref name="length"/> chars.</summary>
    private static int CountLineBreaks(string text, int length)
    {
        int count = 0;
        for (int i = 0; i < length; i++)
        {
            if (text[i] == '\n')
            {
                count++;
            }
        }

        return count;
    }
}
