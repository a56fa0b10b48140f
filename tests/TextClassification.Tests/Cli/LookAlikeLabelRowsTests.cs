using TextClassification.Cli;
using TextClassification.Training.Evaluation;

namespace TextClassification.Tests.Cli;

/// <summary>
/// Where a test label differs from a model label only in characters that do not show (a zero-width space copied from a
/// web page, a bidi mark, a no-break space), eval's tables, report.html and the plots show those characters as
/// \uXXXX, as the warning does: each showed two rows named "plain", one with the model's scores and one with zeros, and
/// nothing on the row told which was which (review 58f).
/// </summary>
public sealed class LookAlikeLabelRowsTests
{
    private static readonly string[] Labels = ["plain", "other", "plain\u200B"];

    [Fact]
    public void The_terminal_tables_show_the_hidden_character_of_a_look_alike_label()
    {
        using var writer = new StringWriter();
        CliConsole console = CliConsole.For(writer, writer, new StringReader(string.Empty));

        MetricsTable.Write(console, Metrics());

        string text = writer.ToString();
        Assert.DoesNotContain("plain\u200B", text, StringComparison.Ordinal);
        Assert.Matches(@"│ plain\\u200B\s+│\s+0\.0000 │", text);
        Assert.Matches(@"│ plain\s+│\s+0\.6667 │", text);
        // The confusion matrix's row (and column) of it, too.
        Assert.True(text.Split("plain\\u200B").Length - 1 >= 2, text);
    }

    [Fact]
    public void The_report_shows_the_hidden_character_of_a_look_alike_label()
    {
        string html = ReportWriter.RenderHtml(Metrics(), "bundle", "test.tsv", DateTimeOffset.UnixEpoch, modelLabels: 2);

        Assert.DoesNotContain("plain\u200B", html, StringComparison.Ordinal);
        Assert.Contains("<td dir=\"auto\">plain\\u200B</td>", html, StringComparison.Ordinal);
        Assert.Contains("<th dir=\"auto\">plain\\u200B</th>", html, StringComparison.Ordinal);
        Assert.Contains("<td dir=\"auto\">plain</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_plots_name_a_look_alike_label_with_its_hidden_character()
    {
        string[] names = ReportPlots.ShortNames(Labels);

        Assert.Equal(["plain", "other", "plain\\u200B"], names);
    }

    [Fact]
    public void A_label_whose_hidden_characters_make_no_look_alike_is_shown_as_it_is()
    {
        // A Persian word's zero-width non-joiner and an emoji's joiner are part of how they are written.
        string[] labels = ["می\u200Cخواهم", "👩\u200D💻", "plain"];

        Assert.Equal(labels, ReportPlots.ShortNames(labels));
        string html = ReportWriter.RenderHtml(
            MetricsCalculator.Compute(labels, [0, 1, 2], [0.9f, 0.05f, 0.05f, 0.1f, 0.8f, 0.1f, 0.1f, 0.1f, 0.8f]), "bundle", "test.tsv", DateTimeOffset.UnixEpoch);
        Assert.Contains("<td dir=\"auto\">می\u200Cخواهم</td>", html, StringComparison.Ordinal);
    }

    // plain's two rows are right; the look-alike's one row is predicted plain (the model does not know it).
    private static ClassificationMetrics Metrics() =>
        MetricsCalculator.Compute(Labels, [0, 0, 1, 2], [0.9f, 0.1f, 0f, 0.8f, 0.2f, 0f, 0.3f, 0.7f, 0f, 0.6f, 0.4f, 0f], predictableLabels: 2);
}
