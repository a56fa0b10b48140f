namespace TextClassification.Training.Data;

/// <summary>
/// Options for <see cref="DatasetReader"/>.
/// </summary>
public sealed record DatasetReadOptions
{
    /// <summary>
    /// The name of the column (or JSON property) holding the text. Matched case-insensitively after trimming.
    /// Defaults to <c>"text"</c>.
    /// </summary>
    public string TextColumn { get; init; } = "text";

    /// <summary>
    /// The name of the column (or JSON property) holding the label. Matched case-insensitively after trimming.
    /// Defaults to <c>"label"</c>.
    /// </summary>
    public string LabelColumn { get; init; } = "label";

    /// <summary>
    /// The format of the file. <see cref="DatasetFormat.Auto"/> (the default) infers it from the file extension.
    /// </summary>
    public DatasetFormat Format { get; init; } = DatasetFormat.Auto;
}
