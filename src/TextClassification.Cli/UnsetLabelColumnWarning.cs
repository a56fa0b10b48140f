using TextClassification.Training.Data;

namespace TextClassification.Cli;

/// <summary>
/// Warns when a column of <c>--label-columns</c> is set on no kept training row: its label is in no row's set, so the
/// model has no such label (as <c>--allowed-labels</c> naming a label no row carries is warned about).
/// </summary>
internal static class UnsetLabelColumnWarning
{
    /// <summary>Warns when some label column (one <c>--allowed-labels</c> keeps) is in no row's set; returns whether it
    /// warned.</summary>
    /// <param name="console">Where the warning goes.</param>
    /// <param name="labelSets">Each kept training row's set of labels.</param>
    /// <param name="options">How the data was read: its label columns, letter case and allowed labels.</param>
    /// <param name="path">The training file, named in the warning and its position.</param>
    /// <returns>Whether it warned.</returns>
    public static bool WarnAboutUnsetColumns(CliConsole console, IReadOnlyList<string[]> labelSets, DatasetReadOptions options, string path)
    {
        if (options.LabelColumns is not { Count: > 0 } columns || labelSets.Count == 0)
        {
            return false;
        }

        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (string[] labels in labelSets)
        {
            set.UnionWith(labels);
        }

        // A column's label is its name as the labels were read (trimmed, lower-cased with --lowercase-labels); one that
        // --allowed-labels leaves out is left out on purpose.
        HashSet<string>? allowed = options.AllowedLabels is { Count: > 0 } list
            ? new HashSet<string>(list.Select(label => LabelSet.Normalize(label, options.LowercaseLabels)), StringComparer.Ordinal)
            : null;
        var unset = new List<string>();
        foreach (string column in columns)
        {
            string label = LabelSet.Normalize(column, options.LowercaseLabels);
            if (!set.Contains(label) && (allowed is null || allowed.Contains(label)) && !unset.Contains(label))
            {
                unset.Add(label);
            }
        }

        if (unset.Count == 0)
        {
            return false;
        }

        MSBuildErrorFormat.WriteWarning(
            console.Error,
            MSBuildErrorFormat.UnsetLabelColumnCode,
            $"--label-columns names {CommonOptions.Counted(unset.Count, "column")} that no kept row of {path} sets: {string.Join(", ", unset)}; " +
            $"the model has {(unset.Count == 1 ? "no such label" : "none of these labels")} (a label is learned from rows that set its column: 1, true or yes{(options.LabelColumnThreshold is { } threshold ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $", or at least {threshold}") : string.Empty)}).",
            path);
        return true;
    }
}
