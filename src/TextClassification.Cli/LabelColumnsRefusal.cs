namespace TextClassification.Cli;

/// <summary>
/// Refuses data read with <c>--label-columns</c> that leaves multi-label training too few labels, in the words of
/// columns: the trainer's own refusal speaks of label cells and their delimiter, which such a file does not have.
/// </summary>
internal static class LabelColumnsRefusal
{
    /// <summary>Throws where no kept row sets a label column, or every kept row sets one column and no other.</summary>
    /// <param name="labelSets">Each kept training row's set of labels.</param>
    /// <param name="columns">The label columns read (their labels as read), in the order given.</param>
    /// <param name="path">The training file.</param>
    /// <exception cref="DataFileException">Too few labels to train on.</exception>
    public static void RequireTwoLabelsOrRowsWithNone(IReadOnlyList<string[]> labelSets, IReadOnlyList<string> columns, string path)
    {
        string? only = null;
        bool another = false;
        bool rowWithNone = false;
        foreach (string[] labels in labelSets)
        {
            rowWithNone |= labels.Length == 0;
            foreach (string label in labels)
            {
                only ??= label;
                another |= !string.Equals(label, only, StringComparison.Ordinal);
            }
        }

        if (only is null)
        {
            throw new DataFileException(path, $"no kept row sets a label column ({string.Join(", ", columns)}): multi-label training needs two label columns set on some rows, or one and rows with every label column 0.");
        }

        if (!another && !rowWithNone)
        {
            throw new DataFileException(path, $"every kept row sets {only} and no other label column: multi-label training needs two label columns set on some rows, or one and rows with every label column 0.");
        }
    }
}
