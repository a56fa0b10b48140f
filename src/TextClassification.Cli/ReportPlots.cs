using System.Globalization;
using ScottPlot;
using TextClassification.Training.Evaluation;

namespace TextClassification.Cli;

/// <summary>
/// The report's PNG plots, drawn with ScottPlot: the row-normalised confusion matrix as a heatmap and the
/// one-vs-rest ROC curves. Sizes and tick labels adapt to the number of labels so that 2 or 150 labels stay readable.
/// </summary>
internal static class ReportPlots
{
    /// <summary>At most this many per-label ROC curves are drawn; with more labels, the best-supported ones are (the
    /// lowest AUCs among equally supported ones).</summary>
    public const int MaxRocCurves = 10;

    /// <summary>Labels are shortened to this many text elements on axes and in legends.</summary>
    private const int MaxLabelChars = 28;

    /// <summary>Cell counts are written into the heatmap cells up to this many labels.</summary>
    private const int MaxAnnotatedLabels = 15;

    /// <summary>Tick labels are drawn only when a heatmap cell is at least this many pixels tall.</summary>
    private const float MinTickCellPixels = 9;

    /// <summary>The points of the macro-average ROC curve (a uniform false-positive-rate grid).</summary>
    private const int MacroCurvePoints = 201;

    private const int RocSize = 760;

    // The curves' colours: ScottPlot's Category10 without its gray (the chance line's), then a dark indigo.
    private static readonly Color[] CurveColors =
    [
        Color.FromHex("#1F77B4"), Color.FromHex("#FF7F0E"), Color.FromHex("#2CA02C"), Color.FromHex("#D62728"),
        Color.FromHex("#9467BD"), Color.FromHex("#8C564B"), Color.FromHex("#E377C2"), Color.FromHex("#BCBD22"),
        Color.FromHex("#17BECF"), Color.FromHex("#393B79"),
    ];

    /// <summary>
    /// The confusion matrix with each row divided by its support (so a cell is the share of a true label's rows
    /// predicted as each label, and the diagonal is the per-label recall), as a PNG.
    /// </summary>
    public static byte[] ConfusionMatrixPng(ClassificationMetrics metrics) => ConfusionMatrixPng(ReportPlotData.Of(metrics));

    /// <summary>
    /// The confusion matrix with each row divided by <see cref="ReportPlotData.RowTotals"/> (so the diagonal is the
    /// per-label recall), as a PNG.
    /// </summary>
    public static byte[] ConfusionMatrixPng(ReportPlotData data)
    {
        int count = data.Labels.Count;
        double[,] shares = RowShares(data.ConfusionMatrix, data.RowTotals);

        // The data area grows with the labels up to 1100 px; a cell is then at least 1100/count px.
        int side = Math.Clamp(count * 40, 360, 1100);
        float cell = (float)side / count;
        bool ticks = cell >= MinTickCellPixels;
        float fontSize = Math.Clamp(cell * 0.7f, 7f, 13f);

        Plot plot = NewPlot();
        try
        {
            string[] names = UseFontForTheLabels(plot, data.Labels);
            var heatmap = plot.Add.Heatmap(shares);
            heatmap.Colormap = new ScottPlot.Colormaps.Blues().Reversed();
            heatmap.ManualRange = new ScottPlot.Range(0, 1);

            // Row 0 of the array is drawn at the top; cell centres sit at integer coordinates 0..count-1.
            heatmap.Position = new CoordinateRect(0, count - 1, 0, count - 1);
            var colorBar = plot.Add.ColorBar(heatmap);
            colorBar.Label = data.ColorBarLabel;
            colorBar.Axis.SetTicks([0, 0.25, 0.5, 0.75, 1], ["0", "0.25", "0.5", "0.75", "1"]);

            if (count <= MaxAnnotatedLabels)
            {
                AnnotateCells(plot, data.ConfusionMatrix, shares, fontSize);
            }

            plot.Axes.SetLimits(-0.5, count - 0.5, -0.5, count - 0.5);
            plot.HideGrid();
            plot.Title($"{data.Title}\n{data.Headline}");
            plot.XLabel("predicted label");
            plot.YLabel("true label");
            int labelPixels = 10;
            if (ticks)
            {
                SetLabelTicks(plot, names, fontSize);

                // The widest name as drawn (capitals are far wider than an average glyph), plus a margin.
                labelPixels = (int)Math.Ceiling(WidestTickLabel(plot, names)) + 12;

                // Rotated tick labels are not measured as rotated: push the axis title below them.
                if (plot.Axes.Bottom is ScottPlot.AxisPanels.AxisBase bottomAxis)
                {
                    bottomAxis.PaddingBetweenTickAndAxisLabels = new PixelPadding(0, 0, 0, labelPixels - 10);
                }
            }
            else
            {
                // Too many labels to name every cell: index ticks every so often, and the report lists the labels.
                plot.XLabel("predicted label (index in the label list)");
                plot.YLabel("true label (index in the label list)");
                SetIndexTicks(plot, count);
            }

            int left = labelPixels + 50;
            int bottom = labelPixels + 50;
            const int Right = 130;
            const int Top = 70; // the two-line title
            plot.Layout.Fixed(new PixelPadding(left, Right, bottom, Top));
            return plot.GetImageBytes(left + side + Right, bottom + side + Top, ImageFormat.Png);
        }
        finally
        {
            plot.Dispose();
        }
    }

    /// <summary>
    /// A plot whose text is shaped (HarfBuzz): Arabic letters joined, and a label in a right-to-left script laid out
    /// right to left (see <see cref="RightToLeftText"/>). Unshaped, "מקום" and "إنسان" were drawn backwards, and
    /// Arabic letters unjoined.
    /// </summary>
    private static Plot NewPlot()
    {
        LabelStyle.RTLSupport = true;
        return new Plot();
    }

    /// <summary>
    /// Sets the plot's font to one that draws the labels (<see cref="ReportFonts.Choose"/>) and returns their names as
    /// drawn: <see cref="ShortNames"/>, where a label the font cannot draw (no installed font has its script) also
    /// carries its index in the label list, so two such labels do not look alike. Call before adding text to the plot.
    /// </summary>
    private static string[] UseFontForTheLabels(Plot plot, IReadOnlyList<string> labels)
    {
        string family = ReportFonts.Choose(labels, Fonts.Default, out bool[] drawable);
        if (family != Fonts.Default)
        {
            plot.Font.Set(family);
        }

        return ShortNames(labels, drawable);
    }

    /// <summary>
    /// The one-vs-rest ROC curves as a PNG: every label's curve when there are at most <see cref="MaxRocCurves"/>
    /// labels, otherwise the <see cref="MaxRocCurves"/> best-supported labels (see <see cref="ChooseRocCurves"/>) plus the macro-average curve; the
    /// title gives the macro AUC.
    /// </summary>
    public static byte[] RocPng(ClassificationMetrics metrics) => RocPng(ReportPlotData.Of(metrics));

    /// <summary>The ROC curves of <paramref name="data"/> as <see cref="RocPng(ClassificationMetrics)"/> draws them.</summary>
    public static byte[] RocPng(ReportPlotData data)
    {
        List<RocCurve> shown = ChooseRocCurves(data.RocCurves);
        int defined = 0;
        foreach (RocCurve curve in data.RocCurves)
        {
            defined += curve.IsDefined ? 1 : 0;
        }

        Plot plot = NewPlot();
        try
        {
            string[] names = UseFontForTheLabels(plot, data.Labels);
            var nameOf = new Dictionary<string, string>(names.Length, StringComparer.Ordinal);
            for (int i = 0; i < names.Length; i++)
            {
                nameOf[data.Labels[i]] = names[i];
            }

            var chance = plot.Add.Line(0, 0, 1, 1);
            chance.LinePattern = LinePattern.Dashed;
            chance.LineColor = Colors.Gray;
            chance.LegendText = "chance";

            for (int k = 0; k < shown.Count; k++)
            {
                RocCurve curve = shown[k];
                double[] x = [.. curve.FalsePositiveRates];
                double[] y = [.. curve.TruePositiveRates];
                var line = plot.Add.ScatterLine(x, y, CurveColors[k % CurveColors.Length]);
                line.LineWidth = 1.5f;
                string name = nameOf.TryGetValue(curve.Label, out string? known) ? known : Shorten(curve.Label);
                line.LegendText = RightToLeftText.ForShaping(string.Create(CultureInfo.InvariantCulture, $"{name} (AUC {curve.Auc:F3})"));
            }

            bool many = defined > shown.Count;
            if (many && defined > 1)
            {
                (double[] gridX, double[] meanY) = MacroAverageCurve(data.RocCurves);
                var macro = plot.Add.ScatterLine(gridX, meanY, Colors.Black);
                macro.LineWidth = 3;
                macro.LegendText = "macro average of all labels";
            }

            string subtitle = defined == 0 ? "no label has both positive and negative test rows: no curve is defined"
                : many ? string.Create(CultureInfo.InvariantCulture, $"{shown.Count} of {defined} labels shown: those with the most test rows, then the lowest AUC")
                : defined == 1 ? "the one label with positive and negative test rows"
                : string.Create(CultureInfo.InvariantCulture, $"all {defined} labels with positive and negative test rows");
            plot.Title(string.Create(
                CultureInfo.InvariantCulture,
                $"ROC one-vs-rest, macro AUC {FormatAuc(data.RocAucMacro)}\n{subtitle}"));
            plot.XLabel("false positive rate");
            plot.YLabel("true positive rate");
            plot.Axes.SetLimits(-0.01, 1.01, -0.01, 1.01);
            plot.ShowLegend(Alignment.LowerRight);
            plot.Legend.FontSize = shown.Count > 6 ? 10 : 12;
            return plot.GetImageBytes(RocSize, RocSize, ImageFormat.Png);
        }
        finally
        {
            plot.Dispose();
        }
    }

    /// <summary>
    /// The macro-average ROC curve: the mean over the defined curves of each one's true positive rate, linearly
    /// interpolated on a uniform false-positive-rate grid (as scikit-learn's ROC example does on its own grid).
    /// </summary>
    internal static (double[] X, double[] Y) MacroAverageCurve(IReadOnlyList<RocCurve> curves)
    {
        var x = new double[MacroCurvePoints];
        var y = new double[MacroCurvePoints];
        for (int g = 0; g < MacroCurvePoints; g++)
        {
            x[g] = (double)g / (MacroCurvePoints - 1);
        }

        int used = 0;
        foreach (RocCurve curve in curves)
        {
            if (!curve.IsDefined)
            {
                continue;
            }

            used++;
            IReadOnlyList<double> fpr = curve.FalsePositiveRates;
            IReadOnlyList<double> tpr = curve.TruePositiveRates;
            int segment = 0;
            for (int g = 0; g < MacroCurvePoints; g++)
            {
                // The last point at or left of x[g]; on a vertical run (equal FPR) that is the top of the run.
                while (segment + 1 < fpr.Count && fpr[segment + 1] <= x[g])
                {
                    segment++;
                }

                double value = tpr[segment];
                if (segment + 1 < fpr.Count && fpr[segment + 1] > fpr[segment])
                {
                    double t = (x[g] - fpr[segment]) / (fpr[segment + 1] - fpr[segment]);
                    value += t * (tpr[segment + 1] - tpr[segment]);
                }

                y[g] += value;
            }
        }

        for (int g = 0; g < MacroCurvePoints && used > 0; g++)
        {
            y[g] /= used;
        }

        return (x, y);
    }

    /// <summary>The defined curves to draw: all of them when few, else the best-supported ones; among labels with as many
    /// test rows, the lowest AUC first (then label order), a curve of one score for every row (a test label the model
    /// lacks) last. A balanced test set (banking77's 40 rows a label) ties every
    /// label, and label order alone drew the first ten names of the alphabet, near-perfect curves, hiding the labels the
    /// model ranks worst.</summary>
    internal static List<RocCurve> ChooseRocCurves(IReadOnlyList<RocCurve> curves)
    {
        var shown = new List<RocCurve>(curves.Count);
        foreach (RocCurve curve in curves)
        {
            if (curve.IsDefined)
            {
                shown.Add(curve);
            }
        }

        if (shown.Count > MaxRocCurves)
        {
            // List.Sort is not stable: break the remaining ties by the position in the label list.
            var order = new Dictionary<RocCurve, int>(ReferenceEqualityComparer.Instance);
            for (int i = 0; i < shown.Count; i++)
            {
                order[shown[i]] = i;
            }

            // A curve of one score for every row (a test label the model lacks scores 0 everywhere) is the diagonal,
            // AUC 0.5: lowest-AUC-first drew those before the labels the model ranks worst (a review).
            shown.Sort((a, b) => a.Positives != b.Positives ? b.Positives.CompareTo(a.Positives)
                : IsConstant(a) != IsConstant(b) ? IsConstant(a).CompareTo(IsConstant(b))
                : a.Auc != b.Auc ? a.Auc.CompareTo(b.Auc)
                : order[a].CompareTo(order[b]));
            shown.RemoveRange(MaxRocCurves, shown.Count - MaxRocCurves);
        }

        return shown;
    }

    // Whether every row had the same score: the curve's only threshold after the start is that score.
    private static bool IsConstant(RocCurve curve) => curve.Thresholds.Count <= 2;

    private static double[,] RowShares(int[][] confusion, IReadOnlyList<long> totals)
    {
        int count = confusion.Length;
        var shares = new double[count, count];
        for (int t = 0; t < count; t++)
        {
            long support = totals[t];
            for (int p = 0; p < count; p++)
            {
                shares[t, p] = support == 0 ? 0 : (double)confusion[t][p] / support;
            }
        }

        return shares;
    }

    private static void AnnotateCells(Plot plot, int[][] confusion, double[,] shares, float fontSize)
    {
        int count = confusion.Length;
        for (int t = 0; t < count; t++)
        {
            for (int p = 0; p < count; p++)
            {
                if (confusion[t][p] == 0)
                {
                    continue;
                }

                // Row t is drawn at y = count - 1 - t (row 0 on top).
                var text = plot.Add.Text(confusion[t][p].ToString(CultureInfo.InvariantCulture), p, count - 1 - t);
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontSize = fontSize;
                text.LabelFontColor = shares[t, p] > 0.55 ? Colors.White : Colors.Black;
            }
        }
    }

    private static void SetLabelTicks(Plot plot, string[] labelNames, float fontSize)
    {
        int count = labelNames.Length;
        var x = new double[count];
        var y = new double[count];
        string[] names = new string[count];
        for (int i = 0; i < count; i++)
        {
            x[i] = i;
            y[i] = count - 1 - i;
            names[i] = RightToLeftText.ForShaping(labelNames[i]);
        }

        plot.Axes.Bottom.SetTicks(x, names);
        plot.Axes.Left.SetTicks(y, names);
        plot.Axes.Bottom.TickLabelStyle.Rotation = 90;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.TickLabelStyle.FontSize = fontSize;
        plot.Axes.Left.TickLabelStyle.FontSize = fontSize;
    }

    private static void SetIndexTicks(Plot plot, int count)
    {
        int step = count <= 50 ? 5 : count <= 200 ? 10 : 50;
        var x = new List<double>();
        var y = new List<double>();
        var names = new List<string>();
        for (int i = 0; i < count; i += step)
        {
            x.Add(i);
            y.Add(count - 1 - i);
            names.Add(i.ToString(CultureInfo.InvariantCulture));
        }

        plot.Axes.Bottom.SetTicks([.. x], [.. names]);
        plot.Axes.Left.SetTicks([.. y], [.. names]);
    }

    // Pixel width of the widest name in the bottom axis' tick label style (font and size as they will be drawn).
    private static float WidestTickLabel(Plot plot, string[] names)
    {
        using Paint paint = Paint.NewDisposablePaint();
        return plot.Axes.Bottom.TickLabelStyle.MeasureWidestString(names, paint).Item2.Length;
    }

    /// <summary>
    /// The label, cut to <see cref="MaxLabelChars"/> text elements (a letter with its accents, an emoji, a surrogate
    /// pair: never split) as its head, an ellipsis and its tail, so "Electronics > Computers > Laptops > Gaming" and
    /// "… > Business" stay apart.
    /// </summary>
    internal static string Shorten(string label)
    {
        int[] starts = StringInfo.ParseCombiningCharacters(label);
        if (starts.Length <= MaxLabelChars)
        {
            return label;
        }

        const int Tail = (MaxLabelChars - 1) / 3;
        const int Head = MaxLabelChars - 1 - Tail;
        return string.Concat(label.AsSpan(0, starts[Head]), "…", label.AsSpan(starts[starts.Length - Tail]));
    }

    /// <summary>Every label as <see cref="ShownLabels"/> shows it, <see cref="Shorten"/>ed; where two shortened names still collide, or a label is not
    /// <paramref name="drawable"/> (its glyphs would be empty boxes), each of those is prefixed with its index in the
    /// label list (which the report's per-label table shows), so no two look alike.</summary>
    internal static string[] ShortNames(IReadOnlyList<string> labels, bool[]? drawable = null)
    {
        // As the tables show them: a look-alike's hidden characters as \uXXXX ("plain" and "plain" + U+200B had been
        // two ticks "plain").
        string[] names = ShownLabels.Of(labels);
        var seen = new Dictionary<string, int>(labels.Count, StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = Shorten(names[i]);
            seen[names[i]] = seen.GetValueOrDefault(names[i]) + 1;
        }

        for (int i = 0; i < names.Length; i++)
        {
            if (seen[names[i]] > 1 || drawable is { } can && !can[i])
            {
                names[i] = string.Create(CultureInfo.InvariantCulture, $"[{i}] {names[i]}");
            }
        }

        return names;
    }

    private static string FormatAuc(double auc) =>
        double.IsFinite(auc) ? auc.ToString("F4", CultureInfo.InvariantCulture) : "n/a";
}
