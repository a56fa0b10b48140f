using System.Text;
using TextClassification.Training.Data;

namespace TextClassification.Cli;

/// <summary>Writes labelled rows as a tab-separated file with a <c>text</c> and a <c>label</c> column, one row a line,
/// in UTF-8 with LF line ends, as the datasets <c>train</c> reads are written. A tab or line break (CR, LF, CRLF)
/// inside a text is written as one space, which is how the models read it: the TSV reader cannot always tell a
/// quoted text holding both a tab and a line break from rows (it reads Python's quoting of them by guessing). A
/// field that starts with a double quote is quoted (<c>""</c> standing for one quote), so it is not read as a quoted
/// field; any other quote is written as it is.</summary>
internal static class TsvRowWriter
{
    /// <summary>The header the files start with.</summary>
    public const string Header = CommonOptions.DefaultTextColumn + "\t" + CommonOptions.DefaultLabelColumn;

    /// <summary>Writes <paramref name="rows"/> into a new hidden file beside <paramref name="path"/> and returns its path,
    /// for the caller to move over <paramref name="path"/> (several files that belong together moved once all are
    /// written); nothing is left behind when the write fails.</summary>
    /// <param name="path">The file the rows are for.</param>
    /// <param name="rows">The rows, in order.</param>
    /// <param name="flattened">How many texts held a tab or a line break, written as spaces.</param>
    /// <param name="cancellationToken">Looked at every 4,096 rows.</param>
    /// <returns>The full path of the file written.</returns>
    public static string WriteBeside(string path, IReadOnlyList<LabeledText> rows, out int flattened, CancellationToken cancellationToken)
    {
        string full = Path.GetFullPath(path);
        string temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        flattened = 0;
        try
        {
            using var writer = new StreamWriter(temporary, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            writer.NewLine = "\n";
            writer.WriteLine(Header);
            for (int i = 0; i < rows.Count; i++)
            {
                if ((i & 4095) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                string text = OnOneLine(rows[i].Text);
                flattened += ReferenceEquals(text, rows[i].Text) ? 0 : 1;
                WriteField(writer, text);
                writer.Write('\t');
                WriteField(writer, rows[i].Label);
                writer.Write('\n');
            }
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        return temporary;
    }

    /// <summary>The text with each tab, CR, LF and CRLF written as one space; the same instance when it has none
    /// (<see cref="OneLineText"/>, as split reads its data: <see cref="DatasetReadOptions.TextsOnOneLine"/>).</summary>
    internal static string OnOneLine(string text) => OneLineText.Of(text);

    // Labels hold no tab or line break (the readers refuse them).
    private static void WriteField(StreamWriter writer, string field)
    {
        if (!field.StartsWith('"'))
        {
            writer.Write(field);
            return;
        }

        writer.Write('"');
        writer.Write(field.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }
}
