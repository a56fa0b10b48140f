namespace TextClassification.Tests.Cli;

/// <summary>
/// Review 52c: <c>train --out -</c> made a folder named '-' in the working folder (and so did <c>--report -</c> and
/// <c>--embedding-cache -</c>), where '-' reads as standard output. A folder option given '-' is a usage error naming
/// the option (exit 2); <c>./-</c> still names such a folder. The paths below do not exist, so nothing would be trained
/// or written either way: the command stops at the first error it finds.
/// </summary>
public sealed class DashFolderOptionTests
{
    private static readonly string Missing = Path.Combine(Path.GetTempPath(), "tc-dash-" + Guid.NewGuid().ToString("N"));

    public static TheoryData<string, string[]> FolderOptionsGivenADash() => new()
    {
        { "--out", ["train", Path.Combine(Missing, "train.tsv"), "--out", "-"] },
        { "--out", ["train", Path.Combine(Missing, "train.tsv"), "-o", "-"] },
        { "--report", ["train", Path.Combine(Missing, "train.tsv"), "--test", Path.Combine(Missing, "test.tsv"), "--out", Path.Combine(Missing, "model"), "--report", "-"] },
        { "--embedding-cache", ["train", Path.Combine(Missing, "train.tsv"), "--out", Path.Combine(Missing, "model"), "--encoder", Path.Combine(Missing, "encoder"), "--embedding-cache", "-"] },
        { "--report", ["eval", Path.Combine(Missing, "model"), Path.Combine(Missing, "test.tsv"), "--report", "-"] },
    };

    [Theory]
    [MemberData(nameof(FolderOptionsGivenADash))]
    public void A_dash_for_a_folder_option_is_a_usage_error_naming_it(string option, string[] args)
    {
        CliResult result = CliResult.Run(null, args);

        Assert.True(result.ExitCode == TextClassification.Cli.ExitCodes.Usage, result.ToString());
        Assert.Contains($"{option} needs a folder", result.Error, StringComparison.Ordinal);
        Assert.Contains("./-", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists("-"));
    }

    [Fact]
    public void Metrics_json_dash_is_still_standard_output()
    {
        // Only the folder options refuse '-': --metrics-json - writes the metrics to standard output (Linux, macOS).
        CliResult result = CliResult.Run(null, "train", Path.Combine(Missing, "train.tsv"), "--out", Path.Combine(Missing, "model"), "--metrics-json", "-");

        Assert.NotEqual(TextClassification.Cli.ExitCodes.Usage, result.ExitCode);
        Assert.DoesNotContain("needs a folder", result.Error, StringComparison.Ordinal);
    }
}
