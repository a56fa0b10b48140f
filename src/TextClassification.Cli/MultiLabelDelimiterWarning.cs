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

    /// <summary>eval and <c>train --test</c>: warns where test labels the model lacks are sets of its labels joined by another delimiter than
    /// <paramref name="delimiter"/>, the one the cells were split at ('finance|health' read with
    /// <c>--multi-label-delimiter ','</c>), naming that delimiter; returns whether it warned.</summary>
    /// <param name="console">Where the warning goes.</param>
    /// <param name="modelLabels">The model's labels as the metrics name them.</param>
    /// <param name="unknownLabels">The test labels the model lacks.</param>
    /// <param name="delimiter">The delimiter the label cells were split at.</param>
    /// <param name="recorded">The delimiter the model was trained with, when the bundle records one.</param>
    /// <param name="lowercase">Whether the test labels were lower-cased (<c>--lowercase-labels</c>).</param>
    /// <param name="readWithTraining">True for <c>train --test</c>, whose one delimiter reads the training file too: the
    /// advice is then to write the test file's sets with it, not to give another.</param>
    /// <returns>Whether it warned.</returns>
    public static bool WarnAboutJoinedSets(
        CliConsole console, IEnumerable<string> modelLabels, IReadOnlyList<string> unknownLabels, string delimiter, string? recorded, bool lowercase, bool readWithTraining = false)
    {
        var known = new HashSet<string>(modelLabels, StringComparer.Ordinal);
        string[] candidates = recorded is not null && !string.Equals(recorded, delimiter, StringComparison.Ordinal) ? [recorded, .. CommonDelimiters] : CommonDelimiters;
        foreach (string candidate in candidates)
        {
            if (string.Equals(candidate, delimiter, StringComparison.Ordinal))
            {
                continue;
            }

            string? example = null;
            foreach (string label in unknownLabels)
            {
                if (IsSetOf(label, candidate, known, lowercase) && (example is null || string.CompareOrdinal(label, example) < 0))
                {
                    example = label;
                }
            }

            if (example is not null)
            {
                string advice = readWithTraining
                    ? $"write the test file's sets with '{delimiter}', as the training file's are (--multi-label-delimiter reads both files)."
                    : string.Equals(candidate, recorded, StringComparison.Ordinal)
                    ? $"leave --multi-label-delimiter out to split them at '{candidate}', as the model was trained."
                    : $"give --multi-label-delimiter '{candidate}'.";
                MSBuildErrorFormat.WriteWarning(
                    console.Error,
                    MSBuildErrorFormat.UnknownTestLabelsCode,
                    $"Some test labels the model lacks are sets of the model's labels joined by '{candidate}' (such as '{example}'), and the cells were split at '{delimiter}': {advice}");
                return true;
            }
        }

        return false;
    }

    // Whether `label` splits at `delimiter` into two or more of the model's labels (each read as the readers read one).
    private static bool IsSetOf(string label, string delimiter, HashSet<string> known, bool lowercase)
    {
        string[] parts = label.Split(delimiter);
        if (parts.Length < 2)
        {
            return false;
        }

        foreach (string part in parts)
        {
            if (!known.Contains(LabelSet.Normalize(part, lowercase)))
            {
                return false;
            }
        }

        return true;
    }
}
