namespace TextClassification.Training.Data;

/// <summary>
/// The labeled examples read from one source, together with the rows that were read but not kept.
/// </summary>
public sealed class Dataset
{
    /// <summary>
    /// Creates a dataset.
    /// </summary>
    /// <param name="source">The file path or name the rows were read from.</param>
    /// <param name="rows">The kept examples, in source order.</param>
    /// <param name="skipped">The rows that were read but not kept, in source order.</param>
    public Dataset(string source, IReadOnlyList<LabeledText> rows, IReadOnlyList<SkippedRow> skipped)
        : this(source, rows, skipped, [])
    {
    }

    /// <summary>
    /// Creates a dataset with the texts found to have conflicting labels.
    /// </summary>
    /// <param name="source">The file path or name the rows were read from.</param>
    /// <param name="rows">The kept examples, in source order.</param>
    /// <param name="skipped">The rows that were read but not kept, in source order.</param>
    /// <param name="conflicts">The texts that occur with more than one label, in order of first occurrence.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A skipped row has no reason (<c>default(SkippedRow)</c>).</exception>
    public Dataset(string source, IReadOnlyList<LabeledText> rows, IReadOnlyList<SkippedRow> skipped, IReadOnlyList<LabelConflict> conflicts)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(skipped);
        ArgumentNullException.ThrowIfNull(conflicts);
        for (int i = 0; i < skipped.Count; i++)
        {
            // CountSkippedByReason counts by reason: a null one threw from inside its dictionary (review 58c).
            if (skipped[i].Reason is null)
            {
                throw new ArgumentException($"The skipped row at index {i} (line {skipped[i].LineNumber}) has no reason; give one (see SkipReasons).", nameof(skipped));
            }
        }

        Source = source;
        Rows = rows;
        Skipped = skipped;
        Conflicts = conflicts;
    }

    /// <summary>How many kept rows' texts held a tab or line break, written as spaces
    /// (<see cref="DatasetReadOptions.TextsOnOneLine"/>).</summary>
    internal int TextsPutOnOneLine { get; init; }

    /// <summary>
    /// The file path or name the rows were read from.
    /// </summary>
    public string Source { get; }

    /// <summary>
    /// The kept examples, in source order.
    /// </summary>
    public IReadOnlyList<LabeledText> Rows { get; }

    /// <summary>
    /// The rows that were read but not kept (for example with empty text or label), in source order.
    /// </summary>
    public IReadOnlyList<SkippedRow> Skipped { get; }

    /// <summary>
    /// The texts that occur with more than one label, in order of first occurrence. Only looked for when
    /// <see cref="DatasetReadOptions.Duplicates"/> is not <see cref="DuplicateHandling.Keep"/>; empty otherwise.
    /// </summary>
    public IReadOnlyList<LabelConflict> Conflicts { get; }

    /// <summary>
    /// Counts the <see cref="Skipped"/> rows by <see cref="SkippedRow.Reason"/> (see <see cref="SkipReasons"/>).
    /// </summary>
    /// <returns>One entry per reason that occurs, ordered by decreasing count, then by reason.</returns>
    public IReadOnlyList<KeyValuePair<string, int>> CountSkippedByReason()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (SkippedRow row in Skipped)
        {
            counts[row.Reason] = counts.GetValueOrDefault(row.Reason) + 1;
        }

        var ordered = new List<KeyValuePair<string, int>>(counts);
        ordered.Sort(static (a, b) => a.Value != b.Value ? b.Value.CompareTo(a.Value) : string.CompareOrdinal(a.Key, b.Key));
        return ordered;
    }
}
