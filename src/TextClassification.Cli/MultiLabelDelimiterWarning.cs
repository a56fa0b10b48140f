using TextClassification.Training.Data;

namespace TextClassification.Cli;

/// <summary>
/// Warns when <c>--multi-label-delimiter</c> is in no label cell: every text then has exactly one label, and a cell
/// written with another delimiter (<c>sports|politics</c> read with <c>,</c>) trains as a label of its own.
/// </summary>
internal static class MultiLabelDelimiterWarning
{
    // Characters label sets are commonly joined with, in the order they are suggested.
    private static readonly string[] CommonDelimiters = ["|", ",", ";", "/", "+"];

    /// <summary>Warns when no row of <paramref name="rows"/> has other than one label, naming a common delimiter the
    /// labels hold; returns whether it warned.</summary>
    /// <param name="console">Where the warning goes.</param>
    /// <param name="rows">The training rows, read with <paramref name="delimiter"/>.</param>
    /// <param name="labelSets">Each row's set of labels, split at <paramref name="delimiter"/>.</param>
    /// <param name="delimiter">The delimiter given with <c>--multi-label-delimiter</c>.</param>
    /// <param name="path">The training file, for the warning's position.</param>
    /// <returns>Whether it warned.</returns>
    public static bool WarnWhenUnused(CliConsole console, IReadOnlyList<LabeledText> rows, IReadOnlyList<string[]> labelSets, string delimiter, string path)
    {
        foreach (string[] set in labelSets)
        {
            if (set.Length != 1)
            {
                return false;
            }
        }

        string message = $"--multi-label-delimiter '{delimiter}' is in no label cell, so every text has one label and each " +
            "cell trains as a label of its own.";
        foreach (string candidate in CommonDelimiters)
        {
            if (string.Equals(candidate, delimiter, StringComparison.Ordinal))
            {
                continue;
            }

            string? example = null;
            foreach (LabeledText row in rows)
            {
                if (row.Label.Contains(candidate, StringComparison.Ordinal)
                    && (example is null || string.CompareOrdinal(row.Label, example) < 0))
                {
                    example = row.Label;
                }
            }

            if (example is not null)
            {
                message += $" The labels hold '{candidate}' (such as '{example.Trim()}'): is that the delimiter?";
                break;
            }
        }

        MSBuildErrorFormat.WriteWarning(console.Error, MSBuildErrorFormat.UnusedDelimiterCode, message, path);
        return true;
    }
}
