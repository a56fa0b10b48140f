using TextClassification.Training.Data;

namespace TextClassification.Cli;

/// <summary>
/// The labels of a multi-label model that eval scores: those its test file can hold. A file read with an
/// <c>--allowed-labels</c> list or with <c>--label-columns</c> that leave a model label out says nothing of whether a
/// text carries that label, so its predictions are no errors and it is left out of the metrics.
/// </summary>
internal sealed record ScoredLabels(IReadOnlyList<string> Kept, IReadOnlyList<string> LeftOut, string Options)
{
    /// <summary>The model's labels split into those a row read with <paramref name="options"/> can carry and the
    /// others; null where it can carry every one (or none: then nothing is left out, and eval's warning about the
    /// test labels the model lacks says what is wrong).</summary>
    /// <param name="modelLabels">The model's labels as the evaluators read them (in form C).</param>
    /// <param name="options">How the test file is read.</param>
    public static ScoredLabels? Of(IReadOnlyList<string> modelLabels, DatasetReadOptions options)
    {
        HashSet<string>? possible = null;
        var given = new List<string>(2);
        if (options.LabelColumns is { } columns)
        {
            possible = Normalized(columns, options.LowercaseLabels);
            given.Add("--label-columns");
        }

        if (options.AllowedLabels is { } allowed)
        {
            HashSet<string> listed = Normalized(allowed, options.LowercaseLabels);
            if (possible is null)
            {
                possible = listed;
            }
            else
            {
                possible.IntersectWith(listed);
            }

            given.Add("--allowed-labels");
        }

        if (possible is null)
        {
            return null;
        }

        var kept = new List<string>(modelLabels.Count);
        var leftOut = new List<string>();
        foreach (string label in modelLabels)
        {
            (possible.Contains(label) ? kept : leftOut).Add(label);
        }

        return kept.Count == 0 || leftOut.Count == 0 ? null : new ScoredLabels(kept, leftOut, string.Join(" and ", given));
    }

    /// <summary>The line eval prints before its tables.</summary>
    public string Note =>
        $"Scored on {CommonOptions.ListLabels(Kept)}; the model's other labels are left out of the metrics (the test file, read with {Options}, cannot hold them): {CommonOptions.ListLabels(LeftOut)}.";

    private static HashSet<string> Normalized(IEnumerable<string> labels, bool lowercase)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (string label in labels)
        {
            set.Add(LabelSet.Normalize(label, lowercase));
        }

        return set;
    }
}
