using TextClassification.Training.Data;

namespace TextClassification.Cli;

/// <summary>
/// Warns when eval's <c>--allowed-labels</c> names a label the model does not have: the list drops the test file's
/// other rows, so a label written in another letter case than the model's ('Sports' for 'sports') dropped every row of
/// that label without a word (train warns about a label no row carries; eval had no such check).
/// </summary>
internal static class UnknownAllowedLabelWarning
{
    /// <summary>Warns about the labels of <paramref name="options"/>' allowed list that are not among
    /// <paramref name="modelLabels"/>; returns whether it warned.</summary>
    /// <param name="console">Where the warning goes.</param>
    /// <param name="modelLabels">The model's labels as the evaluators read them (in form C).</param>
    /// <param name="options">How the test file is read: its allowed list and letter case.</param>
    /// <param name="path">The test file, for the warning's position.</param>
    /// <returns>Whether it warned.</returns>
    public static bool WarnAboutLabelsTheModelLacks(CliConsole console, IReadOnlyList<string> modelLabels, DatasetReadOptions options, string path)
    {
        string[] named = CommonOptions.AllowedLabelsNotIn(options, new HashSet<string>(modelLabels, StringComparer.Ordinal));
        if (named.Length == 0)
        {
            return false;
        }

        var described = new List<string>(named.Length);
        foreach (string label in named)
        {
            string? sameLetters = modelLabels.FirstOrDefault(modelLabel => string.Equals(modelLabel, label, StringComparison.OrdinalIgnoreCase));
            described.Add(sameLetters is null
                ? label
                : $"{label} (the model has '{sameLetters}'; labels are compared with their letter case)");
        }

        MSBuildErrorFormat.WriteWarning(
            console.Error,
            MSBuildErrorFormat.AllowedLabelsCode,
            $"--allowed-labels names {CommonOptions.Counted(named.Length, "label")} the model does not have: {string.Join(", ", described)}.",
            path);
        return true;
    }
}
