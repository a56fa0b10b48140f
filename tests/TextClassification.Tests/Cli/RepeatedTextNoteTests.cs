using TextClassification.Tests.Support;

namespace TextClassification.Tests.Cli;

/// <summary>
/// Review 56b: train's note on rows that repeat an earlier row's text ended "(--dedupe drops exact repeats)" also when
/// --dedupe or --drop-conflicts was given, where no exact repeat is left: the rows it counts differ from the earlier one
/// in letter case (or, after --dedupe, in label), and the hint sent the user to the option already in use.
/// </summary>
public sealed class RepeatedTextNoteTests : IDisposable
{
    private readonly TempFolder _temp = new("tc-repeated-note");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_note_points_to_dedupe_only_where_it_was_not_given()
    {
        // Two labels of 12 texts, then 'bye there 3' again under the other label and 'hello there 0' again in capitals.
        var lines = new List<string> { "text\tlabel" };
        for (int i = 0; i < 12; i++)
        {
            lines.Add($"hello there {i}\tgreeting");
            lines.Add($"bye there {i}\tfarewell");
        }

        lines.Add("bye there 3\tgreeting");
        lines.Add("HELLO THERE 0\tgreeting");
        string data = _temp.Combine("train.tsv");
        File.WriteAllLines(data, lines);

        CliResult plain = CliResult.Run(null, "train", data, "--out", _temp.Combine("plain"));
        CliResult dedupe = CliResult.Run(null, "train", data, "--out", _temp.Combine("dedupe"), "--dedupe");
        CliResult dropConflicts = CliResult.Run(null, "train", data, "--out", _temp.Combine("drop"), "--drop-conflicts");

        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.True(dedupe.ExitCode == 0, dedupe.ToString());
        Assert.True(dropConflicts.ExitCode == 0, dropConflicts.ToString());
        Assert.Contains("2 training rows repeat an earlier row's text (ignoring case)", plain.Out, StringComparison.Ordinal);
        Assert.Contains("(--dedupe drops exact repeats)", plain.Out, StringComparison.Ordinal);

        // --dedupe keeps the row under another label (a conflict it reports) and the one in capitals.
        Assert.Contains("2 training rows repeat an earlier row's text (ignoring case)", dedupe.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("(--dedupe drops exact repeats)", dedupe.Out, StringComparison.Ordinal);
        Assert.Contains("none is an exact repeat (--dedupe dropped those): they differ from it in letter case or label", dedupe.Out, StringComparison.Ordinal);

        // --drop-conflicts drops both rows of 'bye there 3': the one in capitals is left.
        Assert.Contains("1 training row repeats an earlier row's text (ignoring case)", dropConflicts.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("(--dedupe drops exact repeats)", dropConflicts.Out, StringComparison.Ordinal);
        Assert.Contains("none is an exact repeat (--drop-conflicts dropped those): they differ from it in letter case", dropConflicts.Out, StringComparison.Ordinal);
    }
}
