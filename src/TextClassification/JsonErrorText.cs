namespace TextClassification;

/// <summary>
/// System.Text.Json's error messages as our errors quote them: without the position suffix
/// (" LineNumber: 0 | BytePositionInLine: 1.", whose line counts from 0 and contradicts the line the error names) and
/// without advice meant for the programmer calling the reader.
/// </summary>
internal static class JsonErrorText
{
    /// <summary>The message of <paramref name="message"/> without its position; a JSON path other than the root
    /// (" Path: $.labels[2]") is kept, as it names the property at fault.</summary>
    public static string WithoutPosition(string message)
    {
        int index = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        string text = index > 0 ? message[..index] : message;
        text = text.TrimEnd().TrimEnd('|').TrimEnd();
        if (text.EndsWith(" Path: $", StringComparison.Ordinal))
        {
            text = text[..^" Path: $".Length];
        }

        text = text.Replace(" Change the reader options.", string.Empty, StringComparison.Ordinal)
            .Replace(" which is not supported in this mode", string.Empty, StringComparison.Ordinal);
        return text.TrimEnd();
    }
}
