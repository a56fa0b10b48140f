namespace TextClassification.Training.Data;

/// <summary>
/// A row that was read from a dataset but not kept, for example because its text was empty.
/// </summary>
/// <param name="LineNumber">The 1-based line number where the row starts in the source file.</param>
/// <param name="Reason">Why the row was not kept, for example <c>"empty text"</c> or <c>"empty label"</c>.</param>
public readonly record struct SkippedRow(int LineNumber, string Reason);
