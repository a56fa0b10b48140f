using System.Text;
using System.Text.Json.Nodes;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Cli;

/// <summary>The shipped <c>textclf</c> runs with InvariantGlobalization, where string.Normalize leaves non-ASCII text
/// unchanged; this test project runs with ICU. So the CLI runs here as its own process, as users run it.</summary>
public sealed class InvariantGlobalizationTests : IDisposable
{
    private readonly TempFolder _temp = new("tc-invariant");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_cli_merges_labels_written_in_two_normalization_forms()
    {
        var file = new StringBuilder("label\ttext\n");
        for (int i = 0; i < 30; i++)
        {
            file.Append($"Caf\u00E9\tcoffee and croissant number {i}\n");
            file.Append($"Cafe\u0301\tan espresso at the bar {i}\n");
            file.Append($"tea\tgreen tea with lemon {i}\n");
        }

        string data = _temp.Combine("nfc.tsv");
        File.WriteAllText(data, file.ToString());
        string bundle = _temp.Combine("bundle");

        (int exit, string output) = await CliProcess.RunAsync("train", data, "--out", bundle, "--epochs", "2", "--second-model", "none");

        Assert.True(exit == 0, output);
        JsonArray labels = JsonNode.Parse(File.ReadAllText(Path.Combine(bundle, "textclassifier.json")))!["labels"]!.AsArray();
        Assert.Equal(["Caf\u00E9", "tea"], labels.Select(label => label!.GetValue<string>()));
    }

    [Fact]
    public async Task An_allowed_label_in_the_other_normalization_form_names_the_kept_rows_label()
    {
        var file = new StringBuilder("label\ttext\n");
        for (int i = 0; i < 30; i++)
        {
            file.Append($"Caf\u00E9\tcoffee and croissant number {i}\n");
            file.Append($"tea\tgreen tea with lemon {i}\n");
            file.Append($"juice\torange juice please {i}\n");
        }

        string data = _temp.Combine("allowed.tsv");
        File.WriteAllText(data, file.ToString());

        (int exit, string output) = await CliProcess.RunAsync("train", data, "--out", _temp.Combine("bundle"), "--epochs", "2", "--second-model", "none", "--allowed-labels", "Cafe\u0301,tea");

        Assert.True(exit == 0, output);
        Assert.DoesNotContain("no kept row", output, StringComparison.Ordinal); // it had warned that Café was absent
        Assert.Contains("60 rows read, 30 skipped (label not allowed: 30)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cli_warns_about_labels_that_differ_only_in_compatibility_forms()
    {
        var file = new StringBuilder("label\ttext\n");
        for (int i = 0; i < 20; i++)
        {
            file.Append($"A\tfirst kind of message {i}\n");
            file.Append($"\uFF21\tsecond kind of message {i}\n");
        }

        string data = _temp.Combine("fullwidth.tsv");
        File.WriteAllText(data, file.ToString());

        (int exit, string output) = await CliProcess.RunAsync("train", data, "--out", _temp.Combine("bundle"), "--epochs", "2", "--second-model", "none");

        Assert.True(exit == 0, output);
        Assert.Contains("look the same but differ in characters that do not show", output, StringComparison.Ordinal);
    }
}
