using TextClassification.Bundles;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Cli;

/// <summary>
/// Review 56b: a column of <c>--label-columns</c> that is 0 on every kept row was left out of the model without a word.
/// <c>train data.tsv --label-columns toxic,insult,threat</c> on a file whose threat column held no 1 saved a model of two
/// labels, exit 0, and inspect was the only place to see it; the model never answers threat. As --allowed-labels names
/// the labels no kept row carries (TC2004), train now warns (TC2012) and names the columns.
/// </summary>
public sealed class UnsetLabelColumnTests : IDisposable
{
    private readonly TempFolder _temp = new("tc-unset-label-column");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_label_column_set_on_no_row_is_named()
    {
        var lines = new List<string> { "text\ttoxic\tinsult\tthreat" };
        for (int i = 0; i < 20; i++)
        {
            lines.Add($"you idiot {i}\t1\t{i % 2}\t0");
            lines.Add($"nice day {i}\t0\t0\t0");
            lines.Add($"what a loser {i}\t0\t1\t0");
        }

        string data = _temp.Combine("train.tsv");
        File.WriteAllLines(data, lines);
        string bundle = _temp.Combine("bundle");

        CliResult trained = CliResult.Run(null, "train", data, "--out", bundle, "--label-columns", "toxic,insult,threat");
        CliResult allowed = CliResult.Run(null, "train", data, "--out", _temp.Combine("allowed"), "--label-columns", "toxic,insult,threat", "--allowed-labels", "toxic,insult");

        Assert.True(trained.ExitCode == 0, trained.ToString());
        Assert.Equal(["insult", "toxic"], ModelBundle.ReadManifest(bundle).Labels);
        Assert.Contains($"--label-columns names 1 column that no kept row of {data} sets: threat", trained.Error, StringComparison.Ordinal);
        Assert.Contains("the model has no such label", trained.Error, StringComparison.Ordinal);

        // A column --allowed-labels leaves out is left out on purpose.
        Assert.True(allowed.ExitCode == 0, allowed.ToString());
        Assert.DoesNotContain("--label-columns names", allowed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Label_columns_that_leave_too_few_labels_are_refused_in_the_words_of_columns()
    {
        // The trainer's refusal spoke of "a label cell of just the delimiter '|'", which a file of 0/1 columns has none of.
        var none = new List<string> { "text	toxic	insult" };
        var every = new List<string> { "text	toxic	insult" };
        for (int i = 0; i < 10; i++)
        {
            none.Add($"text number {i}	0	0");
            every.Add($"text number {i}	1	0");
        }

        string nonePath = _temp.Combine("none.tsv");
        string everyPath = _temp.Combine("every.tsv");
        File.WriteAllLines(nonePath, none);
        File.WriteAllLines(everyPath, every);

        CliResult noLabel = CliResult.Run(null, "train", nonePath, "--out", _temp.Combine("none"), "--label-columns", "toxic,insult");
        CliResult oneLabel = CliResult.Run(null, "train", everyPath, "--out", _temp.Combine("every"), "--label-columns", "toxic,insult");

        Assert.Equal(1, noLabel.ExitCode);
        Assert.Equal(1, oneLabel.ExitCode);
        Assert.DoesNotContain("delimiter", noLabel.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("delimiter", oneLabel.Error, StringComparison.Ordinal);
        Assert.Contains($"error: {nonePath}: no kept row sets a label column (toxic, insult)", noLabel.Error, StringComparison.Ordinal);
        Assert.Contains($"error: {everyPath}: every kept row sets toxic and no other label column", oneLabel.Error, StringComparison.Ordinal);
        Assert.Contains("two label columns set on some rows, or one and rows with every label column 0", oneLabel.Error, StringComparison.Ordinal);
    }
}
