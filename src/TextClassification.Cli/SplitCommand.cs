using System.CommandLine;
using System.Globalization;
using TextClassification.Training.Data;
using TextClassification.Training.Splitting;

namespace TextClassification.Cli;

/// <summary><c>textclf split &lt;data-file&gt; --out &lt;dir&gt; [--test 0.2] [--validation 0] [--seed 42]</c>: writes a
/// stratified train / validation / test split of one labelled file as <c>train.tsv</c>, <c>validation.tsv</c> and
/// <c>test.tsv</c>.</summary>
internal static class SplitCommand
{
    /// <summary>The file names written, in the order of the parts.</summary>
    public static readonly string[] FileNames = ["train.tsv", "validation.tsv", "test.tsv"];

    public static Command Create(CliConsole console)
    {
        var dataFile = new Argument<string>("data-file") { Description = "Labelled data: .tsv, .csv or .jsonl with a header (also .txt as TSV, .json as JSON Lines or one array of objects), or .parquet." };
        OptionChecks.NonEmptyPath(dataFile);
        var output = new Option<string>("--out", "-o") { Description = "Folder to write train.tsv, test.tsv (and validation.tsv) into; made if missing.", Required = true, HelpName = "dir" };
        OptionChecks.NonEmptyPath(output);
        OptionChecks.FolderNotDash(output);
        var test = new Option<double?>("--test") { Description = "Share of each label's rows in test.tsv, above 0 and below 1. Default 0.2.", HelpName = "fraction" };
        var validation = new Option<double?>("--validation") { Description = "Share of each label's rows in validation.tsv, above 0 and below 1 (with --test, together below 1). Default: no validation file.", HelpName = "fraction" };
        OptionChecks.Share(test);
        OptionChecks.Share(validation);
        var seed = new Option<int>("--seed") { Description = "Seed of the shuffles: same seed and data give the same split.", DefaultValueFactory = _ => 42, HelpName = "N" };
        OptionChecks.Whole(seed);
        var force = new Option<bool>("--force") { Description = "Replace split files already in --out (once every new file is written), and remove an earlier validation.tsv when this split writes none." };
        DataOptions data = new DataOptions().WritingSplitFiles();

        var command = new Command("split", "Split one labelled file into stratified train, test (and validation) files: copies of a text, and texts inside a longer one, stay in one part.")
        {
            dataFile, output, test, validation, seed, force,
        };
        data.AddTo(command);
        command.Validators.Add(result =>
        {
            double testShare = OptionChecks.ValueOrDefault(result, test) ?? DefaultTest;
            if (OptionChecks.ValueOrDefault(result, validation) is { } validationShare && !(testShare + validationShare < 1))
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"--validation and --test must add up to less than 1; got {validationShare} + {testShare}."));
            }
        });

        CommandActions.SetGuardedAction(command, console, (parseResult, cancellationToken) =>
        {
            string dataPath = parseResult.GetRequiredValue(dataFile);
            string folder = OutputPaths.RequireFolder("--out", parseResult.GetRequiredValue(output));
            double testShare = parseResult.GetValue(test) ?? DefaultTest;
            double validationShare = parseResult.GetValue(validation) ?? 0;
            string[] paths = new string[FileNames.Length];
            for (int i = 0; i < paths.Length; i++)
            {
                paths[i] = Path.Combine(folder, FileNames[i]);

                // Compared through symbolic links: --out naming a link to the data's folder had the data replaced.
                if (OutputPaths.SameFile(paths[i], dataPath))
                {
                    throw new IOException($"--out {parseResult.GetRequiredValue(output)}: {FileNames[i]} there is the data file being split; give another folder.");
                }

                if (i == 1 && validationShare == 0)
                {
                    // An earlier split's validation.tsv, left beside the new train.tsv, held texts trained on.
                    if (!parseResult.GetValue(force) && File.Exists(paths[i]))
                    {
                        throw new IOException($"--out {parseResult.GetRequiredValue(output)}: {FileNames[i]} is there already, and this split writes none (no --validation); give --force to remove it.");
                    }

                    continue;
                }

                if (Directory.Exists(paths[i]))
                {
                    throw new IOException($"--out {parseResult.GetRequiredValue(output)}: {FileNames[i]} there is a folder; give another --out.");
                }

                if (!parseResult.GetValue(force) && File.Exists(paths[i]))
                {
                    throw new IOException($"--out {parseResult.GetRequiredValue(output)}: {FileNames[i]} is there already; give --force to replace it.");
                }
            }

            DatasetReadOptions readOptions = data.Read(parseResult);
            if (readOptions.LabelColumns is not null)
            {
                readOptions = readOptions with { MultiLabelDelimiter = DataOptions.LabelColumnsDelimiter };
            }

            // Read as written: "a\tb" and "a b" are one text in the files, and were put in train and test apart, and
            // --dedupe and --drop-conflicts left both in the files.
            readOptions = readOptions with { TextsOnOneLine = true };
            Dataset dataset = CommonOptions.ReadDataset(console, dataPath, readOptions, cancellationToken);
            CommonOptions.CheckAllowedLabels(console, dataset, dataPath, readOptions);
            CommonOptions.RequireRows(dataset, dataPath, "rows to split");

            int flattened = dataset.TextsPutOnOneLine;
            ThreeWaySplit<LabeledText> split = StratifiedSplitter.SplitThreeWay(dataset.Rows, validationShare, testShare, parseResult.GetValue(seed), cancellationToken);
            IReadOnlyList<LabeledText>[] parts = [split.Train, split.Validation, split.Test];
            string labelUnit = readOptions.MultiLabelDelimiter is null ? "label" : "label set"; // a set is stratified as one label
            WriteAll(folder, paths, parts, validationShare, parseResult.GetRequiredValue(output), cancellationToken);
            for (int i = 0; i < parts.Length; i++)
            {
                if (i != 1 || validationShare > 0)
                {
                    console.Out.WriteLine($"{paths[i]}: {CommonOptions.Counted(parts[i].Count, "row")}, {CommonOptions.Counted(LabelCount(parts[i]), labelUnit)}");
                }
            }

            if (validationShare == 0 && File.Exists(paths[1]))
            {
                File.Delete(paths[1]);
                console.Out.WriteLine($"{paths[1]}: removed (an earlier split's; this one has no validation part).");
            }

            if (flattened > 0)
            {
                console.Out.WriteLine($"{CommonOptions.Counted(flattened, "text")} held tabs or line breaks, written as spaces (one row a line; the models read them as spaces).");
            }

            WarnAboutMissingLabels(console, dataset.Rows, parts, validationShare, labelUnit);
            if (readOptions.MultiLabelDelimiter is null && LabelCount(dataset.Rows) == 1)
            {
                // The files are written (split is not train), but train would refuse them: said here, where it is found.
                console.Error.WriteLine($"warning: train refuses data of one label (a classifier needs at least two to tell apart); {CommonOptions.OneLabelAdvice(LabelSet.Escape(dataset.Rows[0].Label))}.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private const double DefaultTest = 0.2;

    // Every part written beside its place first, then each moved over it: a failed or canceled write left a new train.tsv
    // beside the old test.tsv, whose texts the new train.tsv may hold. Nothing is left behind when a write fails.
    // The folder is made here when missing, and removed again (with the folders made above it) when the write fails.
    internal static void WriteAll(string folder, string[] paths, IReadOnlyList<LabeledText>[] parts, double validationShare, string outOption, CancellationToken cancellationToken)
    {
        string? made = MissingFolder(folder);
        Directory.CreateDirectory(folder);
        var written = new string?[paths.Length];
        bool done = false;
        try
        {
            for (int i = 0; i < parts.Length; i++)
            {
                if (i != 1 || validationShare > 0)
                {
                    int part = i;
                    written[i] = OutputPaths.Write("--out", outOption, "no split file was replaced", () => TsvRowWriter.WriteBeside(paths[part], parts[part], out _, cancellationToken));
                }
            }

            for (int i = 0; i < paths.Length; i++)
            {
                if (written[i] is { } path)
                {
                    File.Move(path, paths[i], overwrite: true);
                    written[i] = null;
                }
            }

            done = true;
        }
        finally
        {
            foreach (string? path in written)
            {
                if (path is not null)
                {
                    File.Delete(path);
                }
            }

            if (!done && made is not null)
            {
                RemoveEmpty(folder, made);
            }
        }
    }

    // The topmost folder of path that is missing (made by Directory.CreateDirectory), or null when it is there.
    private static string? MissingFolder(string folder)
    {
        string? missing = null;
        for (string? at = Path.TrimEndingDirectorySeparator(folder); at is not null && !Directory.Exists(at); at = Path.GetDirectoryName(at))
        {
            missing = at;
        }

        return missing;
    }

    // Removes folder and its parents up to top while they are empty.
    private static void RemoveEmpty(string folder, string top)
    {
        for (string? at = Path.TrimEndingDirectorySeparator(folder); at is not null && at.Length >= top.Length; at = Path.GetDirectoryName(at))
        {
            if (!Directory.Exists(at) || Directory.EnumerateFileSystemEntries(at).Any())
            {
                return;
            }

            Directory.Delete(at);
        }
    }

    private static int LabelCount(IReadOnlyList<LabeledText> rows)
    {
        var labels = new HashSet<string>(StringComparer.Ordinal);
        foreach (LabeledText row in rows)
        {
            labels.Add(row.Label);
        }

        return labels.Count;
    }

    // A label with too few rows (or copies of too few texts) to go to every part is named: its test metrics are missing.
    // unit: "label", or "label set" for multi-label rows.
    private static void WarnAboutMissingLabels(CliConsole console, IReadOnlyList<LabeledText> rows, IReadOnlyList<LabeledText>[] parts, double validationShare, string unit)
    {
        for (int i = 1; i < parts.Length; i++)
        {
            if (i == 1 && validationShare == 0)
            {
                continue;
            }

            var present = new HashSet<string>(StringComparer.Ordinal);
            foreach (LabeledText row in parts[i])
            {
                present.Add(row.Label);
            }

            var missing = new SortedSet<string>(StringComparer.Ordinal);
            foreach (LabeledText row in rows)
            {
                if (!present.Contains(row.Label))
                {
                    missing.Add(row.Label);
                }
            }

            if (missing.Count > 0)
            {
                console.Error.WriteLine($"warning: {FileNames[i]} has no row of {CommonOptions.Counted(missing.Count, unit)} ({CommonOptions.ListLabels([.. missing])}): too few rows, or copies of too few texts, to give it one.");
            }
        }
    }
}
