namespace TextClassification.Cli;

/// <summary>
/// Warns when a label of multi-label data is on every training text: its sigmoid has no text without it to learn
/// from, so the model gives it to every text. (One label on every text, and nothing else, is refused by training.)
/// </summary>
internal static class EveryTextLabelWarning
{
    /// <summary>Warns when some label is in every row's set; returns whether it warned.</summary>
    /// <param name="console">Where the warning goes.</param>
    /// <param name="labelSets">Each training row's set of labels (<c>LabelSet.Parse</c>: distinct labels).</param>
    /// <param name="path">The training file, for the warning's position.</param>
    /// <returns>Whether it warned.</returns>
    public static bool WarnAboutLabelsOnEveryText(CliConsole console, IReadOnlyList<string[]> labelSets, string path)
    {
        if (labelSets.Count == 0)
        {
            return false;
        }

        // Labels of the first row still found in every row read so far; whether some row holds another label too.
        var onEvery = new HashSet<string>(labelSets[0], StringComparer.Ordinal);
        bool others = labelSets[0].Length > 1;
        for (int i = 1; i < labelSets.Count && onEvery.Count > 0; i++)
        {
            onEvery.IntersectWith(labelSets[i]);
            others |= labelSets[i].Length > 1;
        }

        // One label, on every text and alone (every set is that label, as the sets hold each label once): training
        // refuses that with its own message.
        if (onEvery.Count == 0 || (onEvery.Count == 1 && !others))
        {
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
}
