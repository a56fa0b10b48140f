using Spectre.Console;
using TextClassification.Bundles;
using TextClassification.Cli;
using TextClassification.Training.Evaluation;

namespace TextClassification.Tests.Cli;

/// <summary>The terminal's summary table ("Test metrics") of <c>eval</c> and <c>train --test</c> in narrow terminals.</summary>
public sealed class SummaryTableTests
{
    public static TheoryData<int> Widths => [24, 26, 28, 30, 31, 32, 36, 40, 80];

    [Theory]
    [MemberData(nameof(Widths))]
    public void SummaryTable_NeverWrapsANumber_AndStaysWithinTheWidth(int width)
    {
        // In a terminal under about 32 columns the value column wrapped "412 (82.4 %)" as "412" over "(82.4 %)": the
        // metric names are what should wrap, between words.
        string text = Render(new AbstainMetrics(0.65, 500, 412, 400), width);

        Assert.Contains("412 (82.4 %)", text, StringComparison.Ordinal);
        Assert.Contains("12345", text, StringComparison.Ordinal);
        Assert.Contains("1234.500", text, StringComparison.Ordinal);
        Assert.Contains(MetricsTable.Format(400 / 412.0), text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void SummaryTable_WrapsAValueInWords_AndStillKeepsTheNumbersWhole(int width)
    {
        // The model that always abstains has a value in words, which may wrap between them.
        string text = Render(new AbstainMetrics(AbstainSection.AlwaysAbstain, 500, 0, 0), width);

        Assert.Contains("0 (0.0 %)", text, StringComparison.Ordinal);
        Assert.Contains("1234.500", text, StringComparison.Ordinal);
        Assert.Contains("always", text, StringComparison.Ordinal);
    }

    private static string Render(AbstainMetrics abstain, int width)
    {
        ClassificationMetrics metrics = MetricsCalculator.Compute(["a", "b"], [0, 1, 0, 1], [0.9f, 0.1f, 0.2f, 0.8f, 0.6f, 0.4f, 0.3f, 0.7f]);
        metrics.Abstain = abstain;
        metrics.SeenInTraining = 12_345;
        metrics.EvalSeconds = 1234.5;

        using var writer = new StringWriter();
        IAnsiConsole console = PlainConsole.Create(writer, width);
        console.Write(MetricsTable.Summary(metrics));
        string text = writer.ToString();

        Assert.All(text.Split('\n'), line => Assert.True(line.TrimEnd('\r').GetCellWidth() <= width, $"wider than {width}: {line}"));
        // Every row keeps its right border (a number too wide for its cell had run over it).
        Assert.All(text.Split('\n').Where(line => line.StartsWith('│')), line => Assert.EndsWith("│", line.TrimEnd('\r'), StringComparison.Ordinal));
        return text;
    }
}
