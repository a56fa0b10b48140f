using System.CommandLine;
using TextClassification.Training.Data;
using TextClassification.Training.Evaluation;

namespace TextClassification.Cli;

/// <summary><c>textclf eval &lt;bundle-dir&gt; &lt;test-file&gt; [--metrics-json &lt;file&gt;] [--report &lt;dir&gt;]</c></summary>
internal static class EvalCommand
{
    public static Command Create(CliConsole console)
    {
        Argument<string> bundle = CommonOptions.BundleDirectory();
        var testFile = new Argument<string>("test-file") { Description = "Test data: .tsv, .csv or .jsonl with a header." };
        Option<string?> metricsJson = CommonOptions.MetricsJson();
        var report = new Option<string?>("--report")
        {
            Description = "Write metrics.json, confusion-matrix.png, roc.png and a self-contained report.html into this folder.",
            HelpName = "dir",
        };
        var data = new DataOptions();

        var command = new Command("eval", "Evaluate a model bundle on labelled test data.")
        {
            bundle, testFile, metricsJson, report,
        };
        data.AddTo(command);

        CommandActions.SetGuardedAction(command, console, (parseResult, cancellationToken) =>
        {
            string bundlePath = parseResult.GetRequiredValue(bundle);
            string testPath = parseResult.GetRequiredValue(testFile);
            ITextClassifier classifier = CommonOptions.LoadBundle(bundlePath);
            Dataset test = CommonOptions.ReadDataset(console, testPath, data.Read(parseResult), cancellationToken);

            ClassificationMetrics metrics = ModelEvaluator.Evaluate(classifier, test.Rows, cancellationToken);
            MetricsTable.Write(console, metrics);

            if (parseResult.GetValue(metricsJson) is { } metricsPath)
            {
                MetricsJson.Write(metrics, metricsPath);
                console.Out.WriteLine($"Wrote metrics to {Path.GetFullPath(metricsPath)}");
            }

            if (parseResult.GetValue(report) is { } reportFolder)
            {
                string html = ReportWriter.Write(reportFolder, metrics, bundlePath, testPath, test);
                console.Out.WriteLine($"Wrote the report to {html}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
