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
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(skipped);
        Source = source;
        Rows = rows;
        Skipped = skipped;
    }

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
}
