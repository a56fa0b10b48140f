namespace TextClassification.Training.Data;

/// <summary>What <see cref="DatasetReader"/> does with rows whose text occurs more than once.</summary>
public enum DuplicateHandling
{
    /// <summary>Keep every row (the default); duplicates are neither looked for nor reported.</summary>
    Keep,

    /// <summary>
    /// Drop a row whose text and label equal those of an earlier row (reason <see cref="SkipReasons.Duplicate"/>),
    /// and report texts that occur with different labels in <see cref="Dataset.Conflicts"/> while keeping their rows.
    /// </summary>
    DropExact,

    /// <summary>
    /// As <see cref="DropExact"/>, and also drop every row of a text that occurs with different labels
    /// (reason <see cref="SkipReasons.ConflictingLabels"/>); the conflicts are still reported.
    /// </summary>
    DropExactAndConflicting,
}
