namespace TextClassification.Training.Data;

/// <summary>A text as a one-row-a-line TSV file holds it (textclf split's files): each tab, CR, LF and CRLF one space,
/// which is how the models read them.</summary>
internal static class OneLineText
{
    /// <summary>The text with each tab, CR, LF and CRLF written as one space; the same instance when it has none.</summary>
    public static string Of(string text) =>
        text.AsSpan().IndexOfAny('\t', '\n', '\r') < 0
            ? text
            : text.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\r', ' ').Replace('\n', ' ').Replace('\t', ' ');
}
