using System.Globalization;
using System.Net;
using System.Text;
using TextClassification.Training.Data;
using TextClassification.Training.Evaluation;

namespace TextClassification.Cli;

/// <summary>
/// Writes an evaluation report folder: <c>metrics.json</c>, <c>confusion-matrix.png</c>, <c>roc.png</c> and a
/// self-contained <c>report.html</c> (the plots are embedded as base64 data URIs, so the HTML file alone is the
/// whole report; the PNG files are there for other uses).
/// </summary>
internal static class ReportWriter
{
    public const string MetricsFileName = "metrics.json";
    public const string HtmlFileName = "report.html";
    public const string ConfusionMatrixFileName = "confusion-matrix.png";
    public const string RocFileName = "roc.png";

    /// <summary>Every file the report folder gets.</summary>
    public static readonly string[] FileNames = [MetricsFileName, HtmlFileName, ConfusionMatrixFileName, RocFileName];

    /// <summary>Above this many labels the confusion matrix is shown as the heatmap only, not also as a table.</summary>
    private const int MaxConfusionTableLabels = 30;

    // A label's cell takes its direction from the label's first strong letter, so a right-to-left label reads right to
    // left ("שלום!" had shown its "!" on the wrong side in the left-to-right page) and an English one stays as it was.
    // The page's style lets these cells break a label anywhere: a 400-letter label without a space had pushed the scores
    // off the page.
    private const string LabelCell = "<td dir=\"auto\">";
    private const string LabelHeader = "<th dir=\"auto\">";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Writes the four files into <paramref name="folder"/> (created when missing); returns the HTML file's full path.
    /// <paramref name="testData"/>, when given, adds the rows skipped while reading the test file to the report.
    /// All four are written under temporary names first and renamed into place only when every one was written, so a
    /// failure (a full disk) leaves an earlier report as it was, not a mix of new and old files.
    /// <paramref name="modelLabels"/> is how many of <see cref="ClassificationMetrics.Labels"/> are the model's; the
    /// page names the test labels after them, as the terminal's warning does.
    /// <paramref name="checkpoint"/>, when given, is called before each plot is drawn and once more before the files
    /// replace an earlier report's: a command's Ctrl+C check, which throws there. Drawing the plots of many labels takes
    /// seconds, and a Ctrl+C then had been swallowed: the report was written whole and the command exited 0.
    /// </summary>
    public static string Write(string folder, ClassificationMetrics metrics, int modelLabels, string bundlePath, string testPath, Dataset? testData = null, Action? checkpoint = null)
    {
        checkpoint?.Invoke();
        byte[] confusion = ReportPlots.ConfusionMatrixPng(metrics);
        checkpoint?.Invoke();
        var plots = new ReportImages(confusion, ReportPlots.RocPng(metrics));
        return WriteFiles(
            folder,
            Utf8NoBom.GetBytes(MetricsJson.Serialize(metrics)),
            plots,
            Utf8NoBom.GetBytes(RenderHtml(metrics, bundlePath, testPath, DateTimeOffset.UtcNow, plots, testData, modelLabels)),
            checkpoint);
    }

    /// <summary>
    /// The report of a multi-label model, as <see cref="Write(string, ClassificationMetrics, int, string, string, Dataset?, Action?)"/>
    /// writes a single-label one: <c>metrics.json</c> as <c>--metrics-json</c> writes it, the label co-occurrence matrix
    /// (each row divided by its label's support) and every label's ROC curve as PNGs, and the HTML page.
    /// </summary>
    /// <remarks><paramref name="modelLabelCount"/>: the model's labels, where <paramref name="modelLabels"/> (the first of
    /// the metrics' labels, the model's scored) are fewer.</remarks>
    public static string Write(string folder, MultiLabelMetrics metrics, int modelLabels, string bundlePath, string testPath, Dataset? testData = null, Action? checkpoint = null, int? modelLabelCount = null)
    {
        checkpoint?.Invoke();
        ReportPlotData data = ReportPlotData.Of(metrics);
        byte[] coOccurrence = ReportPlots.ConfusionMatrixPng(data);
        checkpoint?.Invoke();
        var plots = new ReportImages(coOccurrence, ReportPlots.RocPng(data));
        return WriteFiles(
            folder,
            Utf8NoBom.GetBytes(metrics.ToJson()),
            plots,
            Utf8NoBom.GetBytes(RenderHtml(metrics, bundlePath, testPath, DateTimeOffset.UtcNow, plots, testData, modelLabels, modelLabelCount)),
            checkpoint);
    }

    // All four files are written under temporary names first and renamed into place only when every one was written
    // and the checkpoint passed.
    private static string WriteFiles(string folder, byte[] metricsJson, ReportImages plots, byte[] html, Action? checkpoint)
    {
        checkpoint?.Invoke();
        string full = Path.GetFullPath(folder);
        Directory.CreateDirectory(full);
        (string Name, byte[] Bytes)[] files =
        [
            (MetricsFileName, metricsJson),
            (ConfusionMatrixFileName, plots.ConfusionMatrixPng),
            (RocFileName, plots.RocPng),
            (HtmlFileName, html),
        ];
        string stamp = Guid.NewGuid().ToString("N");
        var written = new List<string>(files.Length);
        try
        {
            foreach ((string name, byte[] bytes) in files)
            {
                string temporary = Path.Combine(full, $".{name}.{stamp}.tmp");
                written.Add(temporary);
                File.WriteAllBytes(temporary, bytes);
            }

            checkpoint?.Invoke();
            for (int i = 0; i < files.Length; i++)
            {
                File.Move(written[i], Path.Combine(full, files[i].Name), overwrite: true);
            }
        }
        finally
        {
            foreach (string temporary in written)
            {
                if (File.Exists(temporary))
                {
                    File.Delete(temporary);
                }
            }
        }

        return Path.Combine(full, HtmlFileName);
    }

    /// <summary>
    /// The HTML document: summary metrics, the plots (when given), per-label table, calibration bins, the confusion
    /// matrix table (for few labels) and the skipped test rows, with inline CSS only; given
    /// <paramref name="modelLabels"/>, a note under the summary names the test labels the model does not have.
    /// </summary>
    public static string RenderHtml(
        ClassificationMetrics metrics, string bundlePath, string testPath, DateTimeOffset createdAt, ReportImages? plots = null, Dataset? testData = null, int? modelLabels = null)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        StringBuilder html = StartDocument(bundlePath, testPath, createdAt);
        html.Append("<table>\n<caption>Summary</caption>\n<tr><th>metric</th><th>value</th></tr>\n");
        SummaryRow(html, "examples", metrics.Count.ToString(CultureInfo.InvariantCulture));
        SummaryRow(html, "accuracy", MetricsTable.Format(metrics.Accuracy));
        SummaryRow(html, "macro-F1", MetricsTable.Format(metrics.MacroF1));
        SummaryRow(html, "weighted-F1", MetricsTable.Format(metrics.WeightedF1));
        SummaryRow(html, "macro precision", MetricsTable.Format(metrics.MacroPrecision));
        SummaryRow(html, "macro recall", MetricsTable.Format(metrics.MacroRecall));
        SummaryRow(html, "weighted precision", MetricsTable.Format(metrics.WeightedPrecision));
        SummaryRow(html, "weighted recall", MetricsTable.Format(metrics.WeightedRecall));
        SummaryRow(html, "log loss", MetricsTable.Format(metrics.LogLoss));
        SummaryRow(html, "ROC AUC (macro)", MetricsTable.Format(metrics.RocAucMacro));
        for (int k = 1; k < metrics.TopKAccuracy.Count; k++)
        {
            SummaryRow(html, $"top-{(k + 1).ToString(CultureInfo.InvariantCulture)} accuracy", MetricsTable.Format(metrics.TopKAccuracy[k]));
        }

        SummaryRow(html, "expected calibration error", MetricsTable.Format(metrics.ExpectedCalibrationError));
        if (metrics.SeenInTraining is int seen)
        {
            SummaryRow(html, "texts also in the training data", seen.ToString(CultureInfo.InvariantCulture));
        }

        if (metrics.Unseen is { } unseen)
        {
            SummaryRow(html, "accuracy on the other texts", MetricsTable.Format(unseen.Accuracy));
            SummaryRow(html, "macro-F1 on the other texts", MetricsTable.Format(unseen.MacroF1));
        }

        foreach ((string name, string value) in MetricsTable.AbstainRows(metrics.Abstain))
        {
            SummaryRow(html, name, value);
        }

        if (metrics.TrainSeconds is double trainSeconds)
        {
            // As the terminal table and metrics.json give it (train --report).
            SummaryRow(html, "train seconds", trainSeconds.ToString("F3", CultureInfo.InvariantCulture));
        }

        if (metrics.EvalSeconds is double evalSeconds)
        {
            SummaryRow(html, "eval seconds", evalSeconds.ToString("F3", CultureInfo.InvariantCulture));
        }

        html.Append("</table>\n");
        AppendNote(html, modelLabels is int known ? CommonOptions.UnknownLabelsNote(known, metrics, isolate: true) : null);

        if (plots is not null)
        {
            AppendImage(html, "Confusion matrix (rows normalised by the true label's support)", ConfusionMatrixFileName, plots.ConfusionMatrixPng);
            AppendImage(html, "ROC curves (one-vs-rest)", RocFileName, plots.RocPng);
        }

        AppendPerLabel(html, metrics.PerLabel, c => MetricsTable.HasNoScores(metrics, c), predicted: false);
        AppendCalibration(html, metrics);
        if (metrics.Labels.Count <= MaxConfusionTableLabels)
        {
            AppendConfusionMatrix(html, ReportPlotData.Of(metrics), "Confusion matrix (rows: true label, columns: predicted label)");
        }

        return EndDocument(html, testData);
    }

    /// <summary>
    /// The HTML document of a multi-label model: the summary (subset accuracy, Hamming loss, micro, macro and weighted
    /// scores), the plots (when given), the per-label table, the label co-occurrence table (for few labels) and the
    /// skipped test rows; given <paramref name="modelLabels"/>, a note under the summary names the test labels the model
    /// does not have.
    /// </summary>
    public static string RenderHtml(
        MultiLabelMetrics metrics, string bundlePath, string testPath, DateTimeOffset createdAt, ReportImages? plots = null, Dataset? testData = null, int? modelLabels = null, int? modelLabelCount = null)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        StringBuilder html = StartDocument(bundlePath, testPath, createdAt);
        html.Append("<table>\n<caption>Summary (multi-label)</caption>\n<tr><th>metric</th><th>value</th></tr>\n");
        SummaryRow(html, "examples", metrics.Count.ToString(CultureInfo.InvariantCulture));
        SummaryRow(html, "subset accuracy (exact match)", MetricsTable.Format(metrics.SubsetAccuracy));
        SummaryRow(html, "Hamming loss", MetricsTable.Format(metrics.HammingLoss));
        SummaryRow(html, "micro precision", MetricsTable.Format(metrics.MicroPrecision));
        SummaryRow(html, "micro recall", MetricsTable.Format(metrics.MicroRecall));
        SummaryRow(html, "micro-F1", MetricsTable.Format(metrics.MicroF1));
        SummaryRow(html, "macro precision", MetricsTable.Format(metrics.MacroPrecision));
        SummaryRow(html, "macro recall", MetricsTable.Format(metrics.MacroRecall));
        SummaryRow(html, "macro-F1", MetricsTable.Format(metrics.MacroF1));
        SummaryRow(html, "weighted-F1", MetricsTable.Format(metrics.WeightedF1));
        SummaryRow(html, "log loss (per label)", MetricsTable.Format(metrics.LogLoss));
        SummaryRow(html, "ROC AUC (macro)", MetricsTable.Format(metrics.RocAucMacro));
        if (metrics.SeenInTraining is int seen)
        {
            SummaryRow(html, "texts also in the training data", seen.ToString(CultureInfo.InvariantCulture));
        }

        if (metrics.Unseen is { } unseen)
        {
            SummaryRow(html, "subset accuracy on the other texts", MetricsTable.Format(unseen.SubsetAccuracy));
            SummaryRow(html, "macro-F1 on the other texts", MetricsTable.Format(unseen.MacroF1));
        }

        if (metrics.TrainSeconds is double trainSeconds && double.IsFinite(trainSeconds))
        {
            SummaryRow(html, "train seconds", trainSeconds.ToString("F3", CultureInfo.InvariantCulture));
        }

        if (metrics.EvalSeconds is double evalSeconds)
        {
            SummaryRow(html, "eval seconds", evalSeconds.ToString("F3", CultureInfo.InvariantCulture));
        }

        html.Append("</table>\n");
        AppendNote(html, modelLabels is int known ? CommonOptions.UnknownLabelsNote(known, metrics, isolate: true, modelLabelCount) : null);
        if (plots is not null)
        {
            AppendImage(html, "Label co-occurrence (rows divided by the true label's support)", ConfusionMatrixFileName, plots.ConfusionMatrixPng);
            AppendImage(html, "ROC curves (each label against the rest)", RocFileName, plots.RocPng);
        }

        AppendPerLabel(html, metrics.PerLabel, c => metrics.PerLabel[c] is { Support: 0, Predicted: 0 }, predicted: true);
        if (metrics.Labels.Count <= MaxConfusionTableLabels)
        {
            AppendConfusionMatrix(
                html,
                ReportPlotData.Of(metrics),
                "Label co-occurrence (rows: a label the text carries, columns: a label predicted for it; a text counts once in every pair of its sets)");
        }

        return EndDocument(html, testData);
    }

    private static string EndDocument(StringBuilder html, Dataset? testData)
    {
        if (testData is not null)
        {
            AppendSkippedRows(html, testData);
        }

        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    // Precision, recall, F1, ROC AUC and support of every label (and how many texts were given it, multi-label);
    // "n/a" for the scores of a label neither in the test data nor predicted, which the macro averages leave out.
    private static void AppendPerLabel(StringBuilder html, IReadOnlyList<LabelMetrics> perLabel, Func<int, bool> noScores, bool predicted)
    {
        html.Append("<table>\n<caption>Per label</caption>\n<tr><th>#</th><th>label</th><th>precision</th><th>recall</th><th>F1</th><th>ROC AUC</th><th>support</th>")
            .Append(predicted ? "<th>predicted</th>" : string.Empty).Append("</tr>\n");
        string[] names = ShownLabels.Of([.. perLabel.Select(label => label.Label)]);
        for (int c = 0; c < perLabel.Count; c++)
        {
            LabelMetrics label = perLabel[c];
            html.Append("<tr>");
            Number(html, c.ToString(CultureInfo.InvariantCulture));
            html.Append(LabelCell).Append(Encode(names[c])).Append("</td>");
            bool undefined = noScores(c);
            Number(html, undefined ? "n/a" : MetricsTable.Format(label.Precision));
            Number(html, undefined ? "n/a" : MetricsTable.Format(label.Recall));
            Number(html, undefined ? "n/a" : MetricsTable.Format(label.F1));
            Number(html, MetricsTable.Format(label.RocAuc));
            Number(html, label.Support.ToString(CultureInfo.InvariantCulture));
            if (predicted)
            {
                Number(html, (label.Predicted ?? 0).ToString(CultureInfo.InvariantCulture));
            }

            html.Append("</tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void AppendConfusionMatrix(StringBuilder html, ReportPlotData data, string caption)
    {
        html.Append("<table>\n<caption>").Append(Encode(caption)).Append("</caption>\n<tr><th>true \\ predicted</th>");
        string[] names = ShownLabels.Of(data.Labels);
        foreach (string name in names)
        {
            html.Append(LabelHeader).Append(Encode(name)).Append("</th>");
        }

        html.Append("</tr>\n");
        for (int t = 0; t < data.ConfusionMatrix.Length; t++)
        {
            int[] row = data.ConfusionMatrix[t];
            long support = data.RowTotals[t];
            html.Append("<tr>").Append(LabelHeader).Append(Encode(names[t])).Append("</th>");
            for (int p = 0; p < row.Length; p++)
            {
                // Shade by the share of the true label's rows: green on the diagonal, red elsewhere.
                double share = support == 0 ? 0 : (double)row[p] / support;
                string hue = t == p ? "120" : "0";
                string alpha = (0.08 + (0.6 * share)).ToString("F2", CultureInfo.InvariantCulture);
                html.Append("<td class=\"num\" style=\"background: hsla(").Append(hue).Append(", 60%, 45%, ")
                    .Append(row[p] == 0 ? "0" : alpha).Append(")\">")
                    .Append(row[p].ToString(CultureInfo.InvariantCulture)).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</table>\n");
    }

    // The document's head, title and the model, data and time it is about.
    private static StringBuilder StartDocument(string bundlePath, string testPath, DateTimeOffset createdAt)
    {
        var html = new StringBuilder(4096);
        html.Append("""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>textclf evaluation report</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
            table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
            th, td { border: 1px solid #ccc; padding: 0.3rem 0.6rem; }
            td[dir="auto"], th[dir="auto"] { overflow-wrap: anywhere; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; }
            th { background: #f3f3f3; }
            caption { text-align: left; font-weight: 600; margin-bottom: 0.3rem; }
            .meta { color: #555; }
            .note { color: #8a4b00; }
            img { max-width: 100%; height: auto; border: 1px solid #ddd; margin: 0.5rem 0 1.5rem; }
            </style>
            </head>
            <body>
            <h1>Evaluation report</h1>

            """);
        html.Append("<p class=\"meta\">Model: <code>").Append(Encode(bundlePath))
            .Append("</code><br>Test data: <code>").Append(Encode(testPath))
            .Append("</code><br>Created: ").Append(Encode(createdAt.ToString("u", CultureInfo.InvariantCulture))).Append("</p>\n");

        return html;
    }

    /// <summary>A figure whose image is embedded as a data URI, with a link to the PNG file beside the report.</summary>
    private static void AppendImage(StringBuilder html, string caption, string fileName, byte[] png)
    {
        html.Append("<figure>\n<figcaption><b>").Append(Encode(caption)).Append("</b> (<a href=\"").Append(fileName).Append("\">")
            .Append(fileName).Append("</a>)</figcaption>\n<img alt=\"").Append(Encode(caption)).Append("\" src=\"data:image/png;base64,")
            .Append(Convert.ToBase64String(png)).Append("\">\n</figure>\n");
    }

    private static void AppendCalibration(StringBuilder html, ClassificationMetrics metrics)
    {
        html.Append("<table>\n<caption>Calibration (confidence = probability of the predicted label)</caption>\n")
            .Append("<tr><th>confidence</th><th>rows</th><th>mean confidence</th><th>accuracy</th></tr>\n");
        foreach (CalibrationBin bin in metrics.CalibrationBins)
        {
            html.Append("<tr><td>")
                .Append(bin.Lower.ToString("F1", CultureInfo.InvariantCulture)).Append(" – ")
                .Append(bin.Upper.ToString("F1", CultureInfo.InvariantCulture)).Append("</td>");
            Number(html, bin.Count.ToString(CultureInfo.InvariantCulture));
            Number(html, MetricsTable.Format(bin.MeanConfidence));
            Number(html, MetricsTable.Format(bin.Accuracy));
            html.Append("</tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void AppendSkippedRows(StringBuilder html, Dataset data)
    {
        html.Append("<table>\n<caption>Test rows not evaluated</caption>\n<tr><th>reason</th><th>rows</th><th>first lines</th></tr>\n");
        foreach (KeyValuePair<string, int> reason in data.CountSkippedByReason())
        {
            html.Append("<tr><td>").Append(Encode(reason.Key)).Append("</td>");
            Number(html, reason.Value.ToString(CultureInfo.InvariantCulture));
            html.Append("<td>").Append(Encode(CommonOptions.FirstLines(data.Skipped, reason.Key))).Append("</td></tr>\n");
        }

        if (data.Skipped.Count == 0)
        {
            html.Append("<tr><td>none</td>");
            Number(html, "0");
            html.Append("<td></td></tr>\n");
        }

        html.Append("</table>\n");
        if (data.Conflicts.Count > 0)
        {
            html.Append("<p>").Append(data.Conflicts.Count.ToString(CultureInfo.InvariantCulture))
                .Append(data.Conflicts.Count == 1 ? " test text occurs" : " test texts occur").Append(" with more than one label.</p>\n");
        }
    }

    // A warning paragraph under the summary (none when there is nothing to say).
    private static void AppendNote(StringBuilder html, string? note)
    {
        if (note is not null)
        {
            html.Append("<p class=\"note\">").Append(Encode(note)).Append("</p>\n");
        }
    }

    private static void SummaryRow(StringBuilder html, string name, string value)
    {
        html.Append("<tr><td>").Append(Encode(name)).Append("</td>");
        Number(html, value);
        html.Append("</tr>\n");
    }

    private static void Number(StringBuilder html, string value) =>
        html.Append("<td class=\"num\">").Append(Encode(value)).Append("</td>");

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}

/// <summary>The PNG plots of a report, embedded into its HTML.</summary>
/// <param name="ConfusionMatrixPng">The row-normalised confusion-matrix heatmap.</param>
/// <param name="RocPng">The one-vs-rest ROC curves.</param>
internal sealed record ReportImages(byte[] ConfusionMatrixPng, byte[] RocPng);
