using System.Globalization;

namespace TextClassification.Training.Data;

/// <summary>
/// The label numbering every trainer and splitter uses: the distinct labels sorted by ordinal (by value where all are
/// integers), each numbered by its position, so the same data always gives the same label order (and the same bundle).
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

    /// <summary>The distinct labels in ordinal order, or by value where every label is an integer (see
    /// <see cref="Of"/>).</summary>
    public string[] Labels { get; }

    /// <summary>Numbers the distinct values of <paramref name="labels"/> in ordinal order; where every label is an
    /// integer (Hugging Face's class ids, say), by value instead, so "2" comes before "10" and labels 0 to n − 1 are
    /// numbered as they are named.</summary>
    public static LabelIndex Of(IEnumerable<string> labels)
    {
        string[] distinct = [.. new SortedSet<string>(labels, StringComparer.Ordinal)];
        if (Array.TrueForAll(distinct, IsInteger))
        {
            // Equal values written differently ("01" and "1") fall back to ordinal order, so the order is total.
            Array.Sort(distinct, static (a, b) =>
            {
                int byValue = long.Parse(a, CultureInfo.InvariantCulture).CompareTo(long.Parse(b, CultureInfo.InvariantCulture));
                return byValue != 0 ? byValue : string.CompareOrdinal(a, b);
            });
        }

        return new LabelIndex(distinct);
    }

    // An optional minus sign and 1 to 18 ASCII digits: always within a long.
    private static bool IsInteger(string label)
    {
        ReadOnlySpan<char> digits = label.StartsWith('-') ? label.AsSpan(1) : label;
        return digits.Length is > 0 and <= 18 && !digits.ContainsAnyExceptInRange('0', '9');
    }

    /// <summary>The number of <paramref name="label"/>, which must be one of <see cref="Labels"/>.</summary>
    public int this[string label] => _indexOf[label];

    /// <summary>Throws <see cref="ArgumentException"/> (for <paramref name="paramName"/>) when there are fewer than two
    /// labels: a classifier needs at least two.</summary>
    public LabelIndex RequireTwo(string paramName)
    {
        if (Labels.Length < 2)
        {
            // What to do, as the CLI says it (review 58b): a classifier chooses between labels.
            string message = Labels.Length == 0
                ? "Training needs at least two labels; the data has none."
                : $"Training needs at least two labels to tell apart; the data has only '{Labels[0]}': add examples of at least one other label (such as texts that are not '{Labels[0]}').";
            throw new ArgumentException(message, paramName);
        }

        return this;
    }
}
