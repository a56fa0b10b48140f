using TextClassification.Cli;
using TextClassification.Training.Evaluation;

namespace TextClassification.Tests.Cli;

/// <summary>How <c>eval</c> and <c>train --test</c> show the evaluation's progress where output is redirected: no bar,
/// and a line only after a long quiet.</summary>
public sealed class EvaluationConsoleProgressTests(CliFixture fixture) : IClassFixture<CliFixture>
{
    [Fact]
    public void A_report_reads_as_texts_scored_of_the_total() =>
        Assert.Equal("scoring 12,288/462,000 texts", EvaluationConsoleProgress.Describe(new EvaluationProgress(12_288, 462_000)));

    [Fact]
    public void Redirected_output_gets_a_line_only_after_a_quiet_and_none_for_the_last_report()
    {
        var lines = new StringWriter();
        var progress = new EvaluationConsoleProgress.PlainProgress(lines, TimeSpan.Zero);
        var quiet = new StringWriter();
        var waiting = new EvaluationConsoleProgress.PlainProgress(quiet, TimeSpan.FromHours(1));

        foreach (int scored in (int[])[256, 512, 600])
        {
            progress.Report(new EvaluationProgress(scored, 600));
            waiting.Report(new EvaluationProgress(scored, 600));
        }

        Assert.Equal(["scoring 256/600 texts", "scoring 512/600 texts"], lines.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(string.Empty, quiet.ToString());
    }

    [Fact]
    public void Eval_and_train_test_with_redirected_output_print_no_progress()
    {
        CliResult eval = CliResult.Run(null, "eval", fixture.Bundle, fixture.TestTsv);
        CliResult train = CliResult.Run(null, "train", fixture.TrainTsv, "--test", fixture.TestTsv, "--out", fixture.NewPath("bundle"));

        Assert.True(eval.ExitCode == 0, eval.ToString());
        Assert.True(train.ExitCode == 0, train.ToString());
        Assert.Equal(string.Empty, eval.Error);
        Assert.DoesNotContain("scoring", train.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("scoring", train.Out, StringComparison.Ordinal);
    }
}
