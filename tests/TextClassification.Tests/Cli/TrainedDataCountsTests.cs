using TextClassification.Bundles;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Cli;

/// <summary>
/// Review 56b: a bundle did not say how much data it was trained on. train printed the rows it read and those it skipped
/// by reason, but the manifest kept none of it, so <c>inspect</c> of a bundle trained on a file whose rows were mostly
/// dropped (a wrong --allowed-labels, a label column of blanks) looked like any other. The manifest now records the rows
/// kept (<c>data.rows</c>) and, where any were skipped, their count by reason (<c>data.skipped</c>).
/// </summary>
public sealed class TrainedDataCountsTests : IDisposable
{
    private readonly TempFolder _temp = new("tc-data-counts");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_manifest_records_the_rows_trained_on_and_those_skipped_by_reason()
    {
        var lines = new List<string> { "text\tlabel" };
        for (int i = 0; i < 12; i++)
        {
            lines.Add($"hello there {i}\tgreeting");
            lines.Add($"bye there {i}\tfarewell");
        }

        lines.Add("no label here\t ");
        lines.Add(" \tgreeting");
        lines.Add("thanks a lot\tthanks");
        lines.Add("many thanks\tthanks");
        string data = _temp.Combine("train.tsv");
        File.WriteAllLines(data, lines);
        string skipping = _temp.Combine("skipping");
        string plain = _temp.Combine("plain");

        CliResult skipped = CliResult.Run(null, "train", data, "--out", skipping, "--allowed-labels", "greeting,farewell");
        CliResult all = CliResult.Run(null, "train", data, "--out", plain);

        Assert.True(skipped.ExitCode == 0, skipped.ToString());
        Assert.True(all.ExitCode == 0, all.ToString());
        IReadOnlyDictionary<string, string> settings = ModelBundle.ReadManifest(skipping).Training!.Settings!;
        Assert.Equal("24", settings["data.rows"]);
        Assert.Equal("4 (label not allowed: 2, empty label: 1, empty text: 1)", settings["data.skipped"]);
        Assert.Contains("4 skipped (label not allowed: 2, empty label: 1, empty text: 1)", skipped.Out, StringComparison.Ordinal);

        IReadOnlyDictionary<string, string> plainSettings = ModelBundle.ReadManifest(plain).Training!.Settings!;
        Assert.Equal("26", plainSettings["data.rows"]);
        Assert.Equal("2 (empty label: 1, empty text: 1)", plainSettings["data.skipped"]);

        CliResult inspected = CliResult.Run(null, "inspect", skipping);
        Assert.Contains("data.skipped", inspected.Out, StringComparison.Ordinal);
    }
}
