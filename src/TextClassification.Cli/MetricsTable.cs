using System.Globalization;
using Spectre.Console;
using TextClassification.Bundles;
using TextClassification.Training.Data;
using TextClassification.Training.Evaluation;

namespace TextClassification.Cli;

/// <summary>Console rendering of <see cref="ClassificationMetrics"/>, shared by <c>train --test</c> and <c>eval</c>.</summary>
internal static class MetricsTable
{
    /// <summary>Confusion matrices wider than this many labels are left to the JSON and HTML report.</summary>
    private const int MaxConfusionLabels = 12;

    /// <summary>Width used when the output is not a terminal (files, pipes, tests).</summary>
    private const int RedirectedWidth = 120;

    /// <summary>The narrowest the per-label table's label column wraps to (a label up to this wide keeps its width).</summary>
    private const int MinLabelColumn = 12;

    /// <summary>The per-label table's column headers.</summary>
    private static readonly string[] PerLabelHeaders = ["label", "precision", "recall", "F1", "ROC AUC", "support"];

    /// <summary>Writes the summary table, the per-label table and (for few labels) the confusion matrix.</summary>
    public static void Write(CliConsole console, ClassificationMetrics metrics)
    {
        IAnsiConsole output = CreateConsole(console);
        output.Write(Summary(metrics));
        WriteOverlapNote(console, metrics.SeenInTraining, metrics.Count, metrics.Unseen is { } rest
            ? string.Create(CultureInfo.InvariantCulture, $"the accuracy is {Format(rest.Accuracy)}, macro-F1 {Format(rest.MacroF1)}")
            : null, metrics.Unseen?.Count ?? 0);

        WritePerLabel(output, PerLabelRows(metrics, out int absent));
        WriteAbsentNote(console, absent);
        WriteConfusionMatrix(output, console.Out, metrics);
    }

    /// <summary>The summary table of single-label test metrics ("Test metrics": examples, accuracy, …, timings).</summary>
    internal static Table Summary(ClassificationMetrics metrics)
    {
        Table summary = SummaryTable("Test metrics");
        AddValue(summary, "examples", metrics.Count.ToString(CultureInfo.InvariantCulture));
        AddValue(summary, "accuracy", Format(metrics.Accuracy));
        AddValue(summary, "macro-F1", Format(metrics.MacroF1));
        AddValue(summary, "weighted-F1", Format(metrics.WeightedF1));
        AddValue(summary, "macro precision", Format(metrics.MacroPrecision));
        AddValue(summary, "macro recall", Format(metrics.MacroRecall));
        AddValue(summary, "log loss", Format(metrics.LogLoss));
        AddValue(summary, "weighted precision", Format(metrics.WeightedPrecision));
        AddValue(summary, "ROC AUC (macro)", Format(metrics.RocAucMacro));
        for (int k = 1; k < metrics.TopKAccuracy.Count; k++)
        {
            AddValue(summary, $"top-{(k + 1).ToString(CultureInfo.InvariantCulture)} accuracy", Format(metrics.TopKAccuracy[k]));
        }

        AddValue(summary, "calibration error (ECE)", Format(metrics.ExpectedCalibrationError));
        if (metrics.SeenInTraining is int seen)
        {
            AddValue(summary, "texts also in the training data", seen.ToString(CultureInfo.InvariantCulture));
        }

        if (metrics.Unseen is { } unseen)
        {
            AddValue(summary, "accuracy on the other texts", Format(unseen.Accuracy));
            AddValue(summary, "macro-F1 on the other texts", Format(unseen.MacroF1));
        }

        foreach ((string name, string value) in AbstainRows(metrics.Abstain))
        {
            AddValue(summary, name, value);
        }

        AddTimings(summary, metrics.TrainSeconds ?? double.NaN, metrics.EvalSeconds ?? double.NaN);
        return summary;
    }

    /// <summary>Writes the per-label table of <paramref name="metrics"/> to <paramref name="output"/> (see
    /// <see cref="WritePerLabel(IAnsiConsole, IReadOnlyList{string[]})"/>).</summary>
    internal static void WritePerLabel(IAnsiConsole output, ClassificationMetrics metrics) =>
        WritePerLabel(output, PerLabelRows(metrics, out _));

    // Each label's cells (name, precision, recall, F1, ROC AUC, support) and how many labels have no scores (n/a).
    private static List<string[]> PerLabelRows(ClassificationMetrics metrics, out int absent)
    {
        var rows = new List<string[]>(metrics.PerLabel.Count);
        string[] names = ShownLabels.Of(metrics.Labels);
        absent = 0;
        for (int i = 0; i < metrics.PerLabel.Count; i++)
        {
            LabelMetrics label = metrics.PerLabel[i];
            bool undefined = HasNoScores(metrics, i);
            absent += undefined ? 1 : 0;
            rows.Add([.. Scores(names[i], label, undefined), Format(label.RocAuc), label.Support.ToString(CultureInfo.InvariantCulture)]);
        }

        return rows;
    }

    /// <summary>Writes the confusion matrix to <paramref name="output"/> within its width: the labels as column headers
    /// where they fit, else the labels' numbers (each row gives its label's number and name); where neither fits, or
    /// past <see cref="MaxConfusionLabels"/> labels, a line to <paramref name="lines"/> saying where the matrix is.
    /// A count is never wrapped across lines.</summary>
    internal static void WriteConfusionMatrix(IAnsiConsole output, TextWriter lines, ClassificationMetrics metrics)
    {
        if (metrics.Labels.Count <= MaxConfusionLabels && ConfusionTable(metrics, output.Profile.Width) is { } table)
        {
            output.Write(table);
            return;
        }

        lines.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"The confusion matrix of {metrics.Labels.Count} labels is too wide to print here: --report <dir> draws it, and --metrics-json <file> holds it."));
    }

    private static Table SummaryTable(string title) =>
        new Table().Title(title).AddColumn("metric").AddColumn(new TableColumn("value").RightAligned().NoWrap());

    /// <summary>The summary rows of a model that can abstain (none for one that cannot): the plain metrics above
    /// them count every text as answered.</summary>
    public static IEnumerable<(string Name, string Value)> AbstainRows(AbstainMetrics? abstain)
    {
        if (abstain is null)
        {
            yield break;
        }

        CultureInfo inv = CultureInfo.InvariantCulture;
        yield return ("abstains below confidence", abstain.Threshold >= AbstainSection.AlwaysAbstain ? "always (no threshold met the target)"
            : abstain.Threshold == 0 ? "0 (never abstains)"
            : Format(abstain.Threshold));
        yield return ("texts answered", string.Create(inv, $"{abstain.Answered} ({abstain.Coverage:P1})"));
        yield return ("accuracy on the answered texts", Format(abstain.AnsweredAccuracy));
    }

    // The note under the summary when test texts were seen in training, with the scores of the others when there are any.
    private static void WriteOverlapNote(CliConsole console, int? seenInTraining, int count, string? othersScores, int others)
    {
        if (seenInTraining is not (> 0 and int overlap))
        {
            return;
        }

        string rest = othersScores is null
            ? string.Empty
            : string.Create(CultureInfo.InvariantCulture, $"; on the other {others} {othersScores} (averaged over the labels among their true and predicted labels)");
        console.Out.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Note: {overlap} of {count} test texts ({(double)overlap / count:P1}) also appear in the training data (ignoring case), so the model may answer them from memory{rest}."));
    }

    /// <summary>Writes the multi-label summary table and the per-label table.</summary>
    public static void Write(CliConsole console, MultiLabelMetrics metrics)
    {
        IAnsiConsole output = CreateConsole(console);
        Table summary = SummaryTable("Test metrics (multi-label)");
        AddValue(summary, "examples", metrics.Count.ToString(CultureInfo.InvariantCulture));
        AddValue(summary, "subset accuracy", Format(metrics.SubsetAccuracy));
        AddValue(summary, "Hamming loss", Format(metrics.HammingLoss));
        AddValue(summary, "micro-F1", Format(metrics.MicroF1));
        AddValue(summary, "micro precision", Format(metrics.MicroPrecision));
        AddValue(summary, "micro recall", Format(metrics.MicroRecall));
        AddValue(summary, "macro-F1", Format(metrics.MacroF1));
        AddValue(summary, "macro precision", Format(metrics.MacroPrecision));
        AddValue(summary, "macro recall", Format(metrics.MacroRecall));
        AddValue(summary, "weighted F1", Format(metrics.WeightedF1));
        AddValue(summary, "log loss (per label)", Format(metrics.LogLoss));
        AddValue(summary, "ROC AUC (macro)", Format(metrics.RocAucMacro));
        if (metrics.SeenInTraining is int seen)
        {
            AddValue(summary, "texts also in the training data", seen.ToString(CultureInfo.InvariantCulture));
        }

        if (metrics.Unseen is { } unseen)
        {
            AddValue(summary, "subset accuracy on the other texts", Format(unseen.SubsetAccuracy));
            AddValue(summary, "macro-F1 on the other texts", Format(unseen.MacroF1));
        }

        AddTimings(summary, metrics.TrainSeconds ?? double.NaN, metrics.EvalSeconds ?? double.NaN);
        output.Write(summary);
        WriteOverlapNote(console, metrics.SeenInTraining, metrics.Count, metrics.Unseen is { } rest
            ? string.Create(CultureInfo.InvariantCulture, $"the subset accuracy is {Format(rest.SubsetAccuracy)}, macro-F1 {Format(rest.MacroF1)}")
            : null, metrics.Unseen?.Count ?? 0);

        // With each label's ROC AUC, as the single-label table, metrics.json and the report give it (it was left out).
        var rows = new List<string[]>(metrics.PerLabel.Count);
        string[] names = ShownLabels.Of(metrics.Labels);
        int absent = 0;
        for (int i = 0; i < metrics.PerLabel.Count; i++)
        {
            LabelMetrics label = metrics.PerLabel[i];
            // As in the single-label table: 0/0 scores are "n/a", not a 0 a reader would average in.
            bool undefined = label.Support == 0 && label.Predicted == 0;
            absent += undefined ? 1 : 0;
            rows.Add([.. Scores(names[i], label, undefined), Format(label.RocAuc), label.Support.ToString(CultureInfo.InvariantCulture)]);
        }

        WritePerLabel(output, rows);
        WriteAbsentNote(console, absent);
    }

    /// <summary>
    /// Writes the per-label table (one row of label, precision, recall, F1, ROC AUC and support cells per label) to
    /// <paramref name="output"/> within its width. A number is never wrapped across lines (in 50 columns recall 0.7778
    /// had read "0.777" over "8"): the number columns are as wide as their header or widest value, and the label column
    /// wraps down to <see cref="MinLabelColumn"/> chars. Where the table does not fit so, each label gets a line of its
    /// own ("ABBR: precision 0.8750, recall 0.7778, …"), wrapped between words.
    /// </summary>
    internal static void WritePerLabel(IAnsiConsole output, IReadOnlyList<string[]> rows)
    {
        // A table of column widths w takes 1 + Σ (w + 3) chars: a border and a space on either side of every cell.
        int widestLabel = PerLabelHeaders[0].GetCellWidth();
        foreach (string[] row in rows)
        {
            widestLabel = Math.Max(widestLabel, row[0].GetCellWidth());
        }

        int needed = 1 + Math.Min(widestLabel, MinLabelColumn) + 3;
        for (int c = 1; c < PerLabelHeaders.Length; c++)
        {
            int width = PerLabelHeaders[c].GetCellWidth();
            foreach (string[] row in rows)
            {
                width = Math.Max(width, row[c].GetCellWidth());
            }

            needed += width + 3;
        }

        if (needed <= output.Profile.Width)
        {
            Table perLabel = PerLabelTable();
            foreach (string[] row in rows)
            {
                AddRow(perLabel, row);
            }

            output.Write(perLabel);
            return;
        }

        output.Write(new Text("Per label"));
        output.WriteLine();
        foreach (string[] row in rows)
        {
            output.Write(new Text($"{row[0]}: {PerLabelHeaders[1]} {row[1]}, {PerLabelHeaders[2]} {row[2]}, {PerLabelHeaders[3]} {row[3]}, {PerLabelHeaders[4]} {row[4]}, {PerLabelHeaders[5]} {row[5]}"));
            output.WriteLine();
        }
    }

    // The label's name as shown, precision, recall and F1; "n/a" for each score where they are 0/0. The name comes from
    // ShownLabels: control chars escaped, as inspect lists them (a Hugging Face export's id2label, or an edited
    // manifest, may hold them, and "c\nd" had printed as two rows, an escape sequence reaching the terminal: review
    // 50f), and a look-alike's hidden characters as \uXXXX (review 58f).
    private static string[] Scores(string name, LabelMetrics label, bool undefined) => undefined
        ? [name, "n/a", "n/a", "n/a"]
        : [name, Format(label.Precision), Format(label.Recall), Format(label.F1)];

    private static void WriteAbsentNote(CliConsole console, int absent)
    {
        if (absent > 0)
        {
            console.Out.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"n/a: {CommonOptions.Counted(absent, "label")} with no test rows, never predicted; the macro averages leave them out."));
        }
    }

    /// <summary>Whether label <paramref name="index"/> has no test rows and was never predicted: its precision, recall
    /// and F1 are 0/0 (the macro averages leave it out), so tables show "n/a", not a 0 a reader would average in.</summary>
    public static bool HasNoScores(ClassificationMetrics metrics, int index)
    {
        if (metrics.PerLabel[index].Support != 0)
        {
            return false;
        }

        foreach (int[] row in metrics.ConfusionMatrix)
        {
            if (index < row.Length && row[index] != 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A number with four decimals (invariant culture); "n/a" for NaN.</summary>
    public static string Format(double value) =>
        double.IsFinite(value) ? value.ToString("F4", CultureInfo.InvariantCulture) : "n/a";

    private static string Seconds(double value) => value.ToString("F3", CultureInfo.InvariantCulture);

    // The confusion table in at most `width` columns, or null when even numbered columns do not fit. A table of column
    // widths w takes 1 + Σ (w + 3) chars: a border and a space on either side of every cell.
    private static Table? ConfusionTable(ClassificationMetrics metrics, int width)
    {
        // The row labels may wrap in the numbered form, down to the width of this header.
        const string Corner = "true \\ predicted";
        // Shown as in the per-label table.
        string[] labels = ShownLabels.Of(metrics.Labels);
        int largest = 0;
        foreach (int[] row in metrics.ConfusionMatrix)
        {
            foreach (int count in row)
            {
                largest = Math.Max(largest, count);
            }
        }

        int countWidth = largest.ToString(CultureInfo.InvariantCulture).Length;

        int rowHeader = Corner.GetCellWidth();
        int named = 0;
        int numbered = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            int labelWidth = labels[i].GetCellWidth();
            rowHeader = Math.Max(rowHeader, labelWidth);
            named += Math.Max(labelWidth, countWidth) + 3;
            numbered += Math.Max(i.ToString(CultureInfo.InvariantCulture).Length, countWidth) + 3;
        }

        bool byName = 1 + rowHeader + 3 + named <= width;
        if (!byName && 1 + Corner.GetCellWidth() + 3 + numbered > width)
        {
            return null;
        }

        var table = new Table()
            .Title(byName ? "Confusion matrix" : "Confusion matrix (columns: the labels' numbers)")
            .AddColumn(byName ? new TableColumn(Corner).NoWrap() : new TableColumn(Corner));
        for (int i = 0; i < labels.Length; i++)
        {
            string header = byName ? labels[i] : i.ToString(CultureInfo.InvariantCulture);
            table.AddColumn(new TableColumn(new Text(header)).RightAligned().NoWrap());
        }

        for (int t = 0; t < metrics.ConfusionMatrix.Length; t++)
        {
            string[] cells = new string[labels.Length + 1];
            cells[0] = byName ? labels[t] : string.Create(CultureInfo.InvariantCulture, $"{t} {labels[t]}");
            for (int p = 0; p < labels.Length; p++)
            {
                cells[p + 1] = metrics.ConfusionMatrix[t][p].ToString(CultureInfo.InvariantCulture);
            }

            AddRow(table, cells);
        }

        return table;
    }

    // Cells are plain Text, never markup: a label such as "[urgent]" must print as is.
    private static void AddRow(Table table, params string[] cells) =>
        table.AddRow(Array.ConvertAll(cells, cell => (Spectre.Console.Rendering.IRenderable)new Text(cell)));

    // A summary row. Its value is never wrapped (the column is NoWrap: "412 (82.4 %)" had read "412 (82.4" over "%)"
    // under about 32 columns), so a narrow terminal wraps the metric's name instead, between words, a long word folded.
    private static void AddValue(Table summary, string name, string value) =>
        summary.AddRow(new FoldingText(name), new Text(value));

    private static void AddTimings(Table summary, double trainSeconds, double evalSeconds)
    {
        if (trainSeconds > 0)
        {
            AddValue(summary, "train seconds", Seconds(trainSeconds));
        }

        AddValue(summary, "eval seconds", Seconds(evalSeconds));
    }

    // The label column wraps, the number columns never do.
    private static Table PerLabelTable()
    {
        var table = new Table().Title("Per label").AddColumn(PerLabelHeaders[0]);
        for (int c = 1; c < PerLabelHeaders.Length; c++)
        {
            table.AddColumn(new TableColumn(PerLabelHeaders[c]).RightAligned().NoWrap());
        }

        return table;
    }

    private static IAnsiConsole CreateConsole(CliConsole console)
    {
        bool terminal = console.OutIsTerminal;
        IAnsiConsole output = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(console.Out),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal)
        {
            output.Profile.Width = RedirectedWidth;
        }

        return output;
    }
}
