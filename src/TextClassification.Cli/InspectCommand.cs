using System.CommandLine;
using System.Globalization;
using TextClassification.Bundles;
using TextClassification.Onnx;
using TextClassification.Training.Data;

namespace TextClassification.Cli;

/// <summary><c>textclf inspect &lt;bundle-dir&gt;</c>: what a bundle holds, read from its manifest (weights are not loaded;
/// each file's size on disk is checked against the manifest), or what a Hugging Face export holds (its graph is loaded,
/// which checks it). An encoder + head bundle's encoder is opened as loading opens it, so the folder named is the one
/// loading uses and an encoder that changed since training is found. A bundle with a missing or wrongly sized file, or
/// without its encoder, fails (exit 1) after it is listed.</summary>
internal static class InspectCommand
{
    public static Command Create(CliConsole console)
    {
        Argument<string> bundle = CommonOptions.BundleDirectory();
        var command = new Command("inspect", "Show a model bundle's labels, pipeline settings, files and training record.") { bundle };
        CommandActions.SetGuardedAction(command, console, (parseResult, _) =>
        {
            string path = parseResult.GetRequiredValue(bundle);
            if (TextClassifierLoader.ExportFolderOf(path) is { } export)
            {
                WriteExport(console.Out, export);
                return ExitCodes.Success;
            }

            ModelManifest manifest = CommonOptions.ReadManifest(path);
            (int damaged, string? encoderProblem) = Write(console.Out, path, manifest);
            if (damaged > 0)
            {
                console.Error.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"error: {Shown(path)}: {damaged} of the manifest's {manifest.Files.Count} files missing or not the size it records, or not readable by this user; the bundle will not load."));
            }

            if (encoderProblem is not null)
            {
                // Escaped as the listing is: the loader's message quotes the manifest's encoder path (review 54b).
                console.Error.WriteLine($"error: {Shown(encoderProblem)}");
            }

            return damaged > 0 || encoderProblem is not null ? ExitCodes.Failure : ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Writes the manifest as aligned plain text.</summary>
    private static void WriteModel(TextWriter output, int width, TokenizerSection tokenizer, EncoderSection encoder, PoolingSection pooling, HeadSection head, string prefix)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        string charNGrams = tokenizer.CharNGramMin > 0
            ? string.Create(inv, $"{tokenizer.CharNGramMin}-{tokenizer.CharNGramMax}")
            : "none";
        Field(output, width, prefix + "tokenizer", tokenizer.Type == "wordPiece"
            ? string.Create(inv, $"{tokenizer.Type}: max {tokenizer.MaxTokens} tokens, {(tokenizer.Lowercase ? "lower-cased" : "case kept")}")
            : string.Create(inv,
            $"{tokenizer.Type}: word n-grams 1-{tokenizer.WordNGrams}, char n-grams {charNGrams}, {tokenizer.Buckets} buckets, max {tokenizer.MaxTokens} tokens, {(tokenizer.Lowercase ? "lower-cased" : "case kept")}{(tokenizer.SkipBigrams ? ", skip-bigrams" : string.Empty)}{(tokenizer.CaseShapes ? ", case shapes" : string.Empty)}{(tokenizer.SplitUnspacedScripts ? ", unspaced scripts split into chars" : string.Empty)}{(tokenizer.NormalizeAccents ? ", accents decomposed" : string.Empty)}{(tokenizer.UnspacedRunNGrams ? ", char n-grams across unspaced runs" : string.Empty)}{(tokenizer.SymbolSuffixes ? ", trailing # and + kept (c#, c++)" : string.Empty)}{(tokenizer.FoldDiacritics ? ", diacritics folded (café as cafe, and as written)" : string.Empty)}{(tokenizer.FoldWidth ? ", full-width forms as ASCII" : string.Empty)}{(tokenizer.StripMarkup ? ", HTML markup read out" : string.Empty)}{(tokenizer.FoldAbjadMarks ? ", Arabic and Hebrew vowel marks and tatweel folded" : string.Empty)}{(tokenizer.ComposeHangul ? ", Hangul jamo composed" : string.Empty)}{(tokenizer.FoldCompatibilityForms ? ", compatibility forms folded (half-width kana, Arabic presentation forms, math and enclosed letters, small capitals, ligatures)" : string.Empty)}{(tokenizer.SkipFormatChars ? ", format chars inside words skipped (soft hyphens, zero-width and direction marks)" : string.Empty)}{(tokenizer.FoldConfusables ? ", Cyrillic and Greek look-alikes in Latin words read as Latin (frее as free)" : string.Empty)}{(tokenizer.JoinSpacedLetters ? ", letters spaced or dotted apart read as the word (F R E E, f.r.e.e as free)" : string.Empty)}"));
        Field(output, width, prefix + "encoder", encoder.Path is { } encoderPath
            ? string.Create(inv, $"{encoder.Type}: dimension {encoder.Dimension}, folder {Shown(encoderPath)}")
            : string.Create(inv, $"{encoder.Type}: dimension {encoder.Dimension}, {encoder.Rows} rows"));
        Field(output, width, prefix + "pooling", $"{pooling.Type}{(pooling.Normalize ? ", L2-normalised" : string.Empty)}");
        string hidden = head.Hidden > 0 ? string.Create(inv, $" → {head.Hidden}") : string.Empty;
        Field(output, width, prefix + "head", string.Create(inv, $"{head.Type} {head.Inputs}{hidden} → {head.Outputs}, {head.Activation}"));
    }

    /// <summary>Writes what the manifest says and returns how many of its files are missing or of another size, and,
    /// for an encoder + head bundle whose encoder cannot be found, why (null when it is found or there is none).</summary>
    public static (int Damaged, string? EncoderProblem) Write(TextWriter output, string path, ModelManifest manifest)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        string folder = Directory.Exists(path) ? Path.GetFullPath(path) : Path.GetDirectoryName(Path.GetFullPath(path))!;
        string? encoderProblem = null;
        IReadOnlyList<EnsembleMemberSection> ensemble = manifest.Ensemble ?? [];
        int width = FieldWidth(ensemble.Count);
        Field(output, width, "bundle", Shown(folder));
        Field(output, width, "format", string.Create(inv, $"{manifest.Format} version {manifest.FormatVersion}"));
        Field(output, width, "created by", Shown(manifest.CreatedBy ?? "unknown"));
        Field(output, width, "problem type", manifest.ProblemType);
        Field(output, width, "labels", manifest.Labels.Count.ToString(inv));
        // Control chars escaped (a manifest edited by hand can hold them): "c\nd" had been printed over two lines, and an
        // escape sequence would drive the terminal. A multi-label model's thresholds stand in one column after them.
        string[] labelTexts = new string[manifest.Labels.Count];
        int labelWidth = 0;
        for (int i = 0; i < labelTexts.Length; i++)
        {
            labelTexts[i] = LabelSet.Escape(manifest.Labels[i]);
            labelWidth = Math.Max(labelWidth, labelTexts[i].Length);
        }

        for (int i = 0; i < labelTexts.Length; i++)
        {
            string line = manifest.Thresholds is { } thresholds && i < thresholds.Count
                ? string.Create(inv, $"  {i,4}  {labelTexts[i].PadRight(labelWidth)}  (threshold {thresholds[i]:F4})")
                : string.Create(inv, $"  {i,4}  {labelTexts[i]}");
            output.WriteLine(line);
        }

        WriteModel(output, width, manifest.Tokenizer, manifest.Encoder, manifest.Pooling, manifest.Head, string.Empty);
        if (ModelBundle.IsEncoderHead(manifest))
        {
            // The encoder is referenced, not listed among the files: a bundle moved without it lists whole but does not
            // load, as predict and eval then say. It is opened as loading opens it (its fingerprint against the one the
            // head was trained on): a replaced model.onnx was "encoder from <folder>", exit 0, where predict refused it,
            // and a carried copy that loading uses was not the folder named (review 50e).
            string manifestPath = Path.Combine(folder, ModelBundle.ManifestFileName);
            string? encoderFolder = null;
            try
            {
                ModelBundle.RequireEncoderFiles(folder, manifestPath, manifest);
                using OnnxSentenceEncoder encoder = ModelBundle.OpenEncoder(folder, manifestPath, manifest);
                encoderFolder = Path.GetDirectoryName(encoder.ModelPath)!;
            }
            catch (BundleFormatException ex)
            {
                encoderProblem = ex.Message;
            }

            Field(output, width, "encoder from", encoderFolder is not null ? Shown(encoderFolder) : (encoderProblem!.Contains(ModelBundle.NotTheTrainedEncoder, StringComparison.Ordinal) ? "NOT THE ONE TRAINED ON"
                : encoderProblem.Contains(ModelBundle.IncompleteEncoder, StringComparison.Ordinal) || encoderProblem.Contains("does not exist", StringComparison.Ordinal) ? "MISSING"
                : "DOES NOT LOAD"));
        }

        if (ensemble.Count > 0)
        {
            string combination = manifest.EnsembleCombination == ModelManifest.RootMeanCombination ? "root mean of the probabilities" : "probabilities averaged";
            // "members", not "ensemble": the training setting of that name records only the --second-model sgd choice.
            Field(output, width, "members", string.Create(inv, $"{ensemble.Count + 1} models, {combination}"));
            for (int m = 0; m < ensemble.Count; m++)
            {
                EnsembleMemberSection member = ensemble[m];
                WriteModel(output, width, member.Tokenizer, member.Encoder, member.Pooling, member.Head, string.Create(inv, $"model {m + 2} "));
            }
        }

        if (manifest.Temperature is { } temperature)
        {
            Field(output, width, "temperature", string.Create(inv, $"{temperature} (the combined probabilities raised to 1/{temperature} and renormalised)"));
        }

        if (manifest.Abstain is { } abstain)
        {
            string chosenFor = abstain.Target is null ? "set by hand" : $"for {Shown(abstain.Target)} {AbstainReport.TargetText(abstain.TargetValue ?? 0)}";
            string heldOut = abstain.Coverage switch
            {
                null => string.Empty,
                0 => string.Create(inv, $"; held out: none of {abstain.CalibrationExamples} texts reached the target"),
                double coverage => string.Create(inv, $"; held out: {coverage:P1} answered, accuracy {abstain.AnsweredAccuracy:F4} on {abstain.CalibrationExamples} texts"),
            };
            string answers = abstain.Threshold >= AbstainSection.AlwaysAbstain ? "always"
                : abstain.Threshold == 0 ? "never (threshold 0)"
                : string.Create(inv, $"below confidence {abstain.Threshold:F4}");
            Field(output, width, "abstain", $"{answers} ({chosenFor}{heldOut})");
        }

        Field(output, width, "files", manifest.Files.Count.ToString(inv));
        int nameWidth = manifest.Files.Keys.Select(name => Shown(name).Length).DefaultIfEmpty(0).Max();
        int damaged = 0;
        foreach ((string name, BundleFileEntry entry) in manifest.Files.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            // Measured where a symbolic link leads (cp -rs, a ConfigMap volume): a link's own length is its target path's.
            FileInfo? file = TargetOf(Path.Combine(folder, name));
            string problem = file is not { Exists: true } ? "  MISSING"
                : file.Length != entry.Bytes ? string.Create(inv, $"  WRONG SIZE: {file.Length} bytes on disk, {entry.Bytes} recorded")
                : Unreadable(file) is { } why ? $"  UNREADABLE {why}"
                : string.Empty;
            damaged += problem.Length > 0 ? 1 : 0;
            output.WriteLine(string.Create(inv,
                $"  {Shown(name).PadRight(nameWidth)}  {CommonOptions.Bytes(entry.Bytes),10}  sha256 {entry.Sha256[..Math.Min(16, entry.Sha256.Length)]}…{problem}"));
        }

        TrainingSection? training = manifest.Training;
        if (training is null)
        {
            Field(output, width, "training", "not recorded");
            return (damaged, encoderProblem);
        }

        string when = training.TrainedAt is { } at ? " at " + at.ToString("u", inv) : string.Empty;
        Field(output, width, "training", $"{Shown(training.Trainer ?? "unknown trainer")}{when}");
        if (training.Settings is { Count: > 0 } settings)
        {
            output.WriteLine("  settings");
            int keyWidth = settings.Keys.Max(key => Shown(key).Length);
            foreach ((string key, string value) in settings)
            {
                output.WriteLine($"    {Shown(key).PadRight(keyWidth)}  {Shown(value)}");
            }
        }

        if (training.Metrics is { Count: > 0 } metrics)
        {
            output.WriteLine("  metrics");
            int keyWidth = metrics.Keys.Max(key => Shown(key).Length);
            foreach ((string key, double value) in metrics)
            {
                // A count (test.seenInTraining) is a whole number: "11", not "11.0000".
                string shown = key.EndsWith("seenInTraining", StringComparison.Ordinal) && value == Math.Floor(value)
                    ? value.ToString("0", System.Globalization.CultureInfo.InvariantCulture)
                    : MetricsTable.Format(value);
                output.WriteLine($"    {Shown(key).PadRight(keyWidth)}  {shown}");
            }
        }

        return (damaged, encoderProblem);
    }

    /// <summary>Writes a Hugging Face export's labels, problem type, sequence length and files; loading it checks the
    /// config, the tokenizer and that the graph's logits match the labels.</summary>
    private static void WriteExport(TextWriter output, string path)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        string folder = Path.GetFullPath(path);
        int width = FieldWidth(0);
        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(folder);
        Field(output, width, "bundle", Shown(folder));
        Field(output, width, "format", "Hugging Face export (config.json + model.onnx), loaded by ONNX Runtime");
        Field(output, width, "problem type", classifier.IsMultiLabel ? "multi_label_classification" : "single_label_classification");
        Field(output, width, "labels", classifier.Labels.Count.ToString(inv));
        for (int i = 0; i < classifier.Labels.Count; i++)
        {
            output.WriteLine(string.Create(inv, $"  {i,4}  {LabelSet.Escape(classifier.Labels[i])}"));
        }

        Field(output, width, "tokenizer", string.Create(inv,
            $"WordPiece: {classifier.Tokenizer.Vocabulary.Count} tokens, max {classifier.Tokenizer.Options.MaxLength} tokens, {(classifier.Tokenizer.Options.Lowercase ? "lower-cased" : "case kept")}"));
        string[] files = Directory.GetFiles(folder);
        Array.Sort(files, StringComparer.Ordinal);
        Field(output, width, "files", files.Length.ToString(inv));
        int nameWidth = files.Select(file => Shown(Path.GetFileName(file)).Length).DefaultIfEmpty(0).Max();
        foreach (string file in files)
        {
            string size = TargetOf(file) is { Exists: true } target ? CommonOptions.Bytes(target.Length) : "MISSING";
            output.WriteLine(string.Create(inv, $"  {Shown(Path.GetFileName(file)).PadRight(nameWidth)}  {size,10}"));
        }
    }

    // Why a file of the right size cannot be opened for reading, or null when it can: the size alone had listed a bundle
    // whole, exit 0, whose files the user cannot read (copied as root with mode 0600), where loading it fails. Nothing is
    // read; an empty file is not opened (a named pipe of that size would wait for a writer).
    private static string? Unreadable(FileInfo file)
    {
        if (file.Length == 0)
        {
            return null;
        }

        try
        {
            using Microsoft.Win32.SafeHandles.SafeFileHandle handle = File.OpenHandle(file.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return "by this user";
        }
        catch (IOException ex)
        {
            return $"({ex.Message})";
        }
    }

    // Null for links that cannot be followed (in a circle): reported as missing rather than ending the report.
    private static FileInfo? TargetOf(string path)
    {
        try
        {
            return FileTarget.Of(path);
        }
        catch (IOException)
        {
            return null;
        }
    }

    // A text from the manifest or the folder, control characters escaped as labels are: a bundle or export from elsewhere
    // (which inspect is for looking into) could otherwise drive the terminal ("\u001b[2J" cleared it) or break a field
    // over two lines; before, only the labels were escaped.
    private static string Shown(string text) => LabelSet.Escape(text);

    // The name column fits the longest name, with a space at least after it: 13 wide, or an ensemble's 'model 2 tokenizer'
    // and a space more (it had run one to five characters past the column, so member lines were not aligned).
    private static void Field(TextWriter output, int width, string name, string value) => output.WriteLine($"{name.PadRight(width)} {value}");

    private static int FieldWidth(int members) => members == 0 ? 13 : Math.Max(13, string.Create(CultureInfo.InvariantCulture, $"model {members + 1} tokenizer").Length + 1);
}
