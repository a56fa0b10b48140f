using System.Diagnostics;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Cli;

/// <summary><c>textclf</c> run from a folder that was deleted under the shell (<c>rm -rf</c> of the folder a terminal
/// sits in, a build's temporary folder), with relative paths.</summary>
public sealed class DeletedWorkingFolderTests : IDisposable
{
    private readonly TempFolder _temp = new("tc-deleted-cwd");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("--metrics-json")] // a stack trace: "Unhandled exception: System.IO.FileNotFoundException: Unable to find the specified file."
    [InlineData("--report")] // "error: Unable to find the specified file.", naming nothing
    public async Task A_relative_output_path_names_its_option_and_the_missing_folder(string option)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // a folder in use cannot be deleted there
        }

        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        string test = _temp.Combine("test.tsv");
        File.WriteAllLines(test, ["label\ttext", .. TestModels.SmallData.Select(row => $"{row.Label}\t{row.Text}")]);

        (int exitCode, string error) = await RunInDeletedFolderAsync(["eval", bundle, test, option, "out"]);

        Assert.Equal(1, exitCode);
        Assert.Equal($"error: {option} out: a relative path, but the current folder no longer exists (deleted, or moved away); give an absolute path, or run textclf from a folder that exists.", error.Trim());
    }

    [Fact]
    public async Task A_relative_input_that_is_not_found_says_the_current_folder_is_gone()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        (int exitCode, string error) = await RunInDeletedFolderAsync(["predict", "model", "text"]);

        Assert.Equal(1, exitCode);
        Assert.Equal("error: Model bundle folder not found: model (the current folder no longer exists, so no relative path leads anywhere: give absolute paths, or run textclf from a folder that exists).", error.Trim());
    }

    // Runs textclf from a folder deleted before it starts; its exit code and standard error.
    private async Task<(int ExitCode, string Error)> RunInDeletedFolderAsync(string[] args)
    {
        string gone = _temp.Combine("gone");
        Directory.CreateDirectory(gone);
        string log = _temp.Combine("error.log");
        ProcessStartInfo start = CliProcess.InShell("> /dev/null 2> \"$LOG\"", args, log, before: "cd \"$GONE\" && rmdir \"$GONE\" &&");
        start.Environment["GONE"] = gone;
        using Process process = Process.Start(start)!;
        await process.WaitForExitAsync();
        return (process.ExitCode, File.ReadAllText(log));
    }
}
