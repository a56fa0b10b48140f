using System.CommandLine;
using System.Globalization;
using System.CommandLine.Parsing;
using TextClassification.Training.Data;

namespace TextClassification.Cli;

/// <summary>
/// The data-reading options shared by <c>train</c> and <c>eval</c>: column names (fixed by the contract) and the
/// optional cleaning of <see cref="DatasetReadOptions"/> (extra flags the contract allows).
/// </summary>
internal sealed class DataOptions
{
    /// <summary>The delimiter that joins the labels of a row read with <c>--label-columns</c> where none is given (train,
    /// split) or recorded (eval of a Hugging Face export): the columns' names are the labels, so any delimiter none of
    /// them holds would do.</summary>
    public const string LabelColumnsDelimiter = "|";

    // The options' descriptions differ by command where one names another option (review 55e: split's help said
    // --label-columns "implies --multi-label-delimiter", an option split lacks, and --format named --training-data) or
    // another command's behaviour (review 58b: train's and split's --allowed-labels said "for eval: overrides …").
    private const string LabelColumnsRead = "Multi-label data written one column per label (a toxicity file's toxic,insult,… columns of 1 and 0): the columns, comma-separated, read instead of --label-column; each column's name is its label, and a row with none set is a text none of them applies to.";
    private const string FormatNamesText = "tsv, csv, jsonl or parquet. Default: from ";
    private const string FormatExtensions = " extension (.tsv/.txt, .csv, .jsonl/.json, .parquet).";
    private const string FormatValues = FormatNamesText + "each file's" + FormatExtensions;
    private const string AllowedLabelsKept = "Comma-separated labels to keep (after normalisation); rows with other labels are skipped and counted. '*' keeps every label";

    private readonly Option<string> _textColumn = CommonOptions.TextColumn();
    private readonly Option<string> _labelColumn = CommonOptions.LabelColumn();

    private readonly Option<string?> _labelColumns = new("--label-columns")
    {
        Description = LabelColumnsRead + " Implies --multi-label-delimiter '|' when that is not given.",
        HelpName = "a,b,…",
    };

    private readonly Option<double?> _labelThreshold = new("--label-threshold")
    {
        Description = "For --label-columns that hold fractions (toxicity ratings: the share of raters who gave each label): a label is set where its column holds at least this number (0.5 is usual). Above 0, at most 1. Default: the columns hold 1 or 0.",
        HelpName = "share",
    };

    private readonly Option<string?> _format = new Option<string?>("--format")
    {
        Description = "Format of the training and --test files (--test-format sets the test file's apart): " + FormatValues,
        HelpName = "tsv|csv|jsonl|parquet",
    }.OneOfIgnoringCase(FormatNames);

    private readonly Option<bool> _lowercaseLabels = new("--lowercase-labels")
    {
        Description = "Lower-case labels after trimming, so 'Billing' and 'billing' are one label.",
    };

    private readonly Option<string?> _allowedLabels = new("--allowed-labels")
    {
        Description = AllowedLabelsKept + ".",
        HelpName = "a,b,…",
    };

    private readonly Option<bool> _dedupe = new("--dedupe")
    {
        Description = "Drop rows repeating an earlier row's text and label; report texts that occur with different labels.",
    };

    private readonly Option<bool> _dropConflicts = new("--drop-conflicts")
    {
        Description = "Like --dedupe, and also drop every row of a text that occurs with different labels.",
    };

    // Whether the command takes the columns recorded in a bundle (eval), where --label-threshold may read label columns
    // the bundle names (checked after reading them: ThresholdWithoutColumns).
    private bool _readsRecordedColumns;

    /// <summary>Says in the column options' help that <c>eval</c> reads the columns the model was trained with: its help
    /// showed "[default: text]" alone, while eval takes the recorded columns.</summary>
    public DataOptions ReadingRecordedColumns()
    {
        _textColumn.Description = "Name of the column (or JSON property) holding the text. Default: the column the model was trained with (text when the bundle records none).";
        _labelColumn.Description = "Name of the column (or JSON property) holding the label. Default: the column the model was trained with (label when the bundle records none).";
        _format.Description = "Format of the test and --training-data files: " + FormatValues;
        _allowedLabels.Description = AllowedLabelsKept + ", overriding the list recorded at training.";

        // Without a default value the help shows no "[default: text]" beside that; Read falls back to the same names.
        _textColumn.DefaultValueFactory = null;
        _labelColumn.DefaultValueFactory = null;
        _readsRecordedColumns = true;
        return this;
    }

    /// <summary>Words the options' help for <c>split</c>, which reads one data file and writes the labels of
    /// <c>--label-columns</c> rows joined by <c>|</c> (it has no <c>--multi-label-delimiter</c>).</summary>
    public DataOptions WritingSplitFiles()
    {
        _labelColumns.Description = LabelColumnsRead + " The split files hold each row's labels joined by '|', as train's --multi-label-delimiter '|' reads them.";
        _format.Description = "Format of the data file: " + FormatNamesText + "its" + FormatExtensions;
        return this;
    }

    /// <summary>The columns <c>--label-columns</c> names (trimmed), or null when it is not given (where given, the data
    /// is multi-label).</summary>
    public string[]? LabelColumnsGiven(CommandResult result) =>
        OptionChecks.ValueOrDefault(result, _labelColumns) is { } columns ? SplitLabels(columns) : null;

    /// <summary>The option that drops repeated rows (same text and label) as the file is read, <c>--drop-conflicts</c>
    /// or <c>--dedupe</c>, or null when neither is given.</summary>
    public string? DropsRepeatedRows(CommandResult result) =>
        result.GetValue(_dropConflicts) ? _dropConflicts.Name : result.GetValue(_dedupe) ? _dedupe.Name : null;

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_textColumn);
        command.Options.Add(_labelColumn);
        command.Options.Add(_labelColumns);
        command.Options.Add(_labelThreshold);
        command.Options.Add(_format);
        command.Options.Add(_lowercaseLabels);
        command.Options.Add(_allowedLabels);
        command.Options.Add(_dedupe);
        command.Options.Add(_dropConflicts);
        command.Validators.Add(result =>
        {
            // The reader's own checks, worded with the options' names. A column option given without its value is the
            // parser's error already.
            if (ColumnOf(result, _textColumn, CommonOptions.DefaultTextColumn) is not { } text
                || ColumnOf(result, _labelColumn, CommonOptions.DefaultLabelColumn) is not { } label)
            {
                return;
            }

            if (text.Length == 0 || label.Length == 0)
            {
                result.AddError("--text-column and --label-column must name a column.");
            }
            else if (string.Equals(text, label, StringComparison.OrdinalIgnoreCase) && result.GetResult(_labelColumns) is null)
            {
                // --label-columns reads no label column (the validator below checks its columns against the text's).
                result.AddError($"--text-column and --label-column name the same column ('{text}', compared ignoring case): the label would be the text.");
            }
        });
        command.Validators.Add(result =>
        {
            if (result.GetResult(_labelColumns) is null)
            {
                if (result.GetResult(_labelThreshold) is not null && !_readsRecordedColumns)
                {
                    result.AddError(ThresholdWithoutColumns);
                }

                return;
            }

            if (LabelColumnsGiven(result) is not { } columns)
            {
                // Given without its value: the parser's error names the option (reading the value threw, exit 134).
                return;
            }

            if (columns.Length == 0)
            {
                result.AddError("--label-columns needs the label columns' names, e.g. --label-columns toxic,insult,threat.");
            }
            else if (result.GetResult(_labelColumn) is { Implicit: false }
                && !string.Equals(ColumnOf(result, _labelColumn, CommonOptions.DefaultLabelColumn), CommonOptions.DefaultLabelColumn, StringComparison.OrdinalIgnoreCase))
            {
                // The default name given (build-time training always passes --label-column, label unless the item's
                // LabelColumn says otherwise) names nothing else: only another column conflicts.
                result.AddError("--label-column and --label-columns both name where the labels are: give one.");
            }
            else if (columns.Distinct(StringComparer.OrdinalIgnoreCase).Count() != columns.Length)
            {
                result.AddError("--label-columns names a column twice (compared ignoring case).");
            }
            else if (ColumnOf(result, _textColumn, CommonOptions.DefaultTextColumn) is { } text
                && columns.FirstOrDefault(column => string.Equals(column, text, StringComparison.OrdinalIgnoreCase)) is { } both)
            {
                result.AddError($"--label-columns names the text column ('{both}', compared ignoring case; --text-column sets it): the label would be the text.");
            }
        });
        // Read as the other number options are (invariant culture; a value that is no number is a usage error naming the
        // option): read by System.CommandLine, `--label-threshold abc` or `0,5` threw from this check, an unhandled
        // exception (exit 134) with a stack trace (review 40).
        OptionChecks.Add(_labelThreshold, (threshold, typed) => !(threshold is > 0 and <= 1)
            ? $"--label-threshold must be greater than 0 and at most 1 (0.5: a label at least half the raters gave); got {typed}."
            : null);
        _allowedLabels.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is not { } value)
            {
                return;
            }

            string[] labels = SplitLabels(value);
            if (labels.Length == 0)
            {
                result.AddError("--allowed-labels needs at least one label, e.g. --allowed-labels billing,shipping.");
            }
            else if (!KeepsEveryLabel(value) && Array.IndexOf(labels, "*") >= 0)
            {
                result.AddError("--allowed-labels '*' keeps every label; give it alone, not in a list.");
            }
        });
    }

    /// <summary>The usage error where <c>--label-columns</c> names a column holding <paramref name="delimiter"/> (whose
    /// name would be a label holding it), or null where none does or no columns are given.</summary>
    public static string? ColumnHoldingDelimiter(IReadOnlyList<string>? columns, string delimiter)
    {
        if (columns is null)
        {
            return null;
        }

        foreach (string column in columns)
        {
            if (column.Contains(delimiter, StringComparison.Ordinal))
            {
                return $"--label-columns names '{column}', which holds the label delimiter ('{delimiter}'): a column's name is its label. Give another --multi-label-delimiter.";
            }
        }

        return null;
    }

    /// <summary>The usage error of <c>--label-threshold</c> where no label columns are read.</summary>
    public const string ThresholdWithoutColumns = "--label-threshold reads --label-columns that hold fractions; add --label-columns.";

    // Keys of TrainingSection.Settings that record how train read its data (only what differs from the defaults), so
    // that eval reads a test file as train --test did.
    private const string TextColumnSetting = "data.textColumn";
    private const string LabelColumnSetting = "data.labelColumn";
    private const string LabelColumnsSetting = "data.labelColumns";
    private const string LabelThresholdSetting = "data.labelThreshold";
    private const string LowercaseLabelsSetting = "data.lowercaseLabels";
    private const string AllowedLabelsSetting = "data.allowedLabels";
    private const string DuplicatesSetting = "data.duplicates";
    private const string RowsSetting = "data.rows";
    private const string SkippedSetting = "data.skipped";

    /// <summary>Adds to <paramref name="settings"/> the rows of <paramref name="trainingData"/> trained on
    /// (<c>data.rows</c>) and, where any were skipped, how many by reason (<c>data.skipped</c>), as train prints them.</summary>
    public static void RecordCounts(IDictionary<string, string> settings, Dataset trainingData)
    {
        settings[RowsSetting] = trainingData.Rows.Count.ToString(CultureInfo.InvariantCulture);
        if (trainingData.Skipped.Count > 0)
        {
            // "4 (empty label: 2, empty text: 2)", as train prints "4 skipped (…)".
            settings[SkippedSetting] = trainingData.Skipped.Count.ToString(CultureInfo.InvariantCulture) + CommonOptions.SkippedReasons(trainingData.CountSkippedByReason());
        }
    }

    /// <summary>Adds to <paramref name="settings"/> what of <paramref name="options"/> differs from the defaults (column
    /// names, label cleaning, duplicates); the format is not recorded, as each file has its own.</summary>
    public static void Record(IDictionary<string, string> settings, DatasetReadOptions options)
    {
        if (!string.Equals(options.TextColumn, CommonOptions.DefaultTextColumn, StringComparison.OrdinalIgnoreCase))
        {
            settings[TextColumnSetting] = options.TextColumn;
        }

        if (!string.Equals(options.LabelColumn, CommonOptions.DefaultLabelColumn, StringComparison.OrdinalIgnoreCase))
        {
            settings[LabelColumnSetting] = options.LabelColumn;
        }

        if (options.LabelColumns is { Count: > 0 } labelColumns)
        {
            settings[LabelColumnsSetting] = string.Join(',', labelColumns);
        }

        if (options.LabelColumnThreshold is { } threshold)
        {
            settings[LabelThresholdSetting] = threshold.ToString("R", CultureInfo.InvariantCulture);
        }

        if (options.LowercaseLabels)
        {
            settings[LowercaseLabelsSetting] = "true";
        }

        if (options.AllowedLabels is { Count: > 0 } allowed)
        {
            settings[AllowedLabelsSetting] = string.Join(',', allowed);
        }

        if (options.Duplicates != DuplicateHandling.Keep)
        {
            settings[DuplicatesSetting] = options.Duplicates == DuplicateHandling.DropExact ? "exact" : "conflicts";
        }
    }

    /// <summary>
    /// The reader options of the parsed command line, where each option not given takes the value
    /// <paramref name="recorded"/> (a bundle's training settings, see <see cref="Record"/>) holds for it;
    /// <paramref name="fromModel"/> says which, as command-line words.
    /// </summary>
    public DatasetReadOptions Read(ParseResult parseResult, IReadOnlyDictionary<string, string>? recorded, out IReadOnlyList<string> fromModel)
    {
        DatasetReadOptions options = Read(parseResult);
        var taken = new List<string>();
        fromModel = taken;
        if (recorded is null)
        {
            return options;
        }

        bool NotGiven(Option option) => parseResult.GetResult(option) is null or { Implicit: true };
        if (NotGiven(_textColumn) && recorded.TryGetValue(TextColumnSetting, out string? text))
        {
            options = options with { TextColumn = text };
            taken.Add($"--text-column {ShellWord(text)}");
        }

        // --label-columns given reads no label column: taking the recorded one would only name it in the message.
        if (NotGiven(_labelColumn) && NotGiven(_labelColumns) && recorded.TryGetValue(LabelColumnSetting, out string? label))
        {
            options = options with { LabelColumn = label };
            taken.Add($"--label-column {ShellWord(label)}");
        }

        if (NotGiven(_labelColumns) && NotGiven(_labelColumn) && recorded.TryGetValue(LabelColumnsSetting, out string? columns) && SplitLabels(columns) is { Length: > 0 } names)
        {
            options = options with { LabelColumns = names };
            taken.Add($"--label-columns {ShellWord(columns)}");
        }

        // The recorded threshold reads the label columns the test file has, named again or taken from the bundle.
        if (NotGiven(_labelThreshold) && options.LabelColumns is not null && recorded.TryGetValue(LabelThresholdSetting, out string? threshold)
            && double.TryParse(threshold, NumberStyles.Float, CultureInfo.InvariantCulture, out double share))
        {
            options = options with { LabelColumnThreshold = share };
            taken.Add($"--label-threshold {threshold}");
        }

        if (NotGiven(_lowercaseLabels) && recorded.TryGetValue(LowercaseLabelsSetting, out string? lower) && lower == "true")
        {
            options = options with { LowercaseLabels = true };
            taken.Add("--lowercase-labels");
        }

        if (NotGiven(_allowedLabels) && recorded.TryGetValue(AllowedLabelsSetting, out string? allowed) && SplitLabels(allowed) is { Length: > 0 } labels)
        {
            options = options with { AllowedLabels = labels };
            taken.Add($"--allowed-labels {ShellWord(allowed)}");
        }

        if (NotGiven(_dedupe) && NotGiven(_dropConflicts) && recorded.TryGetValue(DuplicatesSetting, out string? duplicates))
        {
            bool conflicts = duplicates == "conflicts";
            options = options with { Duplicates = conflicts ? DuplicateHandling.DropExactAndConflicting : DuplicateHandling.DropExact };
            taken.Add(conflicts ? "--drop-conflicts" : "--dedupe");
        }

        return options;
    }

    /// <summary><paramref name="value"/> as one word of a command line: as it is where it holds only letters, digits
    /// and <c>_-.,:/@%+=</c> and does not start with <c>@</c> or <c>=</c>, else quoted as the platform's shell reads
    /// it back (a POSIX shell: single quotes, a quote inside written <c>'\''</c>; Windows: double quotes, a quote
    /// inside written <c>""</c>, which cmd (through the C runtime's argument rules) and PowerShell both read as one
    /// quote, where PowerShell split <c>\"</c> into two arguments), so a recorded column such as "Message Body"
    /// pastes back as the one argument it was. On Windows no form reads alike in both shells for a backslash before
    /// the closing quote (cmd's argument rules take <c>\"</c> for a quote, PowerShell not), nor for <c>$</c> or a
    /// backtick (PowerShell expands them inside double quotes) or <c>%NAME%</c> (cmd expands it inside them too):
    /// such values print as written above.</summary>
    internal static string ShellWord(string value) => ShellWord(value, OperatingSystem.IsWindows());

    internal static string ShellWord(string value, bool windows)
    {
        // A first @ or = is quoted: PowerShell reads @name as splatting (an empty argument), zsh (macOS's shell) =name
        // as the path of the command name ("zsh: name not found").
        if (value.Length > 0 && value[0] is not ('@' or '=')
            && value.All(c => char.IsAsciiLetterOrDigit(c) || "_-.,:/@%+=".Contains(c, StringComparison.Ordinal)))
        {
            return value;
        }

        return windows
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>The text column a bundle's training settings record (<paramref name="recorded"/>), or the default.</summary>
    public static string RecordedTextColumn(IReadOnlyDictionary<string, string>? recorded) =>
        recorded is not null && recorded.TryGetValue(TextColumnSetting, out string? text) ? text : CommonOptions.DefaultTextColumn;

    /// <summary>The label column a bundle's training settings record (<paramref name="recorded"/>), or the default.</summary>
    public static string RecordedLabelColumn(IReadOnlyDictionary<string, string>? recorded) =>
        recorded is not null && recorded.TryGetValue(LabelColumnSetting, out string? label) ? label : CommonOptions.DefaultLabelColumn;

    /// <summary>The reader options the parsed command line asks for.</summary>
    public DatasetReadOptions Read(ParseResult parseResult) => new()
    {
        TextColumn = parseResult.GetValue(_textColumn) ?? CommonOptions.DefaultTextColumn,
        LabelColumn = parseResult.GetValue(_labelColumn) ?? CommonOptions.DefaultLabelColumn,
        LabelColumns = parseResult.GetValue(_labelColumns) is { } columns && SplitLabels(columns) is { Length: > 0 } names ? names : null,
        LabelColumnThreshold = parseResult.GetValue(_labelThreshold),
        Format = FormatOf(parseResult.GetValue(_format)),
        LowercaseLabels = parseResult.GetValue(_lowercaseLabels),
        AllowedLabels = parseResult.GetValue(_allowedLabels) is { } allowed && !KeepsEveryLabel(allowed) ? SplitLabels(allowed) : null,
        Duplicates = parseResult.GetValue(_dropConflicts) ? DuplicateHandling.DropExactAndConflicting
            : parseResult.GetValue(_dedupe) ? DuplicateHandling.DropExact
            : DuplicateHandling.Keep,
        ColumnSettings = UnderTrainingDataItem ? ColumnSettingNames.TrainingDataItem : ColumnSettingNames.CommandLine,
    };

    // True where a build runs textclf train for a TextClassifierTrainingData item (TextClassification.Training.targets
    // passes the item's TextColumn metadata in this variable): there the columns are named by the item's metadata, and
    // --text-column or --label-column in its TrainingArguments fails the build (TC0011), so a missing column's message
    // names the metadata (review 47b: it said "give that name with --text-column").
    private static bool UnderTrainingDataItem => Environment.GetEnvironmentVariable("TEXTCLF_BUILD_TEXT_COLUMN") is not null;

    // The trimmed column name a column option gives (its default when it is not given); null when it was given without
    // a value.
    private static string? ColumnOf(CommandResult result, Option<string> option, string fallback) => result.GetResult(option) switch
    {
        null or { Implicit: true } => fallback,
        { Tokens: [var token] } => token.Value.Trim(),
        _ => null,
    };

    /// <summary>The values <c>--format</c> and <c>train --test-format</c> take (<see cref="FormatOf"/> reads them).</summary>
    public static readonly string[] FormatNames = ["tsv", "csv", "jsonl", "parquet"];

    /// <summary>The format a <c>--format</c>-style value names (<see cref="DatasetFormat.Auto"/> for none).</summary>
    public static DatasetFormat FormatOf(string? value) => value switch
    {
        "tsv" => DatasetFormat.Tsv,
        "csv" => DatasetFormat.Csv,
        "jsonl" => DatasetFormat.JsonLines,
        "parquet" => DatasetFormat.Parquet,
        _ => DatasetFormat.Auto,
    };

    // '*' is no list: every label is kept.
    private static bool KeepsEveryLabel(string value) => value.Trim() == "*";

    private static string[] SplitLabels(string value) =>
        value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
