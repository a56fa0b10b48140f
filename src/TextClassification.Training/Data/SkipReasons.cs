namespace TextClassification.Training.Data;

/// <summary>The values of <see cref="SkippedRow.Reason"/>: why <see cref="DatasetReader"/> did not keep a row.</summary>
public static class SkipReasons
{
    /// <summary>The text is empty or whitespace only.</summary>
    public const string EmptyText = "empty text";

    /// <summary>The label is empty or whitespace only.</summary>
    public const string EmptyLabel = "empty label";

    /// <summary>The (normalised) label is not in <see cref="DatasetReadOptions.AllowedLabels"/>.</summary>
    public const string LabelNotAllowed = "label not allowed";

    /// <summary>An earlier row has the same text and label (<see cref="DuplicateHandling.DropExact"/>).</summary>
    public const string Duplicate = "duplicate";

    /// <summary>The text occurs with different labels (<see cref="DuplicateHandling.DropExactAndConflicting"/>).</summary>
    public const string ConflictingLabels = "conflicting labels";
}
