namespace TextClassification.Training.Data;

/// <summary>
/// Decides, at a data file's first lone CR, whether lone CRs end its lines (old Mac files) — for <see cref="LineReader"/>
/// and <see cref="CsvRecordReader"/> alike.
/// </summary>
internal static class LineBreakStyle
{
    /// <summary>
    /// Whether the block in <paramref name="buffer"/> (its first <paramref name="length"/> chars, which hold the first
    /// lone CR) holds no LF at all, after reading on into its free end until an LF comes, the block is full or the input
    /// ends. A pipe's read gives what has arrived so far: deciding on a partial read made a CR written just before a
    /// pause end every later line. (Deciding by the first line break alone had taken a CRLF file whose first line ends
    /// "\r\r\n" for an old Mac one.)
    /// </summary>
    public static bool LoneCarriageReturnsEndLines(TextReader reader, char[] buffer, ref int length)
    {
        while (!buffer.AsSpan(0, length).Contains('\n') && length < buffer.Length)
        {
            int read = reader.Read(buffer, length, buffer.Length - length);
            if (read <= 0)
            {
                break;
            }

            length += read;
        }

        return !buffer.AsSpan(0, length).Contains('\n');
    }
}
