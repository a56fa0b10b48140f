using System.Text;
using System.Text.Json;
using TextClassification.Tests.Cli;
using TextClassification.Tests.Support;
using TextClassification.Training.Data;

namespace TextClassification.Tests.MultiLabel;

/// <summary>
/// eval of a multi-label model on a test file that can hold only some of its labels (an --allowed-labels list or
/// --label-columns naming fewer labels than the model has): the file says nothing of the other labels, so the metrics
/// leave them out. Their predictions had counted as wrong: a text labelled finance|health, read with --allowed-labels
/// finance,sports as {finance}, made the model's right answer 'health' a false positive (review 55c).
/// </summary>
public sealed class MultiLabelEvalLabelSubsetTests : IDisposable
{
    private static readonly string[] Scored = ["finance", "sports"];
    private static readonly string[] LeftOut = ["health", "weather"];

    private readonly TempFolder _temp = new("tc-multilabel-subset");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void An_allowed_labels_list_narrower_than_the_model_scores_only_its_labels()
    {
        string bundle = Train();
        // Every test row keeps a label of the list, so no row is dropped and each kept label's own counts are those of
        // the evaluation of every label.
        List<LabeledText> rows = [.. MultiLabelData.Generate(160, seed: 52).Where(row => LabelSet.Parse(row.Label, "|").Any(Scored.Contains))];
        string test = WriteTsv("test.tsv", rows);

        CliResult all = CliResult.Run(null, "eval", bundle, test, "--metrics-json", _temp.Combine("all.json"));
        CliResult subset = CliResult.Run(null, "eval", bundle, test, "--allowed-labels", string.Join(',', Scored), "--metrics-json", _temp.Combine("subset.json"));

        Assert.True(all.ExitCode == 0, all.ToString());
        Assert.True(subset.ExitCode == 0, subset.ToString());
        Assert.Contains($"{rows.Count} rows read, 0 skipped", subset.Out, StringComparison.Ordinal);
        AssertScoredOnly(_temp.Combine("all.json"), _temp.Combine("subset.json"));
        Assert.Contains("left out of the metrics (the test file, read with --allowed-labels, cannot hold them): health, weather", subset.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("left out of the metrics", all.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Label_columns_naming_fewer_labels_than_the_model_score_only_theirs()
    {
        string bundle = Train();
        List<LabeledText> rows = MultiLabelData.Generate(120, seed: 53);
        string tsv = WriteTsv("test.tsv", rows);
        string columns = WriteColumns("test.csv", rows);

        CliResult all = CliResult.Run(null, "eval", bundle, tsv, "--metrics-json", _temp.Combine("all.json"));
        CliResult subset = CliResult.Run(
            null, "eval", bundle, columns, "--text-column", "comment_text", "--label-columns", string.Join(',', Scored), "--metrics-json", _temp.Combine("columns.json"));

        Assert.True(all.ExitCode == 0, all.ToString());
        Assert.True(subset.ExitCode == 0, subset.ToString());
        // A row without finance or sports is the empty set here, kept: each kept label's counts are unchanged.
        AssertScoredOnly(_temp.Combine("all.json"), _temp.Combine("columns.json"));
        Assert.Contains("left out of the metrics (the test file, read with --label-columns, cannot hold them): health, weather", subset.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_test_label_the_model_lacks_is_said_to_be_among_none_of_the_model_s_labels_when_only_some_are_scored()
    {
        // The warning counted the model's labels scored, not the model's: "not among the model's 2" for a four-label
        // model, in the terminal and in the report.
        string bundle = Train();
        List<LabeledText> rows = MultiLabelData.Generate(120, seed: 54);
        string columns = WriteColumns("test.csv", rows, extra: "nope");
        string report = _temp.Combine("report");

        CliResult result = CliResult.Run(
            null, "eval", bundle, columns, "--text-column", "comment_text", "--label-columns", string.Join(',', [.. Scored, "nope"]), "--report", report);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("1 test label is not among the model's 4: nope", result.Error, StringComparison.Ordinal);
        Assert.Contains("not among the model&#39;s 4", File.ReadAllText(Path.Combine(report, "report.html")), StringComparison.Ordinal);
    }

    // The subset's metrics cover the kept labels alone, each with the scores the evaluation of every label gave it.
    private static void AssertScoredOnly(string allPath, string subsetPath)
    {
        using JsonDocument all = JsonDocument.Parse(File.ReadAllText(allPath));
        using JsonDocument subset = JsonDocument.Parse(File.ReadAllText(subsetPath));
        Assert.Equal(Scored, subset.RootElement.GetProperty("labels").EnumerateArray().Select(label => label.GetString()));
        JsonElement perLabel = subset.RootElement.GetProperty("perLabel");
        Assert.All(LeftOut, label => Assert.False(perLabel.TryGetProperty(label, out _), label));
        foreach (string label in Scored)
        {
            Assert.Equal(all.RootElement.GetProperty("perLabel").GetProperty(label).ToString(), perLabel.GetProperty(label).ToString());
        }

        // Two labels, so the co-occurrence matrix is 2 × 2: none of the left-out labels' predictions is in it.
        Assert.Equal(2, subset.RootElement.GetProperty("confusionMatrix").GetArrayLength());
    }

    private string Train()
    {
        string bundle = _temp.Combine("bundle");
        string train = WriteTsv("train.tsv", MultiLabelData.Generate(300, seed: 51));
        CliResult trained = CliResult.Run(null, "train", train, "--out", bundle, "--multi-label-delimiter", "|", "--seed", "3", "--second-model", "none", "--epochs", "5");
        Assert.True(trained.ExitCode == 0, trained.ToString());
        return bundle;
    }

    private string WriteTsv(string name, List<LabeledText> rows) => MultiLabelData.WriteTsv(_temp.Combine(name), rows);

    // The rows as a toxicity-style CSV with a 0/1 column for the kept labels only.
    private string WriteColumns(string name, List<LabeledText> rows, string? extra = null)
    {
        // With an extra column: a label the model lacks, set on every third row.
        var csv = new StringBuilder("comment_text," + string.Join(',', Scored) + (extra is null ? string.Empty : "," + extra) + "\n");
        int written = 0;
        foreach (LabeledText row in rows)
        {
            string[] set = LabelSet.Parse(row.Label, "|");
            csv.Append(row.Text.Replace(",", " ", StringComparison.Ordinal));
            foreach (string label in Scored)
            {
                csv.Append(',').Append(set.Contains(label) ? '1' : '0');
            }

            if (extra is not null)
            {
                csv.Append(',').Append(written++ % 3 == 0 ? '1' : '0');
            }

            csv.Append('\n');
        }

        string path = _temp.Combine(name);
        File.WriteAllText(path, csv.ToString());
        return path;
    }
}
