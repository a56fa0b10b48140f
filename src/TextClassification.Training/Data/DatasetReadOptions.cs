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

    /// <summary>
    /// Whether labels are lower-cased (invariant culture) after trimming, so that <c>Billing</c> and <c>billing</c>
    /// are one label. Defaults to <see langword="false"/>: labels are only trimmed.
    /// </summary>
    public bool LowercaseLabels { get; init; }

    /// <summary>
    /// The labels to keep, normalised like the data (trimmed, and lower-cased with <see cref="LowercaseLabels"/>);
    /// rows with any other label are skipped with reason <see cref="SkipReasons.LabelNotAllowed"/>. With
    /// <see cref="MultiLabelDelimiter"/>, the labels outside the list are removed from each row's set instead, and
    /// only a row left with none is skipped (a row whose set was empty to begin with is kept: none of the labels
    /// applies to it). <see langword="null"/> (the default) keeps every label.
    /// </summary>
    public IReadOnlyCollection<string>? AllowedLabels { get; init; }

    /// <summary>
    /// For multi-label data: the delimiter between the labels of one cell (e.g. <c>|</c>). Each cell is then read as
    /// a set (<see cref="LabelSet.Parse"/>) and stored in a canonical form (distinct labels in ordinal order, joined
    /// by the delimiter; the empty set, a cell of delimiters only, as one delimiter), so <see cref="AllowedLabels"/>
    /// applies per label and <see cref="Duplicates"/> sees <c>b|a</c> and <c>a|b</c> as the same labels.
    /// <see langword="null"/> (the default) reads a cell as one label. Reading alone does not make training multi-label:
    /// give the trainer the same delimiter (<see cref="Trainers.NGramTrainerOptions.MultiLabelDelimiter"/>), else each
    /// canonical cell (<c>a|b</c>, or <c>|</c> for none) is one label of a single-label model.
    /// </summary>
    public string? MultiLabelDelimiter { get; init; }

    /// <summary>
    /// For multi-label data written one column per label (a toxicity file's <c>toxic</c>, <c>insult</c>, … columns of
    /// 0 and 1): the names of those columns (or JSON properties), read instead of <see cref="LabelColumn"/>, each the
    /// name of its label. A row's labels are the columns holding 1 (also <c>1.0</c>, <c>true</c>, <c>yes</c>, JSON
    /// <c>true</c>); 0, <c>0.0</c>, <c>false</c> and <c>no</c> leave the label out, and a row with none is the empty set
    /// (a text none of the labels applies to, a negative for every label). An empty cell or JSON <c>null</c> is a missing
    /// value: its row is skipped as <see cref="SkipReasons.EmptyLabel"/>. Any other value is a
    /// <see cref="DataFormatException"/> naming the line and column. Needs <see cref="MultiLabelDelimiter"/>,
    /// which joins the set. <see langword="null"/> (the default) reads <see cref="LabelColumn"/>.
    /// </summary>
    public IReadOnlyList<string>? LabelColumns { get; init; }

    /// <summary>
    /// For <see cref="LabelColumns"/> that hold fractions, as files of toxicity ratings write them (Jigsaw's
    /// Unintended Bias and Civil Comments data: the share of raters who gave each label): a label is set where its
    /// column holds a number from 0 to 1 at least this large (0.5 is the usual choice), and left out below it; 1/0,
    /// <c>true</c>/<c>false</c> and <c>yes</c>/<c>no</c> read as without it. Greater than 0 and at most 1.
    /// <see langword="null"/> (the default): a label column holds 1 or 0, and a fraction is a
    /// <see cref="DataFormatException"/>.
    /// </summary>
    public double? LabelColumnThreshold { get; init; }

    // Texts only (DatasetReader.ReadTexts, textclf predict --input): the text column of every record, as written, with
    // no label read and nothing cleaned or skipped.
    internal bool TextsOnly { get; init; }

    // With TextsOnly: where each record goes as it is read (DatasetReader.StreamTexts, textclf predict --input answering a
    // chunk at a time), instead of the dataset's rows, so memory holds what the sink keeps, not the file.
    internal Action<LabeledText>? TextSink { get; init; }

    // Each text as a one-row-a-line file writes it (textclf split: OneLineText), before duplicates and conflicts are
    // looked for, so "a\tb" and "a b" are one text there too; Dataset.TextsPutOnOneLine counts the kept rows changed.
    internal bool TextsOnOneLine { get; init; }

    // How a missing column's message names the settings that pick the columns (textclf: its options).
    internal ColumnSettingNames ColumnSettings { get; init; } = ColumnSettingNames.Properties;

    /// <summary>
    /// What to do with repeated texts: keep them (the default), drop exact text+label duplicates, or also drop texts
    /// that occur with different labels. Conflicting texts are reported in <see cref="Dataset.Conflicts"/> unless
    /// this is <see cref="DuplicateHandling.Keep"/>.
    /// </summary>
    public DuplicateHandling Duplicates { get; init; } = DuplicateHandling.Keep;
}
