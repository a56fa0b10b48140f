using System.Globalization;
using Spectre.Console;
using TextClassification.Cli;
using TextClassification.Training.Evaluation;

namespace TextClassification.Tests.Cli;

/// <summary>The terminal's per-label table of <c>eval</c> and <c>train --test</c> at different terminal widths.</summary>
public sealed class PerLabelTableTests
{
    public static TheoryData<int> Widths => [40, 50, 58, 60, 80, 120];

    [Theory]
    [MemberData(nameof(Widths))]
    public void PerLabelTable_NeverWrapsANumber_AndStaysWithinTheWidth(int width)
    {
        // trec6's labels: in a 50-column terminal the table had wrapped recall 0.7778 as "0.777" over "8", and in 40
        // columns F1 0.8235 as "0.8" over "235", so a reader took 0.8 for the F1.
        ClassificationMetrics metrics = Metrics(["ABBR", "DESC", "ENTY", "HUM", "LOC", "NUM"]);

        string text = Render(metrics, width);

        Assert.All(text.Split('\n'), line => Assert.True(line.TrimEnd('\r').GetCellWidth() <= width, $"wider than {width}: {line}"));
        foreach (LabelMetrics label in metrics.PerLabel)
        {
            Assert.Contains(label.Label, text, StringComparison.Ordinal);
            foreach (double value in new[] { label.Precision, label.Recall, label.F1, label.RocAuc })
            {
                Assert.Contains(MetricsTable.Format(value), text, StringComparison.Ordinal);
            }

            Assert.Contains(label.Support.ToString(CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void PerLabelTable_IsATableWhereItFits_AndLinesWhereItDoesNot()
    {
        ClassificationMetrics metrics = Metrics(["ABBR", "DESC", "ENTY", "HUM", "LOC", "NUM"]);

        string wide = Render(metrics, 80);
        Assert.Contains("│ label │ precision │ recall │     F1 │ ROC AUC │ support │", wide, StringComparison.Ordinal);

        string narrow = Render(metrics, 40);
        Assert.DoesNotContain("│", narrow, StringComparison.Ordinal);
        LabelMetrics first = metrics.PerLabel[0];
        Assert.Contains($"ABBR: precision {MetricsTable.Format(first.Precision)}", narrow, StringComparison.Ordinal);
    }

    private static string Render(ClassificationMetrics metrics, int width)
    {
        using var writer = new StringWriter();
        IAnsiConsole console = PlainConsole.Create(writer, width);
        MetricsTable.WritePerLabel(console, metrics);
        return writer.ToString();
    }

    /// <summary>Metrics where each label has a few dozen rows, some predicted as the next label, with scores of four
    /// significant decimals.</summary>
    private static ClassificationMetrics Metrics(string[] labels)
    {
        int n = labels.Length;
        var gold = new List<int>();
        var probabilities = new List<float>();
        for (int c = 0; c < n; c++)
        {
            int rows = 9 + (c * 13);
            for (int r = 0; r < rows; r++)
            {
                gold.Add(c);
                int predicted = r % (c + 3) == 1 ? (c + 1) % n : c;
                for (int k = 0; k < n; k++)
                {
                    probabilities.Add(k == predicted ? 0.6f + (0.003f * r) : (0.4f - (0.003f * r)) / (n - 1));
                }
            }
        }

        return MetricsCalculator.Compute(labels, gold.ToArray(), probabilities.ToArray());
    }
}
