namespace TextClassification.Training.Data;

/// <summary>
/// Collects parsed rows: trims text and label, records rows with an empty value as skipped,
/// and checks for cancellation every <see cref="CancellationCheckInterval"/> rows.
/// </summary>
internal sealed class DatasetBuilder
{
    /// <summary>How many rows are added between two cancellation checks.</summary>
    public const int CancellationCheckInterval = 1024;

    private readonly List<LabeledText> _rows = [];
    private readonly List<SkippedRow> _skipped = [];
    private readonly CancellationToken _cancellationToken;
    private int _count;

    /// <summary>Creates a builder that observes <paramref name="cancellationToken"/>.</summary>
    public DatasetBuilder(CancellationToken cancellationToken)
    {
        _cancellationToken = cancellationToken;
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Adds one row, or records it as skipped when its trimmed text or label is empty.</summary>
    public void Add(string text, string label, int lineNumber)
    {
        if (++_count % CancellationCheckInterval == 0)
        {
            _cancellationToken.ThrowIfCancellationRequested();
        }

        string trimmedText = text.Trim();
        string trimmedLabel = label.Trim();
        if (trimmedText.Length == 0)
        {
            _skipped.Add(new SkippedRow(lineNumber, "empty text"));
        }
        else if (trimmedLabel.Length == 0)
        {
            _skipped.Add(new SkippedRow(lineNumber, "empty label"));
        }
        else
        {
            _rows.Add(new LabeledText(trimmedText, trimmedLabel, lineNumber));
        }
    }

    /// <summary>Creates the dataset from the rows added so far.</summary>
    public Dataset Build(string source) => new(source, _rows.AsReadOnly(), _skipped.AsReadOnly());
}
