namespace TextClassification.Cli;

/// <summary>
/// The label names as eval's tables, report.html and the report's plots show them: control characters escaped
/// (<see cref="TextClassification.Training.Data.LabelSet"/>'s <c>Escape</c>, as inspect lists them), and where two labels
/// differ only in characters that do not show (format characters such as a zero-width space or a bidi mark, white
/// space other than the space), those characters written as \uXXXX in each of them, as the unknown-label warning writes
/// them. A test label "plain" with a zero-width space had shown as a second row "plain" beside the model's. A label whose
/// hidden characters make no look-alike (a Persian word's zero-width non-joiner, an emoji's joiner) is shown as it is.
/// </summary>
internal static class ShownLabels
{
    /// <summary>Each label of <paramref name="labels"/> as shown, in the same order.</summary>
    public static string[] Of(IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var seen = new Dictionary<string, int>(labels.Count, StringComparer.Ordinal);
        var keys = new string[labels.Count];
        for (int i = 0; i < keys.Length; i++)
        {
            keys[i] = WithoutHidden(labels[i]);
            seen[keys[i]] = seen.GetValueOrDefault(keys[i]) + 1;
        }

        var shown = new string[labels.Count];
        for (int i = 0; i < shown.Length; i++)
        {
            shown[i] = seen[keys[i]] > 1 ? CommonOptions.Visible(labels[i]) : TextClassification.Training.Data.LabelSet.Escape(labels[i]);
        }

        return shown;
    }

    // The label as the eye reads it: without the characters CommonOptions.Visible escapes.
    private static string WithoutHidden(string label)
    {
        var text = new System.Text.StringBuilder(label.Length);
        foreach (char c in label)
        {
            if (!CommonOptions.IsHidden(c))
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }
}
