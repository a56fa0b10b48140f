namespace TextClassification.Training.Data;

/// <summary>
/// The label numbering every trainer and splitter uses: the distinct labels sorted by ordinal, each numbered by its
/// position, so the same data always gives the same label order (and the same bundle).
/// </summary>
internal sealed class LabelIndex
{
    private readonly Dictionary<string, int> _indexOf;

    private LabelIndex(string[] labels)
    {
        Labels = labels;
        _indexOf = new Dictionary<string, int>(labels.Length, StringComparer.Ordinal);
        for (int i = 0; i < labels.Length; i++)
        {
            _indexOf.Add(labels[i], i);
        }
    }

    /// <summary>The distinct labels in ordinal order.</summary>
    public string[] Labels { get; }

    /// <summary>Numbers the distinct values of <paramref name="labels"/>.</summary>
    public static LabelIndex Of(IEnumerable<string> labels) => new([.. new SortedSet<string>(labels, StringComparer.Ordinal)]);

    /// <summary>The number of <paramref name="label"/>, which must be one of <see cref="Labels"/>.</summary>
    public int this[string label] => _indexOf[label];

    /// <summary>Throws <see cref="ArgumentException"/> (for <paramref name="paramName"/>) when there are fewer than two
    /// labels: a classifier needs at least two.</summary>
    public LabelIndex RequireTwo(string paramName)
    {
        if (Labels.Length < 2)
        {
            string found = Labels.Length == 0 ? "none" : $"only '{Labels[0]}'";
            throw new ArgumentException($"Training needs at least two labels; the data has {found}.", paramName);
        }

        return this;
    }
}
