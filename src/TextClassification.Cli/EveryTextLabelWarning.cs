using TextClassification.Training.Data;

namespace TextClassification.Cli;

/// <summary>
/// Warns when a label of multi-label data is on every training text: its sigmoid has no text without it to learn
/// from, so the model gives it to every text. (One label on every text, and nothing else, is refused by training.)
/// </summary>
internal static class EveryTextLabelWarning
{
    /// <summary>Warns when some label is in every row's set; returns whether it warned.</summary>
    /// <param name="console">Where the warning goes.</param>
    /// <param name="rows">The training rows, read with <paramref name="delimiter"/>.</param>
    /// <param name="delimiter">The delimiter that joins each row's set of labels.</param>
    /// <param name="path">The training file, for the warning's position.</param>
    /// <returns>Whether it warned.</returns>
    public static bool WarnAboutLabelsOnEveryText(CliConsole console, IReadOnlyList<LabeledText> rows, string delimiter, string path)
    {
        if (rows.Count == 0)
        {
            return false;
        }

        // Labels of the first row still found in every row read so far.
        var onEvery = new HashSet<string>(LabelSet.Parse(rows[0].Label, delimiter), StringComparer.Ordinal);
        for (int i = 1; i < rows.Count && onEvery.Count > 0; i++)
        {
            onEvery.IntersectWith(LabelSet.Parse(rows[i].Label, delimiter));
        }

        if (onEvery.Count == 0 || (onEvery.Count == 1 && OnlyLabel(rows, delimiter, onEvery)))
        {
            // One label, on every text and alone: training refuses that with its own message.
            return false;
        }

        string[] labels = [.. onEvery.Order(StringComparer.Ordinal)];
        string named = string.Join(", ", labels.Select(label => $"'{label}'"));
        string it = labels.Length == 1 ? "it" : "them";
        MSBuildErrorFormat.WriteWarning(
            console.Error,
            MSBuildErrorFormat.LabelOnEveryTextCode,
            $"{named} {(labels.Length == 1 ? "is" : "are")} on every training text: the model saw no text without {it}, so it gives " +
            $"{it} to every text. Add texts without {it}, or leave {it} out of the label cells.",
            path);
        return true;
    }

    private static bool OnlyLabel(IReadOnlyList<LabeledText> rows, string delimiter, HashSet<string> onEvery)
    {
        foreach (LabeledText row in rows)
        {
            if (!onEvery.IsSupersetOf(LabelSet.Parse(row.Label, delimiter)))
            {
                return false;
            }
        }

        return true;
    }
}
