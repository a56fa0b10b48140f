using TextClassification.Tests.MultiLabel;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Cli;

/// <summary>
/// eval's --allowed-labels naming a label the model does not have is pointed out, as train points out one that no row
/// carries: written in another letter case ('Sports' for the model's 'sports') the list dropped the test file's rows of
/// that label without a word. A multi-label test file then kept only its rows of no label, and the model's every
/// prediction on them counted as wrong (micro-F1 0); a single-label one ended in "no test rows to evaluate on" with
/// nothing saying why (review 57e).
/// </summary>
public sealed class EvalAllowedLabelsTests(CliFixture fixture) : IClassFixture<CliFixture>
{
    [Fact]
    public void A_label_the_single_label_model_lacks_is_named_with_the_model_label_it_differs_from_in_letter_case()
    {
        CliResult eval = CliResult.Run(null, "eval", fixture.Bundle, fixture.TestTsv, "--allowed-labels", "Billing,tech,refunds");

        Assert.True(eval.ExitCode == 0, eval.ToString());
        Assert.Contains(
            "--allowed-labels names 2 labels the model does not have: Billing (the model has 'billing'; labels are compared with their letter case), refunds.",
            eval.Error,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Every_label_in_another_letter_case_is_pointed_out_before_no_test_row_is_left()
    {
        CliResult eval = CliResult.Run(null, "eval", fixture.Bundle, fixture.TestTsv, "--allowed-labels", "BILLING,TECH");

        Assert.Equal(1, eval.ExitCode);
        Assert.Contains("--allowed-labels names 2 labels the model does not have: BILLING (the model has 'billing'", eval.Error, StringComparison.Ordinal);
        Assert.Contains("no test rows to evaluate on", eval.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_of_the_model_s_labels_gets_no_warning()
    {
        CliResult eval = CliResult.Run(null, "eval", fixture.Bundle, fixture.TestTsv, "--allowed-labels", "billing,tech");

        Assert.True(eval.ExitCode == 0, eval.ToString());
        Assert.DoesNotContain("--allowed-labels names", eval.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_multi_label_model_s_label_in_another_letter_case_is_pointed_out()
    {
        using var temp = new TempFolder("tc-eval-allowed");
        string bundle = temp.Combine("bundle");
        string train = MultiLabelData.WriteTsv(temp.Combine("train.tsv"), MultiLabelData.Generate(120, seed: 31));
        string test = MultiLabelData.WriteTsv(temp.Combine("test.tsv"), MultiLabelData.Generate(60, seed: 32));
        CliResult trained = CliResult.Run(null, "train", train, "--out", bundle, "--multi-label-delimiter", "|", "--second-model", "none", "--epochs", "3");
        Assert.True(trained.ExitCode == 0, trained.ToString());

        CliResult eval = CliResult.Run(null, "eval", bundle, test, "--allowed-labels", "Sports");

        Assert.True(eval.ExitCode is 0 or 1, eval.ToString());
        Assert.Contains("--allowed-labels names 1 label the model does not have: Sports (the model has 'sports'", eval.Error, StringComparison.Ordinal);
    }
}
