using System.CommandLine;
using System.Globalization;
using System.Text;
using TextClassification.Bundles;
using TextClassification.Onnx;
using TextClassification.Training.Data;
using TextClassification.Training.Evaluation;

namespace TextClassification.Cli;

/// <summary>Options and helpers shared by several commands.</summary>
internal static class CommonOptions
{
    /// <summary>Skipped rows listed one by one before the rest are summarised.</summary>
    private const int SkippedRowsShown = 5;

    /// <summary>Skipped rows given as MSBuild warnings, one each, before one warning sums up the rest.</summary>
    private const int SkippedRowWarnings = 20;

    /// <summary>The column <c>--text-column</c> names when it is not given.</summary>
    public const string DefaultTextColumn = "text";

    /// <summary>The column <c>--label-column</c> names when it is not given.</summary>
    public const string DefaultLabelColumn = "label";

    public static Option<string> TextColumn() => new("--text-column")
    {
        Description = "Name of the column (or JSON property) holding the text.",
        DefaultValueFactory = _ => DefaultTextColumn,
        HelpName = "name",
    };

    public static Option<string> LabelColumn() => new("--label-column")
    {
        Description = "Name of the column (or JSON property) holding the label.",
        DefaultValueFactory = _ => DefaultLabelColumn,
        HelpName = "name",
    };

    /// <summary>The <c>--metrics-json</c> option; <paramref name="trains"/> for <c>train</c>, whose file without
    /// <c>--test</c> holds the training time and the labels (eval has no <c>--test</c> to name).</summary>
    public static Option<string?> MetricsJson(bool trains)
    {
        var option = new Option<string?>("--metrics-json")
        {
            Description = "Write the test metrics (accuracy, F1, confusion matrix, …) to this JSON file" + (trains ? " (without --test: the training time and the labels)" : string.Empty) + "; - writes them to standard output (Linux, macOS).",
            HelpName = "file",
            // "-" is standard output, as for most command-line tools (it wrote a file named "-" in the working folder).
            CustomParser = result => result.Tokens.Count == 0 ? null
                : result.Tokens[^1].Value is "-" && !OperatingSystem.IsWindows() ? "/dev/stdout" : result.Tokens[^1].Value,
        };
        OptionChecks.NonEmptyPath(option);
        return option;
    }

    public static Argument<string> BundleDirectory()
    {
        var argument = new Argument<string>("bundle-dir") { Description = "Model folder: a bundle (holding textclassifier.json) or a Hugging Face export (model.onnx and config.json, with tokenizer.json or vocab.txt)." };
        OptionChecks.NonEmptyPath(argument);
        return argument;
    }

    /// <summary>
    /// With <c>--allowed-labels</c>: refuses training data left with no row where the list dropped some, saying
    /// that labels compare with letter case (the usual cause: <c>hum,loc</c> against <c>HUM</c>, <c>LOC</c>), and warns
    /// about allowed labels that no kept row carries (a typo keeps fewer labels than meant, silently otherwise).
    /// </summary>
    /// <exception cref="ArgumentException">Every row of <paramref name="dataset"/> was dropped by the allowed list.</exception>
    public static void CheckAllowedLabels(CliConsole console, Dataset dataset, string path, DatasetReadOptions options)
    {
        if (options.AllowedLabels is not { Count: > 0 } allowed)
        {
            return;
        }

        if (dataset.Rows.Count == 0)
        {
            int outside = dataset.Skipped.Count(row => row.Reason == SkipReasons.LabelNotAllowed);
            if (outside > 0)
            {
                throw new DataFileException(
                    path,
                    $"no training rows ({outside} of the {dataset.Skipped.Count} skipped have a label outside --allowed-labels {string.Join(',', allowed)}" +
                    (options.LowercaseLabels ? ")." : "; labels are compared with their letter case, or read lower-cased with --lowercase-labels)."));
            }

            return;
        }

        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (LabeledText row in dataset.Rows)
        {
            if (options.MultiLabelDelimiter is { } delimiter)
            {
                present.UnionWith(LabelSet.Parse(row.Label, delimiter));
            }
            else
            {
                present.Add(row.Label);
            }
        }

        string[] absent = AllowedLabelsNotIn(options, present);
        if (absent.Length > 0)
        {
            MSBuildErrorFormat.WriteWarning(
                console.Error,
                MSBuildErrorFormat.AllowedLabelsCode,
                $"--allowed-labels names {Counted(absent.Length, "label")} that no kept row of {path} carries: {string.Join(", ", absent)}{(options.LowercaseLabels ? "" : " (labels are compared with their letter case)")}.",
                path);
        }
    }

    /// <summary>The labels of <paramref name="options"/>' allowed list, as the reader normalizes them, that are not in
    /// <paramref name="present"/> (the labels train's kept rows carry, or eval's model has), each once, in list order.</summary>
    public static string[] AllowedLabelsNotIn(DatasetReadOptions options, IReadOnlySet<string> present) =>
        options.AllowedLabels is not { } allowed ? []
            : [.. allowed.Select(label => LabelSet.Normalize(label, options.LowercaseLabels)).Where(label => !present.Contains(label)).Distinct(StringComparer.Ordinal)];

    /// <summary>Refuses a dataset with no rows, naming the file and whether it had none or all were skipped.</summary>
    /// <param name="dataset">The dataset read from <paramref name="path"/>.</param>
    /// <param name="path">The file, as the user named it.</param>
    /// <param name="rows">What was missing, e.g. "training rows".</param>
    /// <exception cref="ArgumentException">The dataset has no rows (exit code 1).</exception>
    public static void RequireRows(Dataset dataset, string path, string rows)
    {
        if (dataset.Rows.Count == 0)
        {
            throw new DataFileException(path, $"no {rows} ({(dataset.Skipped.Count == 0 ? "the file has none" : $"all {dataset.Skipped.Count} were skipped")}).");
        }
    }

    /// <summary>Refuses, with a message a command-line user can act on, a data file path that is a folder, <c>-</c>,
    /// standard input where the process started with it closed, or one whose format is neither given nor told by its
    /// extension (named as not found where it is not there).</summary>
    public static void RequireDataFile(string path, DatasetFormat format)
    {
        if (Directory.Exists(path))
        {
            // It was "not found" (or a format that cannot be told from the extension), though the path is there.
            throw new DataFileException(path, "that is a folder; give a data file (.tsv, .csv, .jsonl or .parquet) in it.");
        }

        if (path == "-" && !File.Exists(path))
        {
            // A dash is no file here (it was "cannot tell the format of '-'"): say how a pipe is read.
            throw new ArgumentException(OperatingSystem.IsWindows()
                ? "'-' is not read as standard input: save the data to a file and name it."
                : "'-' is not read as standard input: name it /dev/stdin, with --format tsv, csv or jsonl: cat data.tsv | textclf … /dev/stdin --format tsv (predict: --input /dev/stdin --format tsv).");
        }

        if (ClosedStandardInput.WasClosedAtStart() && ClosedStandardInput.NamesStandardInput(path))
        {
            // Opened, it is the runtime's own pipe, which nobody writes: reading it waited forever.
            throw new DataFileException(path, ClosedStandardInput.Message);
        }

        if (format == DatasetFormat.Auto && !DatasetReader.TryInferFormat(path, out _))
        {
            if (!File.Exists(path))
            {
                // "train data --out model" (the file is data.tsv) was sent to --format, and only that second try said the
                // file is not there.
                throw DataFileNotFound(path);
            }

            string extension = Path.GetExtension(path);
            if (extension.Equals(".gz", StringComparison.OrdinalIgnoreCase) && DatasetReader.TryInferFormat(path[..^extension.Length], out DatasetFormat compressed))
            {
                // data.tsv.gz: "cannot tell the format" sent the user to --format, and only that second try said the file
                // is compressed. Said now, with the advice the reader gives, in the format its inner extension names.
                // A Parquet file is read where its footer says, not from a pipe: decompressed, then.
                throw new DataFileException(path, compressed == DatasetFormat.Parquet
                    ? "the file is gzip-compressed (.gz); decompress it first (gunzip)."
                    : $"the file is gzip-compressed (.gz); {DatasetReader.GzipAdvice(path, compressed)}.");
            }

            throw new ArgumentException(
                $"cannot tell the format of '{path}' from its extension ({(extension.Length == 0 ? "none" : extension)}): " +
                "name it with --format tsv, csv, jsonl or parquet (or use .tsv, .csv, .jsonl or .parquet).");
        }
    }

    /// <summary><see cref="RequireDataFile"/>, and the file must be there: for a file read later, found wanting before
    /// the work that comes first (train's <c>--test</c> file, read after the training data), with the message its read
    /// would give.</summary>
    public static void RequireExistingDataFile(string path, DatasetFormat format)
    {
        RequireDataFile(path, format);
        if (!File.Exists(path))
        {
            throw DataFileNotFound(path);
        }
    }

    /// <summary>The error for a data file that is not there, worded as the reader's own.</summary>
    private static FileNotFoundException DataFileNotFound(string path) => new($"Dataset file not found: {path}", path);

    /// <summary>What a record's number counts in <paramref name="path"/>: <c>row</c> in a Parquet file, <c>line</c> in
    /// the text formats.</summary>
    public static string RecordUnit(string path, DatasetFormat format) =>
        (format == DatasetFormat.Auto ? DatasetReader.FormatFromExtension(path) : format) == DatasetFormat.Parquet ? "row" : "line";

    /// <summary>The counts of <see cref="Dataset.CountSkippedByReason"/> after a space and in parentheses
    /// (" (empty label: 2, empty text: 2)"), or the empty string where no row was skipped.</summary>
    public static string SkippedReasons(IReadOnlyList<KeyValuePair<string, int>> reasons)
    {
        if (reasons.Count == 0)
        {
            return string.Empty;
        }

        var parts = new string[reasons.Count];
        for (int i = 0; i < parts.Length; i++)
        {
            parts[i] = $"{reasons[i].Key}: {reasons[i].Value}";
        }

        return $" ({string.Join(", ", parts)})";
    }

    /// <summary>
    /// Reads a dataset, cleaned as <paramref name="options"/> says, and prints how many rows were kept, how many were
    /// skipped for each reason (with the first lines), and the texts found with conflicting labels.
    /// </summary>
    public static Dataset ReadDataset(CliConsole console, string path, DatasetReadOptions options, CancellationToken cancellationToken)
    {
        RequireDataFile(path, options.Format);
        Dataset dataset = DataReadConsoleProgress.Read(console, path, options, cancellationToken);
        string unit = RecordUnit(path, options.Format);
        TextWriter output = console.Out;
        IReadOnlyList<KeyValuePair<string, int>> reasons = dataset.CountSkippedByReason();
        output.WriteLine($"{path}: {Counted(dataset.Rows.Count, "row")} read, {dataset.Skipped.Count} skipped{SkippedReasons(reasons)}");
        if (MSBuildErrorFormat.IsRequested)
        {
            // A build shows these as warnings at the file and line (the targets log textclf's plain output quietly).
            List<SkippedRow> warned = RowsToName(dataset.Skipped, SkippedRowWarnings, out SkippedRow? firstUnwarned);
            foreach (SkippedRow row in warned)
            {
                output.WriteLine(MSBuildErrorFormat.SkippedRow(Path.GetFullPath(path), row.LineNumber, row.Reason));
            }

            if (firstUnwarned is { } next)
            {
                // Every row not named is at or after the first of them.
                output.WriteLine(MSBuildErrorFormat.SkippedRow(
                    Path.GetFullPath(path), next.LineNumber, $"… and {dataset.Skipped.Count - warned.Count} more rows skipped from here on"));
            }
        }

        List<SkippedRow> named = RowsToName(dataset.Skipped, SkippedRowsShown, out _);
        foreach (SkippedRow row in named)
        {
            output.WriteLine($"  skipped {unit} {row.LineNumber}: {row.Reason}");
        }

        if (dataset.Skipped.Count > named.Count)
        {
            output.WriteLine($"  … and {dataset.Skipped.Count - named.Count} more skipped rows");
        }

        if (options.MultiLabelDelimiter is { } delimiter && CountSkipped(reasons, SkipReasons.EmptyLabel) is > 0 and int blank)
        {
            // A toxicity-style file writes a text no label applies to as an empty cell: those are the negatives, and all
            // of them were skipped with only "empty label" said. With one column per label an empty cell is a missing
            // value (0 says the label does not apply).
            output.WriteLine(options.LabelColumns is not null
                ? $"  {Counted(blank, "row has", "rows have")} an empty cell in a label column, a missing value, and {(blank == 1 ? "was" : "were")} skipped; write 0 where a label does not apply."
                : $"  {Counted(blank, "row has", "rows have")} an empty label cell, read as a missing label; write the delimiter alone ('{delimiter}') " +
                  "for a text none of the labels applies to (it trains as a negative for every label).");
        }

        if (dataset.Conflicts.Count > 0)
        {
            LabelConflict first = dataset.Conflicts[0];
            string kept = options.Duplicates == DuplicateHandling.DropExactAndConflicting ? "dropped" : "kept; --drop-conflicts drops them";
            output.WriteLine(
                $"  {Counted(dataset.Conflicts.Count, "text occurs", "texts occur")} with different labels ({kept}), e.g. {unit}s {JoinLines(first.LineNumbers)}: " +
                $"\"{Ellipsize(first.Text)}\" labelled {string.Join(" / ", first.Labels)}");
        }

        return dataset;
    }

    /// <summary>The skipped rows to name one by one, in source order: the first <paramref name="first"/>, and the first
    /// row of each reason that none of those has, so every counted reason names a line (seven duplicates before an empty
    /// label had named five duplicates and no line of the empty label). <paramref name="firstUnnamed"/> is the first row
    /// left out, or null when all are named.</summary>
    private static List<SkippedRow> RowsToName(IReadOnlyList<SkippedRow> skipped, int first, out SkippedRow? firstUnnamed)
    {
        var named = new List<SkippedRow>(Math.Min(first, skipped.Count));
        var reasons = new HashSet<string>(StringComparer.Ordinal);
        firstUnnamed = null;
        foreach (SkippedRow row in skipped)
        {
            bool firstOfItsReason = reasons.Add(row.Reason);
            if (named.Count < first || firstOfItsReason)
            {
                named.Add(row);
            }
            else
            {
                firstUnnamed ??= row;
            }
        }

        return named;
    }

    /// <summary>The first line numbers of the skipped rows with <paramref name="reason"/>, e.g. <c>3, 8, 12, …</c>.</summary>
    public static string FirstLines(IReadOnlyList<SkippedRow> skipped, string reason)
    {
        var lines = new List<int>(SkippedRowsShown + 1);
        foreach (SkippedRow row in skipped)
        {
            if (row.Reason == reason)
            {
                lines.Add(row.LineNumber);
                if (lines.Count > SkippedRowsShown)
                {
                    break;
                }
            }
        }

        return JoinLines(lines);
    }

    private static string JoinLines(IReadOnlyList<int> lines)
    {
        int shown = Math.Min(lines.Count, SkippedRowsShown);
        var parts = new string[shown];
        for (int i = 0; i < shown; i++)
        {
            parts[i] = lines[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return lines.Count > shown ? string.Join(", ", parts) + ", …" : string.Join(", ", parts);
    }

    private static string Ellipsize(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 59), "…");

    /// <summary>What to do about data whose every row has <paramref name="label"/>, as train refuses it and split warns
    /// of it: "every row is labelled 'spam': add rows of at least one other label (such as texts that are not 'spam')".</summary>
    public static string OneLabelAdvice(string label) =>
        $"every row is labelled '{label}': add rows of at least one other label (such as texts that are not '{label}')";

    /// <summary>The first labels, comma-separated, then "… and N more": a model with thousands of labels would
    /// otherwise print a line of tens of KB.</summary>
    public static string ListLabels(IReadOnlyList<string> labels)
    {
        const int Shown = 20;
        return labels.Count <= Shown
            ? string.Join(", ", labels)
            : $"{string.Join(", ", labels.Take(Shown))}, … and {labels.Count - Shown} more";
    }

    /// <summary>How the model was trained, as its bundle records it (null for a model that records none: a Hugging Face
    /// export). An n-gram model carries its training section; only an encoder + head bundle's manifest is read again.</summary>
    public static TrainingSection? RecordedTraining(ITextClassifier classifier, string bundlePath) => classifier switch
    {
        TextClassifier model => model.Training,
        EncoderHeadClassifier => ModelBundle.ReadManifest(bundlePath).Training,
        _ => null,
    };

    /// <summary>Loads a model bundle (n-gram, or ONNX encoder + head) or a Hugging Face export folder, failing with a
    /// clear message when the folder does not exist at all. <paramref name="cancellationToken"/> (Ctrl+C) stops the
    /// load: a model of hundreds of MB took seconds to read, and Ctrl+C waited for it (review 52c).</summary>
    public static ITextClassifier LoadBundle(string path, CancellationToken cancellationToken)
    {
        RequireBundlePath(path);
        return TextClassifierLoader.Load(path, onnxOptions: null, cancellationToken);
    }

    /// <summary>Warns (stderr) about test labels the model does not have: their rows can only count as errors, and
    /// their ROC AUC is that of a constant score (0.5). The evaluator lists them after the model's
    /// <paramref name="modelLabels"/> labels in <paramref name="metrics"/>, with their supports.</summary>
    /// <returns>How many distinct labels were unknown.</returns>
    public static int WarnAboutUnknownLabels(CliConsole console, int modelLabels, ClassificationMetrics metrics, bool lowercased = false) =>
        WarnAboutUnknownLabels(console, modelLabels, metrics.PerLabel, lowercased, ConsequenceFor(metrics));

    /// <summary>The same warning for a multi-label evaluation, whose unknown labels follow the model's in
    /// <see cref="MultiLabelMetrics.PerLabel"/>: the first <paramref name="modelLabels"/>, of the model's
    /// <paramref name="modelLabelCount"/> (more where eval scores only the labels its test file can hold; null: as many).</summary>
    public static int WarnAboutUnknownLabels(CliConsole console, int modelLabels, MultiLabelMetrics metrics, bool lowercased = false, int? modelLabelCount = null) =>
        WarnAboutUnknownLabels(console, modelLabels, metrics.PerLabel, lowercased, MultiLabelConsequence, modelLabelCount);

    /// <summary>What the warning says about test labels the model does not have, without its advice on letter case
    /// (the report gives it too); null when the model has every test label.</summary>
    /// <remarks><paramref name="isolate"/> sets each label apart (the report wraps it in Unicode directional isolates, so a
    /// right-to-left label does not pull its count and the comma after it into its run).</remarks>
    public static string? UnknownLabelsNote(int modelLabels, ClassificationMetrics metrics, bool isolate = false) =>
        UnknownLabelsNote(modelLabels, UnknownLabels(modelLabels, metrics.PerLabel), ConsequenceFor(metrics), isolate);

    /// <summary>The same note for a multi-label evaluation (<paramref name="modelLabelCount"/> as for its warning).</summary>
    public static string? UnknownLabelsNote(int modelLabels, MultiLabelMetrics metrics, bool isolate = false, int? modelLabelCount = null) =>
        UnknownLabelsNote(modelLabelCount ?? modelLabels, UnknownLabels(modelLabels, metrics.PerLabel), MultiLabelConsequence, isolate);

    // The consequence for `labels` unknown labels met `count` times: "its" and "their" agree with the labels' number
    // (one label's 2 rows had read "Their 2 rows … their ROC AUC"; one label met once, "their 1 occurrence count as missed labels").
    private static string SingleLabelConsequence(int labels, int count) =>
        labels > 1 ? $"Their {count} rows count as errors, and their ROC AUC is that of a constant score (0.5)."
        : count == 1 ? "Its row counts as an error, and its ROC AUC is that of a constant score (0.5)."
        : $"Its {count} rows count as errors, and its ROC AUC is that of a constant score (0.5).";

    // A model that can abstain: the plain metrics count every row as answered, the accuracy on the answered texts only
    // the rows it answered, so the note says which of the unknown labels' rows it declined (review 50h).
    private static Func<int, int, string> ConsequenceFor(ClassificationMetrics metrics) =>
        metrics.Abstain is not { UnknownLabelRows: > 0 } abstain
            ? SingleLabelConsequence
            : (labels, count) => SingleLabelConsequence(labels, count) + (count == 1
                ? abstain.UnknownLabelAbstained == 1
                    ? " Below its confidence threshold the model abstained on it (\"none of these\"), so it is left out of the accuracy on the answered texts."
                    : " The model answered it above its confidence threshold, so it counts against the accuracy on the answered texts."
                : abstain.UnknownLabelAbstained == 0
                    ? " The model abstained on none of them: all count against the accuracy on the answered texts."
                    : string.Create(
                        CultureInfo.InvariantCulture,
                        $" Below its confidence threshold the model abstained on {abstain.UnknownLabelAbstained} of them (\"none of these\"); the {abstain.UnknownLabelRows - abstain.UnknownLabelAbstained} it answered count against the accuracy on the answered texts."));

    private static string MultiLabelConsequence(int labels, int count) =>
        $"The model never predicts {(labels == 1 ? "it: its" : "them: their")} {count} {(count == 1 ? "occurrence counts as a missed label" : "occurrences count as missed labels")}.";

    private static LabelMetrics[] UnknownLabels(int modelLabels, IReadOnlyList<LabelMetrics> perLabel) =>
        [.. perLabel.Skip(modelLabels).OrderBy(label => label.Label, StringComparer.Ordinal)];

    // modelLabelCount: the model's labels, all of them (the note says the unknown labels are none of them).
    private static string? UnknownLabelsNote(int modelLabelCount, LabelMetrics[] unknown, Func<int, int, string> consequence, bool isolate = false)
    {
        if (unknown.Length == 0)
        {
            return null;
        }

        int count = unknown.Sum(label => label.Support);
        // Characters that do not show are written \uXXXX: "billing" with a zero-width space read as the model's label.
        string shown = string.Join(", ", unknown.Take(SkippedRowsShown).Select(label => isolate ? $"\u2068{Visible(label.Label)}\u2069 ({label.Support})" : $"{Visible(label.Label)} ({label.Support})"));
        string more = unknown.Length > SkippedRowsShown ? $", … {unknown.Length - SkippedRowsShown} more" : string.Empty;
        return $"{unknown.Length} test label{(unknown.Length == 1 ? " is" : "s are")} not among the model's {modelLabelCount}: {shown}{more}. {consequence(unknown.Length, count)}";
    }

    private static int WarnAboutUnknownLabels(CliConsole console, int modelLabels, IReadOnlyList<LabelMetrics> perLabel, bool lowercased, Func<int, int, string> consequence, int? modelLabelCount = null)
    {
        LabelMetrics[] unknown = UnknownLabels(modelLabels, perLabel);
        if (UnknownLabelsNote(modelLabelCount ?? modelLabels, unknown, consequence) is { } note)
        {
            var known = new HashSet<string>(perLabel.Take(modelLabels).Select(label => label.Label), StringComparer.OrdinalIgnoreCase);
            string caseHint = !unknown.Any(label => known.Contains(label.Label))
                ? string.Empty
                : lowercased
                    ? " Some match a model label but for letter case: the test labels were lower-cased (--lowercase-labels, given or recorded in the bundle) and the model's are not; give --lowercase-labels false."
                    : AllLowerCase(perLabel.Take(modelLabels))
                        ? " Some match a model label but for letter case: --lowercase-labels reads them lower-cased, as the model's labels are."
                        : " Some match a model label but for letter case: the test file writes them in another letter case than the model's labels.";
            MSBuildErrorFormat.WriteWarning(console.Error, MSBuildErrorFormat.UnknownTestLabelsCode, note + caseHint + LookAlikeHint(unknown, perLabel.Take(modelLabels)));
        }

        return unknown.Length;
    }

    // The test labels that look like a model label but are not it, letter case aside: a zero-width space, another kind
    // of space, full-width letters or a ligature ("'billing\u200B' for 'billing'"); empty when there are none.
    private static string LookAlikeHint(LabelMetrics[] unknown, IEnumerable<LabelMetrics> model)
    {
        var modelLabels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (LabelMetrics label in model)
        {
            modelLabels.TryAdd(LookAlikeKey(label.Label), label.Label);
        }

        var pairs = new List<string>();
        foreach (LabelMetrics label in unknown)
        {
            if (modelLabels.TryGetValue(LookAlikeKey(label.Label), out string? modelLabel) && !string.Equals(label.Label, modelLabel, StringComparison.OrdinalIgnoreCase))
            {
                pairs.Add($"'{Visible(label.Label)}' for '{Visible(modelLabel)}'");
            }
        }

        if (pairs.Count == 0)
        {
            return string.Empty;
        }

        string more = pairs.Count > SkippedRowsShown ? $", … {pairs.Count - SkippedRowsShown} more" : string.Empty;
        return $" Some look like a model label but differ in characters that do not show or in the form of their letters (full-width, ligatures): {string.Join(", ", pairs.Take(SkippedRowsShown))}{more}.";
    }

    // Whether every label reads the same lower-cased (what --lowercase-labels makes of a test label).
    private static bool AllLowerCase(IEnumerable<LabelMetrics> labels) =>
        labels.All(label => string.Equals(label.Label, label.Label.ToLowerInvariant(), StringComparison.Ordinal));

    // How many rows were skipped for `reason`.
    private static int CountSkipped(IReadOnlyList<KeyValuePair<string, int>> reasons, string reason)
    {
        foreach (KeyValuePair<string, int> entry in reasons)
        {
            if (entry.Key == reason)
            {
                return entry.Value;
            }
        }

        return 0;
    }

    /// <summary>"1 label", "3 labels": a count with its noun in the right number.</summary>
    public static string Counted(int count, string singular, string? plural = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? singular : plural ?? singular + "s")}");

    /// <summary>Warns when training labels differ only in letter case ("ham" and "HAM"; not with
    /// <paramref name="lowercased"/>, which already made them one) or only in characters that do not show (white space
    /// of another kind, a zero-width space, compatibility forms such as "ﬁ"), which trains them as different labels;
    /// returns how many such groups there are.</summary>
    public static int WarnAboutLookAlikeLabels(CliConsole console, IEnumerable<string> labels, bool lowercased, string path)
    {
        string[][] groups = [.. labels.Distinct(StringComparer.Ordinal)
            .GroupBy(LookAlikeKey, StringComparer.Ordinal)
            .Where(group => group.Count() > 1)
            .Select(group => group.Order(StringComparer.Ordinal).ToArray())
            .OrderBy(group => group[0], StringComparer.Ordinal)];
        string[][] byCase = [.. groups.Where(group => !lowercased && group.All(label => string.Equals(label, group[0], StringComparison.OrdinalIgnoreCase)))];
        string[][] byLook = [.. groups.Where(group => !group.All(label => string.Equals(label, group[0], StringComparison.OrdinalIgnoreCase)))];
        if (byCase.Length > 0)
        {
            MSBuildErrorFormat.WriteWarning(
                console.Error,
                MSBuildErrorFormat.LookAlikeLabelsCode,
                $"some training labels differ only in letter case and are trained as different labels: {ShowGroups(byCase)}. --lowercase-labels makes them one.",
                path);
        }

        if (byLook.Length > 0)
        {
            MSBuildErrorFormat.WriteWarning(
                console.Error,
                MSBuildErrorFormat.LookAlikeLabelsCode,
                $"some training labels look the same but differ in characters that do not show (other white space, zero-width or compatibility characters) and are trained as different labels: {ShowGroups(byLook)}. Clean the label column so each label is written one way.",
                path);
        }

        return byCase.Length + byLook.Length;
    }

    /// <summary>Warns when the label column looks like text: many labels, most of them on one row only (the columns
    /// swapped, or the wrong one named).</summary>
    /// <returns>Whether it warned.</returns>
    public static bool WarnAboutSwappedColumns(CliConsole console, IReadOnlyList<string> labels, int rows, DatasetReadOptions options, string path)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string label in labels)
        {
            counts[label] = counts.GetValueOrDefault(label) + 1;
        }

        int once = counts.Values.Count(count => count == 1);
        if (counts.Count < 20 || once * 2 < rows)
        {
            return false;
        }

        MSBuildErrorFormat.WriteWarning(
            console.Error,
            MSBuildErrorFormat.SwappedColumnsCode,
            $"{Counted(counts.Count, "label")} for {Counted(rows, "row")}, {once} of them on one row only: does the label column hold the text? " +
            $"(--text-column {options.TextColumn} --label-column {options.LabelColumn} were read; swap them if so.)",
            path);
        return true;
    }

    // Labels that look alike: compatibility-composed, characters that do not show removed, any run of white space one
    // space, letter case ignored.
    private static string LookAlikeKey(string label)
    {
        string composed = LabelSet.ComposeCompatibly(label);

        var key = new StringBuilder(composed.Length);
        foreach (char c in composed)
        {
            if (char.IsWhiteSpace(c))
            {
                if (key.Length > 0 && key[^1] != ' ')
                {
                    key.Append(' ');
                }
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.Format)
            {
                key.Append(char.ToLowerInvariant(c));
            }
        }

        return key.ToString().TrimEnd();
    }

    // "'a', 'A'; 'b', 'B'" with characters that do not show written as \uXXXX.
    private static string ShowGroups(string[][] groups)
    {
        string shown = string.Join("; ", groups.Take(SkippedRowsShown).Select(group => string.Join(", ", group.Select(label => $"'{Visible(label)}'"))));
        return groups.Length > SkippedRowsShown ? $"{shown}; … {groups.Length - SkippedRowsShown} more" : shown;
    }

    /// <summary><paramref name="label"/> with each character that does not show (<see cref="IsHidden"/>) written as
    /// \uXXXX.</summary>
    internal static string Visible(string label)
    {
        var text = new StringBuilder(label.Length);
        foreach (char c in label)
        {
            text.Append(IsHidden(c) ? $"\\u{(int)c:X4}" : c.ToString());
        }

        return text.ToString();
    }

    /// <summary>Whether <paramref name="c"/> does not show: white space other than the space, a control character or a
    /// format character (a zero-width space, a bidi mark).</summary>
    internal static bool IsHidden(char c) =>
        (char.IsWhiteSpace(c) && c != ' ') || char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;

    /// <summary>Reads a bundle's manifest, failing with a clear message when the folder does not exist at all.</summary>
    public static ModelManifest ReadManifest(string path)
    {
        RequireBundlePath(path);
        return ModelBundle.ReadManifest(path);
    }

    private static void RequireBundlePath(string path)
    {
        if (!Directory.Exists(path) && !File.Exists(path))
        {
            throw new DirectoryNotFoundException(
                path.Trim() is var trimmed && trimmed.Length != path.Length && trimmed.Length > 0 && (Directory.Exists(trimmed) || File.Exists(trimmed))
                    // A stray space (a script's variable) went unseen at the end of the line: "not found: model" named the
                    // folder that is there.
                    ? $"Model bundle folder not found: '{path}' (white space at its start or end; '{trimmed}', without it, is there)."
                    : $"Model bundle folder not found: {path}");
        }
    }

    /// <summary>A size in bytes as people read it: B, KiB, MiB or GiB with one decimal.</summary>
    public static string Bytes(long bytes)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        return bytes switch
        {
            < 1024 => string.Create(inv, $"{bytes} B"),
            < 1024 * 1024 => string.Create(inv, $"{bytes / 1024.0:F1} KiB"),
            < 1024L * 1024 * 1024 => string.Create(inv, $"{bytes / (1024.0 * 1024.0):F1} MiB"),
            _ => string.Create(inv, $"{bytes / (1024.0 * 1024.0 * 1024.0):F1} GiB"),
        };
    }
}
