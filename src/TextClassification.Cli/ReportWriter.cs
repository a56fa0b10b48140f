using System.Globalization;
using System.Net;
using System.Text;
using TextClassification.Training.Evaluation;

namespace TextClassification.Cli;

/// <summary>Writes an evaluation report folder: <c>metrics.json</c> and a self-contained <c>report.html</c>.</summary>
internal static class ReportWriter
{
    public const string MetricsFileName = "metrics.json";
    public const string HtmlFileName = "report.html";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes both files into <paramref name="folder"/> (created when missing); returns the HTML file's full path.</summary>
    public static string Write(string folder, ClassificationMetrics metrics, string bundlePath, string testPath)
    {
        string full = Path.GetFullPath(folder);
        Directory.CreateDirectory(full);
        MetricsJson.Write(metrics, Path.Combine(full, MetricsFileName));
        string htmlPath = Path.Combine(full, HtmlFileName);
        File.WriteAllText(htmlPath, RenderHtml(metrics, bundlePath, testPath, DateTimeOffset.UtcNow), Utf8NoBom);
        return htmlPath;
    }

    /// <summary>The HTML document: summary metrics, per-label table and the confusion matrix, with inline CSS only.</summary>
    public static string RenderHtml(ClassificationMetrics metrics, string bundlePath, string testPath, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(metrics);
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
            td.num { text-align: right; font-variant-numeric: tabular-nums; }
            th { background: #f3f3f3; }
            caption { text-align: left; font-weight: 600; margin-bottom: 0.3rem; }
            .meta { color: #555; }
            </style>
            </head>
            <body>
            <h1>Evaluation report</h1>

            """);
        html.Append("<p class=\"meta\">Model: <code>").Append(Encode(bundlePath))
            .Append("</code><br>Test data: <code>").Append(Encode(testPath))
            .Append("</code><br>Created: ").Append(Encode(createdAt.ToString("u", CultureInfo.InvariantCulture))).Append("</p>\n");

        html.Append("<table>\n<caption>Summary</caption>\n<tr><th>metric</th><th>value</th></tr>\n");
        SummaryRow(html, "examples", metrics.Count.ToString(CultureInfo.InvariantCulture));
        SummaryRow(html, "accuracy", MetricsTable.Format(metrics.Accuracy));
        SummaryRow(html, "macro-F1", MetricsTable.Format(metrics.MacroF1));
        SummaryRow(html, "weighted-F1", MetricsTable.Format(metrics.WeightedF1));
        SummaryRow(html, "macro precision", MetricsTable.Format(metrics.MacroPrecision));
        SummaryRow(html, "macro recall", MetricsTable.Format(metrics.MacroRecall));
        SummaryRow(html, "log loss", MetricsTable.Format(metrics.LogLoss));
        SummaryRow(html, "ROC AUC (macro)", MetricsTable.Format(metrics.RocAucMacro));
        SummaryRow(html, "eval seconds", metrics.EvalSeconds.ToString("F3", CultureInfo.InvariantCulture));
        html.Append("</table>\n");

        html.Append("<table>\n<caption>Per label</caption>\n<tr><th>label</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr>\n");
        foreach (LabelMetrics label in metrics.PerLabel)
        {
            html.Append("<tr><td>").Append(Encode(label.Label)).Append("</td>");
            Number(html, MetricsTable.Format(label.Precision));
            Number(html, MetricsTable.Format(label.Recall));
            Number(html, MetricsTable.Format(label.F1));
            Number(html, label.Support.ToString(CultureInfo.InvariantCulture));
            html.Append("</tr>\n");
        }

        html.Append("</table>\n");
        AppendConfusionMatrix(html, metrics);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendConfusionMatrix(StringBuilder html, ClassificationMetrics metrics)
    {
        html.Append("<table>\n<caption>Confusion matrix (rows: true label, columns: predicted label)</caption>\n<tr><th>true \\ predicted</th>");
        foreach (string label in metrics.Labels)
        {
            html.Append("<th>").Append(Encode(label)).Append("</th>");
        }

        html.Append("</tr>\n");
        for (int t = 0; t < metrics.ConfusionMatrix.Length; t++)
        {
            int[] row = metrics.ConfusionMatrix[t];
            int support = row.Sum();
            html.Append("<tr><th>").Append(Encode(metrics.Labels[t])).Append("</th>");
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
