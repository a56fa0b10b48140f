using System.Text.RegularExpressions;

namespace TextClassification.Tests.Cli;

/// <summary>
/// Review 55e: options shared by several commands carried one description, so a command's help named options it does
/// not have. <c>split --help</c> said <c>--label-columns</c> "Implies --multi-label-delimiter '|'" (split has no such
/// option: giving it is exit 2) and that <c>--format</c> sets "--training-data files" too; <c>train --help</c> named
/// eval's <c>--training-data</c>, and <c>eval --help</c> described <c>--metrics-json</c> "without --test", an option
/// only train has. Every option a command's help mentions is now one of its own, or named as train's.
/// </summary>
public sealed partial class HelpOptionMentionTests
{
    [Theory]
    [InlineData("train")]
    [InlineData("eval")]
    [InlineData("predict")]
    [InlineData("inspect")]
    [InlineData("split")]
    public void A_command_s_help_mentions_only_its_own_options_or_names_the_command_they_belong_to(string command)
    {
        CliResult result = CliResult.Run(null, command, "--help");
        Assert.Equal(0, result.ExitCode);
        int options = result.Out.IndexOf("Options:", StringComparison.Ordinal);
        Assert.True(options >= 0, result.Out);
        string section = result.Out[options..];

        var own = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match declared in DeclaredOption().Matches(section))
        {
            own.Add(declared.Groups[1].Value);
        }

        var foreign = new List<string>();
        foreach (Match mentioned in MentionedOption().Matches(section))
        {
            if (!own.Contains(mentioned.Groups[1].Value))
            {
                foreign.Add(mentioned.Value.Trim());
            }
        }

        Assert.True(foreign.Count == 0, $"textclf {command} --help mentions options it lacks: {string.Join(", ", foreign)}\n{result.Out}");
    }

    [Theory]
    [InlineData("train", "for eval")]
    [InlineData("split", "for eval")]
    [InlineData("split", "from each file's extension")]
    public void A_command_s_help_describes_only_what_that_command_does(string command, string foreign)
    {
        // Review 58b: train's and split's --allowed-labels said "(for eval: overrides the list recorded at training)",
        // and split's --format "Default: from each file's extension" for its one file.
        CliResult result = CliResult.Run(null, command, "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain(foreign, result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_s_help_says_that_a_star_overrides_the_recorded_allowed_labels()
    {
        CliResult result = CliResult.Run(null, "eval", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("'*' keeps every label, overriding the list recorded at training.", result.Out, StringComparison.Ordinal);
    }

    // An option's own line: two spaces, any short aliases, the long name.
    [GeneratedRegex(@"^ {2}(?:-\S, )*(--[a-z][a-z-]*)", RegexOptions.Multiline)]
    private static partial Regex DeclaredOption();

    // Any option named in the section, except one named as train's ("train's --test-format").
    [GeneratedRegex(@"(?<!train's )(?<![\w-])(--[a-z][a-z-]*)")]
    private static partial Regex MentionedOption();
}
