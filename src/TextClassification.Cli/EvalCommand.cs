using System.CommandLine;
using TextClassification.Bundles;
using TextClassification.Training.Data;
using TextClassification.Training.Evaluation;
using TextClassification.Training.Trainers;

namespace TextClassification.Cli;

/// <summary><c>textclf eval &lt;bundle-dir&gt; &lt;test-file&gt; [--metrics-json &lt;file&gt;] [--report &lt;dir&gt;] [--training-data &lt;file&gt;]</c></summary>
internal static class EvalCommand
{
    public static Command Create(CliConsole console)
    {
        Argument<string> bundle = CommonOptions.BundleDirectory();
        var testFile = new Argument<string>("test-file") { Description = "Test data: .tsv, .csv or .jsonl with a header (also .txt as TSV, .json as JSON Lines or one array of objects), or .parquet." };
        Option<string?> metricsJson = CommonOptions.MetricsJson(trains: false);
        var report = new Option<string?>("--report")
        {
            Description = "Write metrics.json, confusion-matrix.png, roc.png and a self-contained report.html into this folder.",
            HelpName = "dir",
        };
        OptionChecks.NonEmptyPath(report);
        OptionChecks.FolderNotDash(report);
        var trainingData = new Option<string?>("--training-data")
        {
            Description = "The data the model was trained on: count the test texts it also holds (ignoring case) and report the metrics on the others too.",
            HelpName = "file",
        };
        OptionChecks.NonEmptyPath(testFile);
        OptionChecks.NonEmptyPath(trainingData);
        DataOptions data = new DataOptions().ReadingRecordedColumns();
        var multiLabelDelimiter = new Option<string?>("--multi-label-delimiter")
        {
            Description = "For a multi-label model: the delimiter between labels in the label column (default: the one recorded at training).",
            HelpName = "delimiter",
        };

        var command = new Command("eval", "Evaluate a model bundle on labelled test data.")
        {
            bundle, testFile, metricsJson, report, trainingData, multiLabelDelimiter,
        };
        data.AddTo(command);
        command.Validators.Add(result =>
        {
            // A missing value ('--multi-label-delimiter' last) reads as null: the parser's error names the option.
            if (OptionChecks.ValueOrDefault(result, multiLabelDelimiter) is { } delimiter && !LabelSet.IsValidDelimiter(delimiter))
            {
                result.AddError("--multi-label-delimiter must be non-empty printable text such as '|': a tab or line break cannot separate labels that are written on one line.");
            }
        });

        CommandActions.SetGuardedAction(command, console, metricsJson, (parseResult, console, cancellationToken) =>
        {
            string bundlePath = parseResult.GetRequiredValue(bundle);
            string testPath = parseResult.GetRequiredValue(testFile);
            // The model's folders only where there is a metrics file to keep out of them (finding them reads the manifest).
            IReadOnlyList<OutputPaths.ModelFolder> modelFolders = parseResult.GetValue(metricsJson) is null ? [] : OutputPaths.ModelFolders(bundlePath, "the bundle folder", isBundleFolder: true);
            OutputPaths.RequireMetricsOutputs(parseResult.GetValue(metricsJson), parseResult.GetValue(report), modelFolders, testPath, parseResult.GetValue(trainingData));
            ITextClassifier classifier = CommonOptions.LoadBundle(bundlePath, cancellationToken);
            TrainingSection? training = CommonOptions.RecordedTraining(classifier, bundlePath);
            DatasetReadOptions readOptions = data.Read(parseResult, training?.Settings, out IReadOnlyList<string> fromModel);
            if (fromModel.Count > 0)
            {
                console.Out.WriteLine($"Reading the test data as the training data was read: {string.Join(' ', fromModel)} (recorded in the bundle; an option given overrides it: --text-column, --label-column or --label-columns with another name, another --label-threshold, another --allowed-labels list or '*' for every label, --lowercase-labels false, --dedupe false).");
            }

            if (readOptions.LabelColumnThreshold is not null && readOptions.LabelColumns is null)
            {
                // Neither given nor recorded in the bundle.
                console.Error.WriteLine($"error: {DataOptions.ThresholdWithoutColumns}");
                return ExitCodes.Usage;
            }

            if (!fromModel.Any(word => word.StartsWith("--allowed-labels", StringComparison.Ordinal)))
            {
                // A list given here (one the bundle records was checked against the training rows when it trained).
                UnknownAllowedLabelWarning.WarnAboutLabelsTheModelLacks(console, ModelEvaluator.CanonicalLabels(classifier), readOptions, testPath);
            }

            if (MultiLabelEvaluator.IsMultiLabel(classifier))
            {
                return EvaluateMultiLabel(console, classifier, training?.Seconds, bundlePath, testPath, readOptions, parseResult.GetValue(multiLabelDelimiter), parseResult.GetValue(trainingData), parseResult.GetValue(metricsJson), parseResult.GetValue(report), cancellationToken);
            }

            if (readOptions.LabelColumns is not null)
            {
                // A usage error (exit 2), as the multi-label model that records no delimiter is.
                console.Error.WriteLine("error: --label-columns reads a set of labels from each row, and the model is single-label: give --label-column.");
                return ExitCodes.Usage;
            }

            Dataset test = CommonOptions.ReadDataset(console, testPath, readOptions, cancellationToken);
            CommonOptions.RequireRows(test, testPath, "test rows to evaluate on");

            if (parseResult.GetResult(multiLabelDelimiter) is not null)
            {
                MSBuildErrorFormat.WriteWarning(console.Error, MSBuildErrorFormat.IgnoredOptionCode, "--multi-label-delimiter is ignored: the model is single-label, so each label cell is read as one label.");
            }

            ClassificationMetrics metrics;
            if (parseResult.GetValue(trainingData) is { } trainingPath)
            {
                Dataset trainingSet = CommonOptions.ReadDataset(console, trainingPath, readOptions, cancellationToken);
                CommonOptions.RequireRows(trainingSet, trainingPath, "training rows");
                metrics = EvaluationConsoleProgress.Run(console, progress => TrainingOverlap.Evaluate(classifier, trainingSet.Rows, test.Rows, progress, cancellationToken));
            }
            else
            {
                metrics = EvaluationConsoleProgress.Run(console, progress => ModelEvaluator.Evaluate(classifier, test.Rows, progress, cancellationToken));
            }

            metrics.TrainSeconds = training?.Seconds;
            MetricsTable.Write(console, metrics);
            CommonOptions.WarnAboutUnknownLabels(console, classifier.Labels.Count, metrics, readOptions.LowercaseLabels);

            if (parseResult.GetValue(metricsJson) is { } metricsPath)
            {
                CanceledAfterWorkException.ThrowIfCanceled(cancellationToken, "the evaluation was done");
                OutputPaths.Write("--metrics-json", metricsPath, null, () => MetricsJson.Write(metrics, metricsPath));
                OutputPaths.ReportMetricsWritten(console, metricsPath);
            }

            if (parseResult.GetValue(report) is { } reportFolder)
            {
                string html = OutputPaths.Write("--report", reportFolder, null, () => ReportWriter.Write(reportFolder, metrics, classifier.Labels.Count, bundlePath, testPath, test, () => CanceledAfterWorkException.ThrowIfCanceled(cancellationToken, "the evaluation was done")));
                console.Out.WriteLine($"Wrote the report to {html}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static int EvaluateMultiLabel(
        CliConsole console, ITextClassifier classifier, double? trainSeconds, string bundlePath, string testPath, DatasetReadOptions readOptions, string? delimiter, string? trainingPath, string? metricsPath, string? report,
        CancellationToken cancellationToken)
    {
        // An n-gram bundle records the delimiter it was trained with; a Hugging Face export has none.
        string? recorded = null;
        (classifier as TextClassifier)?.Training?.Settings?.TryGetValue(NGramTrainer.MultiLabelDelimiterSetting, out recorded);
        // One 0/1 column per label needs none: its sets are joined as train joins them.
        delimiter ??= recorded ?? (readOptions.LabelColumns is null ? null : DataOptions.LabelColumnsDelimiter);
        if (string.IsNullOrEmpty(delimiter))
        {
            console.Error.WriteLine("error: the model is multi-label but records no label delimiter; give --multi-label-delimiter.");
            return ExitCodes.Usage;
        }

        // An export's label may hold '|', which the sets of --label-columns are joined by (review 57e: the reader's
        // refusal named neither option, exit 1).
        if (DataOptions.ColumnHoldingDelimiter(readOptions.LabelColumns, delimiter) is { } joined)
        {
            console.Error.WriteLine($"error: {joined}");
            return ExitCodes.Usage;
        }

        // Read as sets, so --allowed-labels and --dedupe apply per label.
        Dataset test = CommonOptions.ReadDataset(console, testPath, readOptions with { MultiLabelDelimiter = delimiter }, cancellationToken);
        CommonOptions.RequireRows(test, testPath, "test rows to evaluate on");
        ScoredLabels? scored = ScoredLabels.Of(ModelEvaluator.CanonicalLabels(classifier), readOptions);
        if (scored is not null)
        {
            console.Out.WriteLine(scored.Note);
        }

        MultiLabelMetrics metrics;
        if (trainingPath is not null)
        {
            Dataset trainingSet = CommonOptions.ReadDataset(console, trainingPath, readOptions with { MultiLabelDelimiter = delimiter }, cancellationToken);
            CommonOptions.RequireRows(trainingSet, trainingPath, "training rows");
            metrics = EvaluationConsoleProgress.Run(console, progress => TrainingOverlap.EvaluateMultiLabel(classifier, trainingSet.Rows, test.Rows, delimiter, scored?.Kept, progress, cancellationToken));
        }
        else
        {
            metrics = EvaluationConsoleProgress.Run(console, progress => MultiLabelEvaluator.Evaluate(classifier, test.Rows, delimiter, scored?.Kept, progress, cancellationToken));
        }

        metrics.TrainSeconds = trainSeconds;
        MetricsTable.Write(console, metrics);
        // The model's labels the metrics cover come first; the test labels it lacks follow them.
        int modelLabels = scored?.Kept.Count ?? classifier.Labels.Count;
        if (CommonOptions.WarnAboutUnknownLabels(console, modelLabels, metrics, readOptions.LowercaseLabels, classifier.Labels.Count) > 0)
        {
            MultiLabelDelimiterWarning.WarnAboutJoinedSets(console, metrics.Labels.Take(modelLabels), [.. metrics.Labels.Skip(modelLabels)], delimiter, recorded, readOptions.LowercaseLabels);
        }

        if (metricsPath is not null)
        {
            CanceledAfterWorkException.ThrowIfCanceled(cancellationToken, "the evaluation was done");
            OutputPaths.Write("--metrics-json", metricsPath, null, () => metrics.WriteJson(metricsPath));
            OutputPaths.ReportMetricsWritten(console, metricsPath);
        }

        if (report is not null)
        {
            string html = OutputPaths.Write("--report", report, null, () => ReportWriter.Write(report, metrics, modelLabels, bundlePath, testPath, test, () => CanceledAfterWorkException.ThrowIfCanceled(cancellationToken, "the evaluation was done"), classifier.Labels.Count));
            console.Out.WriteLine($"Wrote the report to {html}");
        }

        return ExitCodes.Success;
    }
}
