namespace TextClassification.Training.Data;

/// <summary>
/// How a message that a column is missing names the settings that pick the columns: <see cref="DatasetReadOptions"/>'
/// properties for a caller of the library, the options for a user of <c>textclf</c>, the item's metadata for a
/// build that trains a <c>TextClassifierTrainingData</c> item.
/// </summary>
/// <param name="TextColumn">The setting that names the text column.</param>
/// <param name="LabelColumn">The setting that names the label column.</param>
/// <param name="LabelColumns">The setting that names one column per label.</param>
/// <param name="TextAndLabelColumns">The settings that name both (null: <paramref name="TextColumn"/> and
/// <paramref name="LabelColumn"/> joined by "and").</param>
internal sealed record ColumnSettingNames(string TextColumn, string LabelColumn, string LabelColumns, string? TextAndLabelColumns = null)
{
    /// <summary><see cref="DatasetReadOptions"/>' properties (the default).</summary>
    public static ColumnSettingNames Properties { get; } = new(
        $"{nameof(DatasetReadOptions)}.{nameof(DatasetReadOptions.TextColumn)}",
        $"{nameof(DatasetReadOptions)}.{nameof(DatasetReadOptions.LabelColumn)}",
        $"{nameof(DatasetReadOptions)}.{nameof(DatasetReadOptions.LabelColumns)}");

    /// <summary>The options of <c>textclf train</c>, <c>eval</c> and <c>predict --input</c>.</summary>
    public static ColumnSettingNames CommandLine { get; } = new("--text-column", "--label-column", "--label-columns");

    /// <summary>A <c>TextClassifierTrainingData</c> item's metadata, which the build passes to <c>textclf train</c> as
    /// --text-column and --label-column (those two options in its TrainingArguments fail the build: TC0011).</summary>
    public static ColumnSettingNames TrainingDataItem { get; } = new(
        "the TextClassifierTrainingData item's TextColumn metadata",
        "the TextClassifierTrainingData item's LabelColumn metadata",
        "--label-columns in the TextClassifierTrainingData item's TrainingArguments",
        "the TextClassifierTrainingData item's TextColumn and LabelColumn metadata");

    /// <summary>The settings that name the text and the label column.</summary>
    public string BothColumns => TextAndLabelColumns ?? $"{TextColumn} and {LabelColumn}";
}
