namespace TextClassification.Training.Data;

/// <summary>
/// How a message that a column is missing names the settings that pick the columns: <see cref="DatasetReadOptions"/>'
/// properties for a caller of the library, the options for a user of <c>textclf</c>.
/// </summary>
/// <param name="TextColumn">The setting that names the text column.</param>
/// <param name="LabelColumn">The setting that names the label column.</param>
/// <param name="LabelColumns">The setting that names one column per label.</param>
internal sealed record ColumnSettingNames(string TextColumn, string LabelColumn, string LabelColumns)
{
    /// <summary><see cref="DatasetReadOptions"/>' properties (the default).</summary>
    public static ColumnSettingNames Properties { get; } = new(
        $"{nameof(DatasetReadOptions)}.{nameof(DatasetReadOptions.TextColumn)}",
        $"{nameof(DatasetReadOptions)}.{nameof(DatasetReadOptions.LabelColumn)}",
        $"{nameof(DatasetReadOptions)}.{nameof(DatasetReadOptions.LabelColumns)}");

    /// <summary>The options of <c>textclf train</c>, <c>eval</c> and <c>predict --input</c>.</summary>
    public static ColumnSettingNames CommandLine { get; } = new("--text-column", "--label-column", "--label-columns");
}
