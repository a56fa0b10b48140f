namespace TextClassification.Training.Data;

/// <summary>
/// Decides, at a data file's first lone CR, whether lone CRs end its lines (old Mac files) — for <see cref="LineReader"/>
/// and <see cref="CsvRecordReader"/> alike.
/// </summary>
internal static class LineBreakStyle
{
    /// <summary>How far the reader looks for an LF at a file's first lone CR before it takes lone CRs for the file's line
    /// breaks: a buffer of up to 4 Mi chars (8 MB) from the start of the block the CR is in, so a long first line whose
    /// text holds a CR is not split (a fixed 64 KB block had split one whose CR came more than 64 Ki chars before its
    /// LF, and every later line). Grown, the buffer stays for the rest of the file.</summary>
    public const int MaxLookAhead = 4 * 1024 * 1024;

    /// <summary>
    /// Whether the input holds no LF at all in <paramref name="buffer"/> (its first <paramref name="length"/> chars,
    /// which hold the first lone CR) and as far past it as the reader reads on: into the buffer's free end, then into a
    /// buffer twice as large, until an LF comes, the buffer holds <see cref="MaxLookAhead"/> chars or the input ends.
    /// Every char read stays in <paramref name="buffer"/> (which may be replaced by a larger one holding the same
    /// chars first). A pipe's read gives what has arrived so far: deciding on a partial read made a CR written just
    /// before a pause end every later line. (Deciding by the first line break alone had taken a CRLF file whose first
    /// line ends "\r\r\n" for an old Mac one.)
    /// </summary>
    public static bool LoneCarriageReturnsEndLines(TextReader reader, ref char[] buffer, ref int length)
    {
        int searched = 0;
        while (true)
        {
            if (buffer.AsSpan(searched, length - searched).Contains('\n'))
            {
                return false;
            }

            searched = length;
            if (length == buffer.Length)
            {
                if (buffer.Length >= MaxLookAhead)
                {
                    return true;
                }

                Array.Resize(ref buffer, Math.Min(MaxLookAhead, buffer.Length * 2));
            }

            int read = reader.Read(buffer, length, buffer.Length - length);
            if (read <= 0)
            {
                return true;
            }

            length += read;
        }
    }
}
