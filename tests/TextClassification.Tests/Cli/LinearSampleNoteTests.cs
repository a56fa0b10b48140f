using TextClassification.Tests.Support;

namespace TextClassification.Tests.Cli;

/// <summary>
/// Review 56b: where --max-linear-entries made the linear members learn from a sample, train said "the logistic
/// regression and naive Bayes members learned from …" also for a multi-label model, which has neither: its linear member
/// is an SGD model on the same features (the manifest's linearModel says so).
/// </summary>
public sealed class LinearSampleNoteTests : IDisposable
{
    private readonly TempFolder _temp = new("tc-linear-sample-note");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_multi_label_model_s_sample_note_names_its_SGD_member()
    {
        var lines = new List<string> { "text\ttoxic\tinsult" };
        for (int i = 0; i < 30; i++)
        {
            lines.Add($"you idiot number {i}\t1\t{i % 2}");
            lines.Add($"a nice day number {i}\t0\t0");
            lines.Add($"what a loser number {i}\t0\t1");
        }

        string data = _temp.Combine("train.tsv");
        File.WriteAllLines(data, lines);

        CliResult multiLabel = CliResult.Run(null, "train", data, "--out", _temp.Combine("multi"), "--label-columns", "toxic,insult", "--max-linear-entries", "100");

        Assert.True(multiLabel.ExitCode == 0, multiLabel.ToString());
        Assert.Contains("To bound memory, the SGD member on word and char n-grams (a multi-label model's, in place of logistic regression and naive Bayes) learned from ", multiLabel.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("logistic regression and naive Bayes members learned", multiLabel.Out, StringComparison.Ordinal);
    }
}
