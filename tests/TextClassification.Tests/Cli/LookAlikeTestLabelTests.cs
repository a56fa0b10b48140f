namespace TextClassification.Tests.Cli;

/// <summary>
/// eval's warning about test labels the model lacks shows characters that do not show, and points out a test label
/// that only looks like a model label: a test file whose 'billing' carried a zero-width space (copied from a web page or
/// a spreadsheet) was warned about as "billing (5)", the model's own label to the eye (review 55c).
/// </summary>
public sealed class LookAlikeTestLabelTests(CliFixture fixture) : IClassFixture<CliFixture>
{
    [Fact]
    public void A_test_label_with_a_zero_width_space_or_full_width_letters_is_shown_escaped_and_matched_to_the_model_label()
    {
        string testPath = fixture.NewPath("test-look-alike.tsv");
        string[] rows = File.ReadAllLines(fixture.TestTsv)[1..];
        File.WriteAllLines(testPath, ["label\ttext", .. rows.Select(Disguised)]);

        CliResult eval = CliResult.Run(null, "eval", fixture.Bundle, testPath);

        Assert.True(eval.ExitCode == 0, eval.ToString());
        Assert.Contains("billing\\u200B (", eval.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("billing\u200B", eval.Error, StringComparison.Ordinal);
        Assert.Contains(
            "Some look like a model label but differ in characters that do not show or in the form of their letters (full-width, ligatures): 'billing\\u200B' for 'billing', 'ｔｅｃｈ' for 'tech'.",
            eval.Error,
            StringComparison.Ordinal);
        Assert.DoesNotContain("letter case", eval.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_test_label_the_model_does_not_have_is_not_called_a_look_alike()
    {
        string testPath = fixture.NewPath("test-other-label.tsv");
        string[] rows = File.ReadAllLines(fixture.TestTsv)[1..];
        File.WriteAllLines(testPath, ["label\ttext", .. rows.Select(row => row.StartsWith("tech\t", StringComparison.Ordinal) ? "returns" + row[4..] : row)]);

        CliResult eval = CliResult.Run(null, "eval", fixture.Bundle, testPath);

        Assert.True(eval.ExitCode == 0, eval.ToString());
        Assert.Contains("not among the model's 3: returns (", eval.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("look like", eval.Error, StringComparison.Ordinal);
    }

    // billing with a zero-width space after it, tech in full-width letters.
    private static string Disguised(string row) =>
        row.StartsWith("billing\t", StringComparison.Ordinal) ? "billing\u200B" + row["billing".Length..]
        : row.StartsWith("tech\t", StringComparison.Ordinal) ? "ｔｅｃｈ" + row["tech".Length..]
        : row;
}
