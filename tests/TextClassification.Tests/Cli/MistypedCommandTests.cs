namespace TextClassification.Tests.Cli;

/// <summary>
/// Review 52c: a mistyped command (<c>textclf trian data.tsv --out m</c>) was named without the command meant, though a
/// mistyped option gets "Did you mean --epochs?"; and the words after it were errors of their own ("Unrecognized
/// command or argument 'data.tsv'", "Unrecognized option '--out'"), which follow from the first.
/// </summary>
public sealed class MistypedCommandTests
{
    [Theory]
    [InlineData("trian", "train")] // two letters swapped
    [InlineData("tran", "train")]
    [InlineData("evl", "eval")]
    [InlineData("predcit", "predict")]
    [InlineData("inpsect", "inspect")]
    [InlineData("Train", "train")]
    [InlineData("pred", "predict")] // cut short
    [InlineData("foo", null)]
    [InlineData("xyzzy", null)]
    public void A_mistyped_command_is_one_error_naming_the_command_nearest_it(string typed, string? nearest)
    {
        CliResult result = CliResult.Run(null, typed, "data.tsv", "--out", "model");

        Assert.True(result.ExitCode == 2, result.ToString());
        string expected = nearest is null
            ? $"error: Unrecognized command or argument '{typed}'."
            : $"error: Unrecognized command or argument '{typed}'. Did you mean {nearest}?";
        Assert.Equal([expected, "Run 'textclf --help' for usage."], result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal(string.Empty, result.Out);
    }
}
