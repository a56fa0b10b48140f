namespace TextClassification.Tests.Cli;

/// <summary>
/// Review 52c: a number option out of range was echoed as the number it parsed to, not as typed: <c>--lr 1e-50</c>
/// said "got 0" (a float underflows), <c>--lr 1e400</c> "got ∞", <c>--epochs +0</c> "got 0". Every number option's
/// range error shows the value as the user typed it. The data file does not exist: the command line is refused first.
/// </summary>
public sealed class NumericOptionEchoTests
{
    private static readonly string Missing = Path.Combine(Path.GetTempPath(), "tc-echo-" + Guid.NewGuid().ToString("N"));

    public static TheoryData<string, string, string> OutOfRange() => new()
    {
        { "train", "--lr", "1e-50" },
        { "train", "--lr", "1e400" },
        { "train", "--lr", "-0.0" },
        { "train", "--epochs", "+0" },
        { "train", "--dim", "0005000" },
        { "train", "--word-ngrams", "06" },
        { "train", "--buckets", "0001000" },
        { "train", "--max-linear-entries", "-00" },
        { "train", "--abstain-precision", "1e-400" },
        { "train", "--abstain-coverage", "1.50" },
        { "train", "--label-threshold", "1e-400" },
        { "predict", "--top-k", "00" },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void An_out_of_range_number_is_echoed_as_typed(string command, string option, string typed)
    {
        string[] args = command == "train"
            ? ["train", Path.Combine(Missing, "train.tsv"), "--out", Path.Combine(Missing, "model"), option, typed]
            : ["predict", Path.Combine(Missing, "model"), option, typed, "some text"];
        if (option == "--label-threshold")
        {
            args = [.. args, "--label-columns", "toxic,insult"]; // which it reads
        }

        CliResult result = CliResult.Run(null, args);

        Assert.True(result.ExitCode == TextClassification.Cli.ExitCodes.Usage, result.ToString());
        Assert.Contains($"{option} ", result.Error, StringComparison.Ordinal);
        Assert.Contains($"got {typed}", result.Error, StringComparison.Ordinal);
    }
}
