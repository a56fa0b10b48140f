using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SkiaSharp;
using Spectre.Console;
using TextClassification.Cli;
using TextClassification.Training.Evaluation;
using Xunit.Abstractions;

namespace TextClassification.Tests.Cli;

/// <summary>The evaluation report folder and its plots, and the data-cleaning flags of <c>train</c> and <c>eval</c>.</summary>
public sealed class ReportTests(CliFixture fixture, ITestOutputHelper output) : IClassFixture<CliFixture>
{
    [Fact]
    public void Eval_Report_WritesJsonPngsAndHtmlWithTheSamePngsEmbedded()
    {
        string folder = fixture.NewPath("report");

        CliResult result = CliResult.Run(null, "eval", fixture.Bundle, fixture.TestTsv, "--report", folder);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("ROC AUC", result.Out, StringComparison.Ordinal);
        Assert.Contains("calibration error (ECE)", result.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, "metrics.json")));
        string html = File.ReadAllText(Path.Combine(folder, "report.html"));
        foreach (string png in new[] { "confusion-matrix.png", "roc.png" })
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(folder, png));
            AssertDrawnPng(bytes, minWidth: 400);
            Assert.Contains($"<a href=\"{png}\">", html, StringComparison.Ordinal);
            Assert.Contains("data:image/png;base64," + Convert.ToBase64String(bytes) + "\"", html, StringComparison.Ordinal);
        }

        Assert.Contains("Calibration", html, StringComparison.Ordinal);
        Assert.Contains("Test rows not evaluated", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"http", html, StringComparison.Ordinal); // nothing fetched from elsewhere
    }

    [Theory]
    [InlineData("/dev/stdout")]
    [InlineData("-")] // the usual spelling of standard output; it wrote a file named "-"
    public async Task Eval_MetricsJsonOnStandardOutput_LeavesStandardOutputToTheJson(string path)
    {
        // A real process: /dev/stdout is the process's own. The tables went first and broke `| jq` (an outside user).
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { Path.Combine(AppContext.BaseDirectory, "textclf.dll"), "eval", fixture.Bundle, fixture.TestTsv, "--metrics-json", path })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        Task<string> errorTask = process.StandardError.ReadToEndAsync();
        string json = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        string error = await errorTask;

        Assert.True(process.ExitCode == 0, error);
        using var document = System.Text.Json.JsonDocument.Parse(json);
        Assert.InRange(document.RootElement.GetProperty("accuracy").GetDouble(), 0, 1);
        Assert.Contains("Test metrics", error, StringComparison.Ordinal);
        Assert.False(File.Exists("-"), "a file named - was written");
    }

    [Fact]
    public void Train_Report_NeedsTest_AndWritesTheReportWithIt()
    {
        CliResult without = CliResult.Run(null, "train", fixture.TrainTsv, "--out", fixture.NewPath("bundle"), "--report", fixture.NewPath("r"));
        Assert.Equal(2, without.ExitCode);
        Assert.Contains("--report needs --test", without.Error, StringComparison.Ordinal);

        string folder = fixture.NewPath("report");
        CliResult with = CliResult.Run(
            null, "train", fixture.TrainTsv, "--test", fixture.TestTsv, "--out", fixture.NewPath("bundle"), "--report", folder, "--epochs", "3");
        Assert.True(with.ExitCode == 0, with.ToString());
        Assert.True(File.Exists(Path.Combine(folder, "report.html")));
        Assert.True(File.Exists(Path.Combine(folder, "roc.png")));
        // The training time, as the terminal table and metrics.json give it.
        Assert.Matches(@"<td>train seconds</td><td class=""num"">\d+\.\d{3}</td>", File.ReadAllText(Path.Combine(folder, "report.html")));
    }

    [Fact]
    public void Train_CleaningFlags_DropRowsAndPrintCountsByReason()
    {
        // Lines: 2-4 billing (one in capitals), 5 an exact duplicate of 2, 6 a conflicting label for line 3's text,
        // 7 a label outside the allowed list, then enough clean rows to train on.
        var tsv = new System.Text.StringBuilder("label\ttext\n");
        tsv.Append("billing\tinvoice refund please\n")
            .Append("BILLING\tmy card was charged\n")
            .Append("billing\twrong price on bill\n")
            .Append("billing\tinvoice refund please\n")
            .Append("shipping\tmy card was charged\n")
            .Append("spam\tbuy cheap watches\n");
        for (int i = 0; i < 10; i++)
        {
            tsv.Append("billing\tpayment receipt ").Append(i).Append('\n');
            tsv.Append("shipping\tparcel tracking ").Append(i).Append('\n');
        }

        string train = fixture.Write(Guid.NewGuid().ToString("N") + ".tsv", tsv.ToString());

        CliResult result = CliResult.Run(
            null, "train", train, "--out", fixture.NewPath("bundle"), "--epochs", "2",
            "--lowercase-labels", "--allowed-labels", "billing, shipping", "--drop-conflicts");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(
            "22 rows read, 4 skipped (conflicting labels: 2, duplicate: 1, label not allowed: 1)", result.Out, StringComparison.Ordinal);
        Assert.Contains("skipped line 3: conflicting labels", result.Out, StringComparison.Ordinal);
        Assert.Contains("skipped line 5: duplicate", result.Out, StringComparison.Ordinal);
        Assert.Contains("skipped line 7: label not allowed", result.Out, StringComparison.Ordinal);
        Assert.Contains("1 text occurs with different labels (dropped), e.g. lines 3, 6", result.Out, StringComparison.Ordinal);
        Assert.Contains("Trained 2 labels (billing, shipping)", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_names_the_first_line_of_every_skip_reason_even_after_many_rows_of_another()
    {
        // Lines 2-3 hold a text, lines 4-10 seven copies of line 2 (duplicates), line 11 an empty label and line 12 an
        // empty text: the terminal listed the first five skipped rows only, all duplicates, so the empty label and
        // empty text were counted but no line of theirs was named.
        var tsv = new System.Text.StringBuilder("label\ttext\n");
        tsv.Append("billing\tinvoice refund please\n").Append("shipping\tparcel late\n");
        for (int i = 0; i < 7; i++)
        {
            tsv.Append("billing\tinvoice refund please\n");
        }

        tsv.Append(" \tno label here\n").Append("shipping\t  \n");
        for (int i = 0; i < 10; i++)
        {
            tsv.Append("billing\tpayment receipt ").Append(i).Append('\n');
            tsv.Append("shipping\tparcel tracking ").Append(i).Append('\n');
        }

        string train = fixture.Write(Guid.NewGuid().ToString("N") + ".tsv", tsv.ToString());

        CliResult result = CliResult.Run(null, "train", train, "--out", fixture.NewPath("bundle"), "--epochs", "2", "--dedupe");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("22 rows read, 9 skipped (duplicate: 7, empty label: 1, empty text: 1)", result.Out, StringComparison.Ordinal);
        Assert.Contains("skipped line 4: duplicate", result.Out, StringComparison.Ordinal);
        Assert.Contains("skipped line 11: empty label", result.Out, StringComparison.Ordinal);
        Assert.Contains("skipped line 12: empty text", result.Out, StringComparison.Ordinal);
        Assert.Contains("… and 2 more skipped rows", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_AllowedLabels_SkipsRowsAndTheReportCountsThem()
    {
        string folder = fixture.NewPath("report");

        CliResult result = CliResult.Run(null, "eval", fixture.Bundle, fixture.TestTsv, "--allowed-labels", "billing,tech", "--report", folder);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("30 rows read, 15 skipped (label not allowed: 15)", result.Out, StringComparison.Ordinal);
        string html = File.ReadAllText(Path.Combine(folder, "report.html"));
        Assert.Contains("<tr><td>label not allowed</td><td class=\"num\">15</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void AllowedLabels_WithNoLabel_IsAUsageError()
    {
        CliResult result = CliResult.Run(null, "eval", fixture.Bundle, fixture.TestTsv, "--allowed-labels", " , ");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--allowed-labels needs at least one label", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AllowedLabels_WithAStarInAList_IsAUsageError()
    {
        CliResult result = CliResult.Run(null, "eval", fixture.Bundle, fixture.TestTsv, "--allowed-labels", "billing,*");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--allowed-labels '*' keeps every label; give it alone", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfusionMatrixPng_With77Labels_RendersALargerImageThanWith3()
    {
        ClassificationMetrics few = Synthetic(3);
        ClassificationMetrics many = Synthetic(77);

        byte[] small = ReportPlots.ConfusionMatrixPng(few);
        byte[] large = ReportPlots.ConfusionMatrixPng(many);

        using SKBitmap smallImage = AssertDrawnPng(small, minWidth: 400);
        using SKBitmap largeImage = AssertDrawnPng(large, minWidth: 1100);
        Assert.True(largeImage.Height > smallImage.Height);
        AssertDrawnPng(ReportPlots.RocPng(many), minWidth: 600).Dispose();
    }

    [Fact]
    public void RocPlot_ShowsAllCurvesForFewLabels_AndTheTenBestSupportedForMany()
    {
        Assert.Equal(3, ReportPlots.ChooseRocCurves(Synthetic(3).RocCurves).Count);

        // Synthetic(12) gives label i (i + 1) rows: the ten shown are labels 11 down to 2.
        List<RocCurve> shown = ReportPlots.ChooseRocCurves(Synthetic(12).RocCurves);
        Assert.Equal(ReportPlots.MaxRocCurves, shown.Count);
        Assert.Equal("label11", shown[0].Label);
        Assert.DoesNotContain(shown, curve => curve.Label is "label0" or "label1");
    }

    [Fact]
    public void RocPlot_OnABalancedTestSet_ShowsTheLabelsWithTheLowestAuc()
    {
        // Every label has one positive among twelve rows (a balanced test set, as banking77's 40 rows a label); label c
        // outranks 12 - c of the 12 negatives, so its AUC falls with c. The ten shown are labels 11 down to 2, worst
        // first; label order alone showed labels 0 to 9, the best-ranked ones.
        var curves = new List<RocCurve>();
        float[] negatives = [.. Enumerable.Range(0, 12).Select(k => k / 12f)];
        for (int c = 0; c < 12; c++)
        {
            float positive = (11 - c + 0.5f) / 12f;
            curves.Add(RocCurve.Create("label" + c, [positive, .. negatives], [true, .. new bool[12]]));
        }

        List<RocCurve> shown = ReportPlots.ChooseRocCurves(curves);

        Assert.Equal(ReportPlots.MaxRocCurves, shown.Count);
        Assert.Equal([.. Enumerable.Range(2, 10).Reverse().Select(c => "label" + c)], shown.Select(curve => curve.Label));
    }

    [Fact]
    public void RocPlot_OnABalancedTestSet_DrawsTheModelsWorstLabelsBeforeLabelsItLacks()
    {
        // Label c outranks 30 - c of 30 negatives (AUC 1 down to 0.63); two test labels the model lacks score 0 on every
        // row: their curves are the diagonal (AUC 0.5), below every label the model knows, and lowest-AUC-first drew
        // them first, in two of the ten places.
        var curves = new List<RocCurve>();
        float[] negatives = [.. Enumerable.Range(0, 30).Select(k => k / 30f)];
        for (int c = 0; c < 12; c++)
        {
            float positive = (29 - c + 0.5f) / 30f;
            curves.Add(RocCurve.Create("label" + c, [positive, .. negatives], [true, .. new bool[30]]));
        }

        curves.Add(RocCurve.Create("unknown0", new float[31], [true, .. new bool[30]]));
        curves.Add(RocCurve.Create("unknown1", new float[31], [true, .. new bool[30]]));
        Assert.Equal(0.5, curves[^1].Auc);
        Assert.True(curves[11].Auc > 0.6);

        List<RocCurve> shown = ReportPlots.ChooseRocCurves(curves);

        Assert.Equal([.. Enumerable.Range(2, 10).Reverse().Select(c => "label" + c)], shown.Select(curve => curve.Label));
    }

    [Fact]
    public void MacroAverageCurve_AveragesInterpolatedTruePositiveRates()
    {
        // A perfect curve (TPR 1 from FPR 0 on) and the diagonal (TPR = FPR): the average is (1 + x) / 2.
        RocCurve perfect = RocCurve.Create("p", [0.9f, 0.1f], [true, false]);
        RocCurve diagonal = RocCurve.Create("d", [0.5f, 0.5f], [true, false]);

        (double[] x, double[] y) = ReportPlots.MacroAverageCurve([perfect, diagonal, RocCurve.Create("undefined", [0.5f], [true])]);

        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal((1 + x[i]) / 2, y[i], 12);
        }
    }

    [Fact]
    public void MacroAverageCurve_IsTheSameOverTheCornersAsOverEveryThreshold()
    {
        // Curves with long runs of one kind (most points left out) and ties (diagonal steps): the report's average
        // interpolates the kept corners exactly as it did every point.
        var random = new Random(46);
        var kept = new List<RocCurve>();
        var full = new List<RocCurve>();
        for (int c = 0; c < 5; c++)
        {
            var scores = new float[400];
            var isPositive = new bool[400];
            for (int i = 0; i < scores.Length; i++)
            {
                isPositive[i] = random.Next(4 + c) == 0;
                scores[i] = MathF.Round((float)random.NextDouble() + (isPositive[i] ? 0.5f : 0f), c + 2);
            }

            kept.Add(RocCurve.Create("label" + c, scores, isPositive));
            full.Add(RocCurve.Create("label" + c, scores, isPositive, dropIntermediate: false));
            Assert.True(kept[c].Thresholds.Count < full[c].Thresholds.Count, $"curve {c} keeps all of its {full[c].Thresholds.Count} points");
        }

        (double[] x, double[] y) = ReportPlots.MacroAverageCurve(kept);
        (double[] fullX, double[] fullY) = ReportPlots.MacroAverageCurve(full);

        Assert.Equal(fullX, x);
        for (int i = 0; i < y.Length; i++)
        {
            Assert.Equal(fullY[i], y[i], 12);
        }
    }

    [Fact]
    public void Shorten_KeepsTheHeadAndTheTailOfALongLabel()
    {
        Assert.Equal("short", ReportPlots.Shorten("short"));
        Assert.Equal(
            "Electronics > Comp… > Gaming",
            ReportPlots.Shorten("Electronics > Computers > Laptops > Gaming"));
        string cut = ReportPlots.Shorten(new string('x', 40));
        Assert.Equal(28, cut.Length);
        Assert.Equal(new string('x', 18) + "…" + new string('x', 9), cut);
    }

    [Property(MaxTest = 300)]
    public Property Shorten_NeverSplitsACharacter_AndKeepsAtMost28()
    {
        // Pieces of one, two (a surrogate pair) and three (emoji + variation selector, letter + two accents) UTF-16 units.
        string[] pieces = ["a", "W", "😀", "🇫🇷", "e\u0301\u0308", "日", "❤️", " ", ">"];
        Gen<string> labels = Gen.ListOf(Gen.Elements(pieces)).Select(parts => string.Concat(parts));
        return Prop.ForAll(labels.ToArbitrary(), label =>
        {
            string shortened = ReportPlots.Shorten(label);
            int elements = new StringInfo(shortened).LengthInTextElements;
            bool valid = IsWellFormed(shortened);
            bool unchangedWhenShort = new StringInfo(label).LengthInTextElements > 28 || shortened == label;
            return (valid && elements <= 28 && unchangedWhenShort).Label($"'{shortened}' ({elements} elements, well-formed {valid})");
        });
    }

    [Fact]
    public void ShortNames_NumberTheLabelsWhoseShortNamesCollide()
    {
        string[] labels =
        [
            "Electronics > Computers > Laptops > Gaming > Pro",
            "Electronics > Computers > Desktops > Gaming > Pro",
            "short",
        ];

        string[] names = ReportPlots.ShortNames(labels);

        Assert.StartsWith("[0] ", names[0], StringComparison.Ordinal);
        Assert.StartsWith("[1] ", names[1], StringComparison.Ordinal);
        Assert.Equal("short", names[2]);
        Assert.Equal(3, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Plots_DrawLongEmojiLabels()
    {
        // 40 emoji are 80 UTF-16 units: cut by units, a lone high surrogate made ScottPlot's font detection throw.
        ClassificationMetrics metrics = Named([string.Concat(Enumerable.Repeat("😀", 40)), "plain"]);

        AssertDrawnPng(ReportPlots.ConfusionMatrixPng(metrics), minWidth: 400).Dispose();
        AssertDrawnPng(ReportPlots.RocPng(metrics), minWidth: 400).Dispose();
    }

    [Fact]
    public void ConfusionMatrixPng_MakesRoomForWideLetters()
    {
        // Same length, different glyph widths: the margins follow the names as drawn, not their char counts.
        using SKBitmap narrow = AssertDrawnPng(ReportPlots.ConfusionMatrixPng(Named([new string('i', 27) + "a", new string('i', 27) + "b"])), minWidth: 400);
        using SKBitmap wide = AssertDrawnPng(ReportPlots.ConfusionMatrixPng(Named([new string('W', 27) + "A", new string('W', 27) + "B"])), minWidth: 400);

        Assert.True(wide.Width > narrow.Width + 50, $"{wide.Width} vs {narrow.Width}");
        Assert.True(wide.Height > narrow.Height + 50, $"{wide.Height} vs {narrow.Height}");
    }

    [Fact]
    public void ConfusionMatrixInTheTerminal_NeverWrapsACount()
    {
        // Twelve long labels and four-digit counts in 110 columns: the columns are numbered instead of named (twelve
        // named columns would take 12 · 34 chars; numbered, 1 + 16 + 3 + 12 · 7 = 104).
        string[] labels = Enumerable.Range(0, 12).Select(i => $"CATEGORY_NUMBER_{i:00}_WITH_LONG_NAME").ToArray();
        int[] gold = Enumerable.Range(0, 12 * 1200).Select(i => i % 12).ToArray();
        float[] probabilities = new float[gold.Length * 12];
        for (int i = 0; i < gold.Length; i++)
        {
            probabilities[(i * 12) + (i % 7 == 0 ? (gold[i] + 1) % 12 : gold[i])] = 1f;
        }

        ClassificationMetrics metrics = MetricsCalculator.Compute(labels, gold, probabilities);
        string narrow = RenderConfusion(metrics, width: 110);

        Assert.Contains("columns: the labels' numbers", narrow, StringComparison.Ordinal);
        Assert.All(narrow.Split('\n'), line => Assert.True(line.TrimEnd('\r').Length <= 110, line));
        for (int t = 0; t < 12; t++)
        {
            Assert.Contains($" {metrics.ConfusionMatrix[t][t]} ", narrow, StringComparison.Ordinal);
        }

        // Wide enough, the labels head the columns; too narrow for even the numbers, a line points to the report.
        string named = RenderConfusion(Synthetic(3), width: 120);
        Assert.Contains("Confusion matrix", named, StringComparison.Ordinal);
        Assert.DoesNotContain("numbers", named, StringComparison.Ordinal);
        Assert.Contains("│ label0 │ label1 │ label2 │", named, StringComparison.Ordinal);
        output.WriteLine(narrow);
        Assert.Contains("too wide to print here", RenderConfusion(metrics, width: 100), StringComparison.Ordinal);
    }

    [Fact]
    public void PerLabelTable_SaysNaForALabelWithNoTestRowsNeverPredicted()
    {
        // "rare" has no test row and no prediction: 0/0 scores, left out of the macro averages, so not shown as 0.
        int[] gold = [0, 0, 1, 1, 1, 0];
        float[] probabilities = [.. gold.SelectMany((g, i) => i == 5 ? new[] { 0.2f, 0.7f, 0.1f } : g == 0 ? new[] { 0.8f, 0.1f, 0.1f } : new[] { 0.1f, 0.8f, 0.1f })];
        ClassificationMetrics metrics = MetricsCalculator.Compute(["common", "other", "rare"], gold, probabilities);
        using var writer = new StringWriter();
        CliConsole console = CliConsole.For(writer, writer, new StringReader(string.Empty));

        MetricsTable.Write(console, metrics);

        string text = writer.ToString();
        Assert.Matches(@"│ rare\s+│\s+n/a │\s+n/a │\s+n/a │", text);
        Assert.Matches(@"│ common\s+│\s+1\.0000 │\s+0\.6667 │", text);
        Assert.Contains("n/a: 1 label with no test rows, never predicted; the macro averages leave them out.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void MultiLabelPerLabelTable_SaysNaForALabelWithNoTestRowsNeverPredicted()
    {
        // It showed 0.0000 three times while the macro averages (1.0000) left the label out (an outside user).
        // news outscores both other texts where it is the label (AUC 1); sport's text scores between the other two (AUC 0.5).
        MultiLabelMetrics metrics = MultiLabelMetrics.Compute(
            ["news", "sport", "weather"],
            [["news"], ["sport"], []],
            [["news"], ["sport"], []],
            [[0.9f, 0.8f, 0f], [0.1f, 0.7f, 0f], [0.2f, 0.3f, 0f]]);
        using var writer = new StringWriter();
        CliConsole console = CliConsole.For(writer, writer, new StringReader(string.Empty));

        MetricsTable.Write(console, metrics);

        string text = writer.ToString();
        Assert.Equal(0, metrics.PerLabel[2].Predicted);
        Assert.Matches(@"│ weather\s+│\s+n/a │\s+n/a │\s+n/a │\s+n/a │\s+0 │", text);
        // Each label's ROC AUC, as the single-label table has it; the multi-label one had left it out.
        Assert.Matches(@"│ news\s+│\s+1\.0000 │\s+1\.0000 │\s+1\.0000 │\s+1\.0000 │\s+1 │", text);
        Assert.Matches(@"│ sport\s+│\s+1\.0000 │\s+1\.0000 │\s+1\.0000 │\s+0\.5000 │\s+1 │", text);
        Assert.Contains("n/a: 1 label with no test rows, never predicted; the macro averages leave them out.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_MetricsJsonNamedAsAnotherFileOfTheReport_IsRefusedBeforeTheWork()
    {
        // --metrics-json dir/roc.png --report dir wrote the metrics, replaced them with the ROC plot, and said
        // "Wrote metrics to dir/roc.png". Named metrics.json, the report writes the same bytes there: allowed.
        string folder = fixture.NewPath("report");
        foreach (string name in new[] { "roc.png", "report.html", "confusion-matrix.png" })
        {
            CliResult refused = CliResult.Run(null, "eval", fixture.Bundle, fixture.TestTsv, "--metrics-json", Path.Combine(folder, name), "--report", folder);

            Assert.True(refused.ExitCode == 1, refused.ToString());
            Assert.Contains($"that is the {name} the report writes into --report", refused.Error, StringComparison.Ordinal);
            Assert.False(Directory.Exists(folder), refused.ToString());
        }

        CliResult result = CliResult.Run(null, "eval", fixture.Bundle, fixture.TestTsv, "--metrics-json", Path.Combine(folder, "metrics.json"), "--report", folder);
        Assert.True(result.ExitCode == 0, result.ToString());
        using var metrics = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "metrics.json")));
        Assert.True(metrics.RootElement.TryGetProperty("accuracy", out _));
    }

    [Fact]
    public void UnknownLabelsNote_SaysHowAnAbstainingModelTreatedTheUnknownLabelsRows()
    {
        // The model knows x and y and abstains below 0.7; z's first row is abstained on ("none of these", the answer a
        // user holding labels out of training hopes for), its second answered wrongly. The note had said only "Its 2
        // rows count as errors", true of the plain metrics but not of the accuracy on the answered texts (review 50h).
        ClassificationMetrics metrics = ModelEvaluator.MetricsOf(new ModelEvaluator.Scored(
            ["x", "y", "z"], [0, 2, 2], [0.9f, 0.1f, 0f, 0.6f, 0.4f, 0f, 0.2f, 0.8f, 0f], ModelLabels: 2, ConfidenceThreshold: 0.7f, Seconds: 0));
        Assert.Equal(1, metrics.Abstain!.UnknownLabelAbstained);
        Assert.Equal(2, metrics.Abstain.UnknownLabelRows);
        Assert.EndsWith(
            "Its 2 rows count as errors, and its ROC AUC is that of a constant score (0.5). " +
            "Below its confidence threshold the model abstained on 1 of them (\"none of these\"); the 1 it answered count against the accuracy on the answered texts.",
            CommonOptions.UnknownLabelsNote(2, metrics),
            StringComparison.Ordinal);
        using var json = System.Text.Json.JsonDocument.Parse(MetricsJson.Serialize(metrics));
        System.Text.Json.JsonElement abstain = json.RootElement.GetProperty("abstain");
        Assert.Equal(2, abstain.GetProperty("unknownLabelRows").GetInt32());
        Assert.Equal(1, abstain.GetProperty("unknownLabelAbstained").GetInt32());

        // Threshold 0 (the held-out texts all met the target): it abstained on none, said without "below its threshold".
        ClassificationMetrics never = ModelEvaluator.MetricsOf(new ModelEvaluator.Scored(
            ["x", "y", "z"], [0, 2, 2], [0.9f, 0.1f, 0f, 0.6f, 0.4f, 0f, 0.2f, 0.8f, 0f], ModelLabels: 2, ConfidenceThreshold: 0f, Seconds: 0));
        Assert.EndsWith(" The model abstained on none of them: all count against the accuracy on the answered texts.", CommonOptions.UnknownLabelsNote(2, never), StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownLabelsNote_AgreesWithHowManyLabelsAndRowsItNames()
    {
        // The model knows x and y; the test data adds z (2 rows), then z and w. One label's rows had read "Their 2 rows
        // count as errors, and their ROC AUC", and one multi-label label met once "their 1 occurrence count as missed labels".
        ClassificationMetrics one = MetricsCalculator.Compute(["x", "y", "z"], [0, 2, 2], [0.9f, 0.1f, 0f, 0.2f, 0.8f, 0f, 0.6f, 0.4f, 0f]);
        Assert.EndsWith(
            "1 test label is not among the model's 2: z (2). Its 2 rows count as errors, and its ROC AUC is that of a constant score (0.5).",
            CommonOptions.UnknownLabelsNote(2, one),
            StringComparison.Ordinal);
        ClassificationMetrics two = MetricsCalculator.Compute(["x", "y", "z", "w"], [0, 2, 3], [0.9f, 0.1f, 0f, 0f, 0.2f, 0.8f, 0f, 0f, 0.6f, 0.4f, 0f, 0f]);
        Assert.EndsWith("Their 2 rows count as errors, and their ROC AUC is that of a constant score (0.5).", CommonOptions.UnknownLabelsNote(2, two), StringComparison.Ordinal);

        MultiLabelMetrics multi = MultiLabelMetrics.Compute(["a", "b", "c"], [["a", "c"], ["b"]], [["a"], ["b"]], [[0.9f, 0.1f, 0f], [0.1f, 0.9f, 0f]]);
        Assert.Equal(
            "1 test label is not among the model's 2: c (1). The model never predicts it: its 1 occurrence counts as a missed label.",
            CommonOptions.UnknownLabelsNote(2, multi));
    }

    [Fact]
    public void Html_LetsARightToLeftLabelReadRightToLeft_InItsCellsAndInTheNote()
    {
        // "שלום!" in a left-to-right cell showed its "!" on the right, the wrong end; in the note "שלום (2), x" ran the
        // count into the Hebrew. Cells take their direction from the label; the note sets each label apart.
        string[] labels = ["x", "y", "שלום!"];
        ClassificationMetrics metrics = MetricsCalculator.Compute(labels, [0, 1, 2], [0.9f, 0.1f, 0f, 0.2f, 0.8f, 0f, 0.6f, 0.4f, 0f]);

        string html = ReportWriter.RenderHtml(metrics, "bundle", "test.tsv", DateTimeOffset.UnixEpoch, modelLabels: 2);

        Assert.Contains("<td dir=\"auto\">שלום!</td>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th dir=\"auto\">שלום!</th>", html, StringComparison.Ordinal);
        Assert.Contains("<th dir=\"auto\">x</th>", html, StringComparison.Ordinal);
        Assert.Contains("the model&#39;s 2: \u2068שלום!\u2069 (1).", html, StringComparison.Ordinal);
        // The terminal's warning is as it was.
        Assert.Contains("the model's 2: שלום! (1).", CommonOptions.UnknownLabelsNote(2, metrics), StringComparison.Ordinal);
    }

    [Fact]
    public void Html_LetsALongLabelBreakAnywhere_SoItsTableFitsThePage()
    {
        // A label of 400 letters without a space (a path, a URL, a code) made its row and the confusion matrix's column
        // 400 letters wide, the scores off the page. Label cells may break anywhere, so the table fits the window.
        string[] labels = ["x", new string('L', 400)];
        ClassificationMetrics metrics = MetricsCalculator.Compute(labels, [0, 1], [0.9f, 0.1f, 0.2f, 0.8f]);

        string html = ReportWriter.RenderHtml(metrics, "bundle", "test.tsv", DateTimeOffset.UnixEpoch);

        Assert.Matches(@"\[dir=""auto""\][^{}]*\{[^}]*overflow-wrap: anywhere;", html);
        Assert.Contains($"<td dir=\"auto\">{labels[1]}</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void MultiLabelReport_DividesEachCoOccurrenceRowByItsLabelsSupport_AndSaysNaInItsTable()
    {
        // {a,b}→{a}, {c}→{c}, {a}→{a,c}, {}→{b}, {}→{}: co-occurrence [[2,0,1],[1,0,0],[0,0,1]] (a's row sums to 3, but
        // 2 texts carry a: a→c is half of them); "d" is in no set, so n/a.
        MultiLabelMetrics metrics = MultiLabelMetrics.Compute(
            ["a", "b", "c", "d"],
            [["a", "b"], ["c"], ["a"], [], []],
            [["a"], ["c"], ["a", "c"], ["b"], []],
            [[0.9f, 0.2f, 0.1f, 0f], [0.1f, 0.3f, 0.9f, 0f], [0.8f, 0.1f, 0.6f, 0f], [0.1f, 0.6f, 0.2f, 0f], [0.2f, 0.1f, 0.1f, 0f]]);

        ReportPlotData data = ReportPlotData.Of(metrics);
        Assert.Equal([2L, 1, 1, 0], data.RowTotals);
        // Single-label rows are divided by their sums: x's three rows, y's one.
        Assert.Equal([3L, 1], ReportPlotData.Of(MetricsCalculator.Compute(["x", "y"], [0, 0, 0, 1], [0.9f, 0.1f, 0.2f, 0.8f, 0.6f, 0.4f, 0.3f, 0.7f])).RowTotals);
        AssertDrawnPng(ReportPlots.ConfusionMatrixPng(data), minWidth: 400).Dispose();
        AssertDrawnPng(ReportPlots.RocPng(data), minWidth: 400).Dispose();

        string html = ReportWriter.RenderHtml(metrics, "bundle", "test.tsv", DateTimeOffset.UnixEpoch);
        // a→c: one of a's two texts, shaded as 50 %: 0.08 + 0.6 · 0.5.
        Assert.Contains("hsla(0, 60%, 45%, 0.38)\">1</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td dir=\"auto\">d</td><td class=\"num\">n/a</td><td class=\"num\">n/a</td><td class=\"num\">n/a</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>subset accuracy (exact match)</td><td class=\"num\">0.4000</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Plots_DrawLabelsWithTheInstalledFontThatHasTheMostOfThem_AndNumberTheOnesItCannotDraw()
    {
        // The default font (DejaVu Serif) has no Arabic; SkiaSharp's dependency-free build finds no font by character,
        // so Arabic labels were boxes although DejaVu Sans has them, and two Chinese labels the same boxes.
        string[] labels = ["مرحبا", "天气", "音乐", "sport"];

        string family = ReportFonts.Choose(labels, ScottPlot.Fonts.Default, out bool[] drawable);

        // The most labels any family draws that also draws the plot's own text (titles, ticks: a Thai or emoji font
        // without Latin letters and digits turned everything else into boxes).
        int most = labels.Count(label => HasGlyphs(ScottPlot.Fonts.Default, label));
        foreach (string installed in SKFontManager.Default.FontFamilies.Where(ReportFonts.DrawsPlotText))
        {
            most = Math.Max(most, labels.Count(label => HasGlyphs(installed, label)));
        }

        Assert.True(family == ScottPlot.Fonts.Default || ReportFonts.DrawsPlotText(family), family);
        Assert.Equal(most, drawable.Count(d => d));
        for (int i = 0; i < labels.Length; i++)
        {
            Assert.Equal(HasGlyphs(family, labels[i]), drawable[i]);
        }

        string[] names = ReportPlots.ShortNames(labels, drawable);
        Assert.Equal(labels.Length, names.Distinct().Count());
        for (int i = 0; i < labels.Length; i++)
        {
            Assert.Equal(drawable[i] ? labels[i] : $"[{i}] {labels[i]}", names[i]);
        }

        // All-Latin labels keep the default font.
        Assert.Equal(ScottPlot.Fonts.Default, ReportFonts.Choose(["café", "naïve"], ScottPlot.Fonts.Default, out bool[] latin));
        Assert.All(latin, Assert.True);
        AssertDrawnPng(ReportPlots.ConfusionMatrixPng(Named(labels)), minWidth: 400).Dispose();
    }

    private static bool HasGlyphs(string family, string text)
    {
        using SKTypeface typeface = SKTypeface.FromFamilyName(family);
        using var font = new SKFont(typeface);
        return font.ContainsGlyphs(text);
    }

    private static string RenderConfusion(ClassificationMetrics metrics, int width)
    {
        using var writer = new StringWriter();
        IAnsiConsole console = PlainConsole.Create(writer, width);
        MetricsTable.WriteConfusionMatrix(console, writer, metrics);
        return writer.ToString();
    }

    private static bool IsWellFormed(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Metrics of two or more named labels, each with a few rows, one of them predicted wrong.</summary>
    private static ClassificationMetrics Named(string[] labels)
    {
        int[] gold = Enumerable.Range(0, labels.Length * 4).Select(i => i % labels.Length).ToArray();
        float[] probabilities = new float[gold.Length * labels.Length];
        for (int i = 0; i < gold.Length; i++)
        {
            probabilities[(i * labels.Length) + (i == 0 ? 1 : gold[i])] = 0.9f;
            probabilities[(i * labels.Length) + (i == 0 ? 0 : (gold[i] + 1) % labels.Length)] = 0.1f;
        }

        return MetricsCalculator.Compute(labels, gold, probabilities);
    }

    /// <summary>Metrics of <paramref name="labelCount"/> labels where label i has i + 1 rows, mostly predicted right.</summary>
    private static ClassificationMetrics Synthetic(int labelCount)
    {
        var labels = new string[labelCount];
        var gold = new List<int>();
        for (int c = 0; c < labelCount; c++)
        {
            labels[c] = "label" + c;
            for (int k = 0; k <= c; k++)
            {
                gold.Add(c);
            }
        }

        var probabilities = new float[gold.Count * labelCount];
        for (int i = 0; i < gold.Count; i++)
        {
            int predicted = i % 4 == 0 ? (gold[i] + 1) % labelCount : gold[i];
            for (int c = 0; c < labelCount; c++)
            {
                probabilities[(i * labelCount) + c] = c == predicted ? 0.6f : 0.4f / (labelCount - 1);
            }
        }

        return MetricsCalculator.Compute(labels, gold.ToArray(), probabilities);
    }

    /// <summary>Decodes the PNG (SkiaSharp, the library ScottPlot draws with) and checks it has real content.</summary>
    internal static SKBitmap AssertDrawnPng(byte[] png, int minWidth)
    {
        Assert.True(png.Length > 8 && png[0] == 0x89 && png[1] == (byte)'P' && png[2] == (byte)'N' && png[3] == (byte)'G', "not a PNG");
        SKBitmap bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        Assert.True(bitmap.Width >= minWidth, $"width {bitmap.Width} < {minWidth}");

        // A blank or failed rendering has one or two colours; text, axes and a colormap give many.
        var colors = new HashSet<SKColor>();
        for (int y = 0; y < bitmap.Height; y += 3)
        {
            for (int x = 0; x < bitmap.Width; x += 3)
            {
                colors.Add(bitmap.GetPixel(x, y));
            }
        }

        Assert.True(colors.Count >= 20, $"only {colors.Count} colours: the plot looks empty");
        return bitmap;
    }
}
