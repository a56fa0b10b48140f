using System.Diagnostics;

namespace TextClassification.Benchmarks.Tests;

/// <summary>
/// The compare command's options, run as the documented command (a child process) on a tiny dataset: a value it cannot
/// use is one error line and exit 2 before anything trains, not an empty table or a crash after the whole run.
/// </summary>
public sealed class CompareOptionsTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "compare-options-" + Guid.NewGuid().ToString("N"));

    public CompareOptionsTests()
    {
        string set = Path.Combine(_root, "sets", "tiny");
        Directory.CreateDirectory(set);
        string tsv = "label\ttext\nspam\twin a free prize now\nham\tsee you at lunch\nspam\tclaim your reward\nham\tthe meeting moved\n";
        File.WriteAllText(Path.Combine(set, "train.tsv"), tsv);
        File.WriteAllText(Path.Combine(set, "test.tsv"), tsv);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Out_in_a_folder_that_does_not_exist_is_refused_before_anything_runs()
    {
        string missing = Path.Combine(_root, "no-such-folder", "table.md");

        (int exit, string output, string error) = Compare("tiny", "--peers", "ours", "--out", missing);

        Assert.Equal(2, exit);
        Assert.Contains("--out", error, StringComparison.Ordinal);
        Assert.Contains(Path.GetDirectoryName(missing)!, error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", error, StringComparison.Ordinal);
        Assert.DoesNotContain("warm-up", error, StringComparison.Ordinal);
        Assert.Empty(output.Trim());
    }

    [Fact]
    public void Out_naming_a_folder_is_refused_before_anything_runs()
    {
        (int exit, string output, string error) = Compare("tiny", "--peers", "ours", "--out", _root);

        Assert.Equal(2, exit);
        Assert.Contains("--out", error, StringComparison.Ordinal);
        Assert.DoesNotContain("warm-up", error, StringComparison.Ordinal);
        Assert.Empty(output.Trim());
    }

    [Theory]
    [InlineData("")]
    [InlineData(",")]
    [InlineData(" , ")]
    public void Peers_naming_no_peer_is_a_usage_error(string peers)
    {
        (int exit, string output, string error) = Compare("tiny", "--peers", peers);

        Assert.Equal(2, exit);
        Assert.Contains("--peers", error, StringComparison.Ordinal);
        Assert.Contains("ours,mlnet,sklearn,fasttext", error, StringComparison.Ordinal);
        Assert.Empty(output.Trim());
    }

    [Theory]
    [InlineData("ours,ours")]
    [InlineData("mlnet,ML.NET")]
    public void Peers_naming_one_peer_twice_is_a_usage_error(string peers)
    {
        (int exit, string output, string error) = Compare("tiny", "--peers", peers);

        Assert.Equal(2, exit);
        Assert.Contains("twice", error, StringComparison.Ordinal);
        Assert.Empty(output.Trim());
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("1")]
    public void Term_weight_that_is_not_a_choice_names_the_choices(string value)
    {
        (int exit, string output, string error) = Compare("tiny", "--peers", "ours", "--term-weight", value);

        Assert.Equal(2, exit);
        Assert.Contains("--term-weight expects idf, supervised or auto", error, StringComparison.Ordinal);
        Assert.DoesNotContain("number", error, StringComparison.Ordinal);
        Assert.Empty(output.Trim());
    }

    [Theory]
    [InlineData("--repeat", "0")]
    [InlineData("--repeat", "-3")]
    [InlineData("--train-rows", "0")]
    [InlineData("--train-rows", "-1")]
    public void Counts_below_one_are_refused_naming_the_option(string option, string value)
    {
        // They were read as 1 without a word: '--train-rows 0' trained on one row.
        (int exit, string output, string error) = Compare("tiny", "--peers", "ours", option, value);

        Assert.Equal(2, exit);
        Assert.Contains($"{option} expects a whole number of at least 1; got '{value}'.", error, StringComparison.Ordinal);
        Assert.Empty(output.Trim());
    }

    [Fact]
    public void The_notes_say_the_in_process_peers_ran_an_untimed_warm_up()
    {
        (int exit, string output, string error) = Compare("tiny", "--peers", "ours", "--seed", "42");

        Assert.True(exit == 0, error);
        Assert.Contains("| tiny |", output, StringComparison.Ordinal);
        Assert.Contains("Untimed warm-up: ours ran once on the first 500 training rows of tiny", output, StringComparison.Ordinal);
        Assert.Contains("JIT compilation is outside their train s and pred/s", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_python_that_cannot_run_leaves_scikit_learn_n_a_and_the_others_run()
    {
        string python = Path.Combine(_root, "python3");
        File.WriteAllText(python, "not a program\n");

        (int exit, string output, string error) = CompareWith(("PYTHON", python), "tiny", "--peers", "ours,sklearn");

        Assert.True(exit == 0, error);
        Assert.Contains($"sklearn: n/a — {python} cannot be run", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", error, StringComparison.Ordinal);
        Assert.Matches(@"\| tiny \| [0-9.]+ \| [0-9.]+ \| [0-9.]+ \| [0-9,]+ \| n/a \|", output);
    }

    private (int Exit, string Output, string Error) Compare(params string[] arguments) => CompareWith(null, arguments);

    private (int Exit, string Output, string Error) CompareWith((string Name, string Value)? variable, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "TextClassification.Benchmarks.dll"));
        start.ArgumentList.Add("compare");
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["TEXTCLASSIFICATION_DATASETS"] = Path.Combine(_root, "sets");
        if (variable is { } set)
        {
            start.Environment[set.Name] = set.Value;
        }

        using Process compare = Process.Start(start)!;
        Task<string> error = compare.StandardError.ReadToEndAsync();
        Task<string> output = compare.StandardOutput.ReadToEndAsync();
        if (!compare.WaitForExit(120_000))
        {
            compare.Kill(entireProcessTree: true);
            Assert.Fail("compare did not end within 120 s");
        }

        return (compare.ExitCode, output.Result, error.Result);
    }
}
