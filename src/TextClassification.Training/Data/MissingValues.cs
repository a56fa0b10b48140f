namespace TextClassification.Training.Data;

/// <summary>
/// How writers that quote every text write a missing value bare, where the text <c>"NA"</c> would be quoted: R's
/// <c>write.table</c> and <c>write.csv</c> (<c>NA</c>, <c>NaN</c>) and Python's <c>csv</c> with <c>QUOTE_NONNUMERIC</c>
/// (a float <c>nan</c>). (<c>QUOTE_ALL</c> writes <c>"nan"</c> and <c>""</c>, pandas' <c>to_csv</c> an empty
/// <c>""</c>: nothing bare.) The TSV and CSV readers read such a field of a file whose header quotes every name as
/// empty, so its row is counted as an empty text or label (<see cref="SkipReasons"/>) instead of training on the text or
/// label "NA". A file that quotes only the names that need it (Python's <c>QUOTE_MINIMAL</c> with a comma in every
/// CSV header name) is taken for such a writer's too: its bare NA is then read as missing (a review's probe; rare).
/// </summary>
internal static class MissingValues
{
    /// <summary>Whether an unquoted field is a missing value as such a writer writes it: R's <c>NA</c> or Python's
    /// <c>nan</c> (any letter case, as <c>float('nan')</c> and NumPy's <c>NaN</c> print).</summary>
    /// <param name="field">The field as written, without quotes.</param>
    /// <returns>True for <c>NA</c>, <c>nan</c>, <c>NaN</c>, … with white space around them allowed.</returns>
    public static bool IsWrittenBare(ReadOnlySpan<char> field)
    {
        field = field.Trim();
        return field.Equals("NA", StringComparison.Ordinal) || field.Equals("nan", StringComparison.OrdinalIgnoreCase);
    }
}
