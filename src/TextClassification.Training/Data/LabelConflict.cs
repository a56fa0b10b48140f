namespace TextClassification.Training.Data;

/// <summary>
/// A text that occurs in a dataset with more than one label, found when
/// <see cref="DatasetReadOptions.Duplicates"/> is not <see cref="DuplicateHandling.Keep"/>.
/// </summary>
/// <param name="Text">The (trimmed) text.</param>
/// <param name="Labels">Its distinct labels, in the order they first occur.</param>
/// <param name="LineNumbers">The 1-based line numbers of the rows with this text, in source order.</param>
public sealed record LabelConflict(string Text, IReadOnlyList<string> Labels, IReadOnlyList<int> LineNumbers);
