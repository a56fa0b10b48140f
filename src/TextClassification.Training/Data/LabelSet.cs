namespace TextClassification.Training.Data;

/// <summary>Reads the label column of multi-label data, where one cell holds several labels separated by a delimiter
/// (e.g. <c>sports|politics</c>).</summary>
public static class LabelSet
{
    /// <summary>The labels of one cell: split on <paramref name="delimiter"/>, each part trimmed, empty parts dropped,
    /// duplicates removed, sorted by ordinal comparison.</summary>
    /// <exception cref="ArgumentException"><paramref name="delimiter"/> is empty.</exception>
    public static string[] Parse(string label, string delimiter)
    {
        return ParseCell(label, delimiter, lowercase: false);
    }

    /// <summary>As <see cref="Parse(string, string)"/>, each label lower-cased (invariant culture) after the split when
    /// <paramref name="lowercase"/> is set, so a delimiter with capitals still splits as written.</summary>
    internal static string[] ParseCell(string label, string delimiter, bool lowercase)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentException.ThrowIfNullOrEmpty(delimiter);
        string[] parts = label.Split(delimiter, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (lowercase)
        {
            for (int i = 0; i < parts.Length; i++)
            {
                parts[i] = parts[i].ToLowerInvariant();
            }
        }

        if (parts.Length <= 1)
        {
            return parts;
        }

        var distinct = new SortedSet<string>(parts, StringComparer.Ordinal);
        return [.. distinct];
    }
}
