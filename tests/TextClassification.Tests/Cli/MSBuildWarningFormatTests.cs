using System.Diagnostics;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Cli;

public sealed class MSBuildWarningFormatTests
{
    [Fact]
    public async Task At_build_time_every_warning_has_a_code_and_the_data_file()
    {
        // Build-time training (TEXTCLF_ERROR_FORMAT=msbuild) printed these as bare "warning: …", which MSBuild's Exec
        // turned into "EXEC : warning" with no code: no NoWarn could silence them and -warnaserror failed the build.
        using var folder = new TempFolder("tc-msbuild-warn");
        string data = folder.Combine("few.tsv");
        File.WriteAllText(data, "text\tlabel\n" + string.Concat(Enumerable.Range(0, 4).Select(i =>
            $"cheap pills offer {i}\tspam\nsee you at lunch {i}\tham\nmeeting moved to noon {i}\tHAM\n")));
        string[] args = ["train", data, "--out", folder.Combine("model"), "--dim", "8"];

        (int plainCode, string plain) = await Run(args, msbuild: false);
        (int code, string coded) = await Run(args, msbuild: true);

        Assert.True(plainCode == 0, plain);
        Assert.Contains("warning: under 20 training rows", plain, StringComparison.Ordinal);
        Assert.Contains("warning: some training labels differ only in letter case", plain, StringComparison.Ordinal);
        Assert.True(code == 0, coded);
        Assert.Contains($"{data}: warning TC2002: under 20 training rows", coded, StringComparison.Ordinal);
        Assert.Contains($"{data}: warning TC2006: some training labels differ only in letter case", coded, StringComparison.Ordinal);
        Assert.DoesNotContain(coded.Split('\n'), line => line.StartsWith("warning:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task At_build_time_a_missing_column_names_the_items_metadata_not_the_options_the_build_refuses()
    {
        // Review 47b: a TextClassifierTrainingData item's data without a header line failed the build with "… give those
        // names with --text-column and --label-column", options its TrainingArguments may not give (TC0011): the build
        // passes the item's TextColumn and LabelColumn metadata as them.
        using var folder = new TempFolder("tc-msbuild-columns");
        string data = folder.Combine("headerless.tsv");
        File.WriteAllText(data, "spam\tcheap pills\nham\tsee you at lunch\n");
        string[] args = ["train", data, "--out", folder.Combine("model"), "--text-column", "text", "--label-column", "label"];

        (int code, string build) = await Run(args, msbuild: true, trainingDataItem: true);
        (int plainCode, string plain) = await Run(args, msbuild: true);

        Assert.Equal(1, code);
        Assert.Contains(
            $"{data}(1): error TC1001: text column 'text' and label column 'label' were not found in the header; available columns: 'spam', 'cheap pills'. " +
            "The first line is read as the header, the column names: if the file has no header line, add one naming the text column 'text' and label column " +
            "'label'; if its header names them otherwise, give those names with the TextClassifierTrainingData item's TextColumn and LabelColumn metadata.",
            build,
            StringComparison.Ordinal);
        Assert.DoesNotContain("--text-column", build, StringComparison.Ordinal);
        Assert.Equal(1, plainCode);
        Assert.Contains("give those names with --text-column and --label-column.", plain, StringComparison.Ordinal);
    }

    [Fact]
    public async Task At_build_time_an_error_line_escapes_the_control_characters_a_data_file_puts_in_it()
    {
        // The plain 'error: …' line escapes them (CommandActions.Describe, ca324b6), but MSBuild's line for a data file
        // printed the reader's problem as it was: a header quoted in 'available columns' drove the terminal the build
        // ran in.
        using var folder = new TempFolder("tc-msbuild-escape");
        string data = folder.Combine("columns.csv");
        File.WriteAllText(data, "te\u001b[2Jxt,label\ncheap pills,spam\nsee you at lunch,ham\n");
        string[] args = ["train", data, "--out", folder.Combine("model")];

        (int plainCode, string plain) = await Run(args, msbuild: false);
        (int code, string coded) = await Run(args, msbuild: true);

        Assert.True(plainCode == 1, plain);
        Assert.Contains("'te\\u001B[2Jxt'", plain, StringComparison.Ordinal);
        Assert.True(code == 1, coded);
        Assert.Contains($"{data}(1): error TC1001: ", coded, StringComparison.Ordinal);
        Assert.Contains("'te\\u001B[2Jxt'", coded, StringComparison.Ordinal);
        Assert.DoesNotContain(coded, c => c is not ('\n' or '\r') && char.IsControl(c));
    }

    private static async Task<(int ExitCode, string Error)> Run(string[] args, bool msbuild, bool trainingDataItem = false)
    {
        ProcessStartInfo start = CliProcess.StartInfo(args);
        start.Environment["TEXTCLF_ERROR_FORMAT"] = msbuild ? "msbuild" : string.Empty;
        if (trainingDataItem)
        {
            // As TextClassification.Training.targets runs textclf train for a TextClassifierTrainingData item.
            start.Environment["TEXTCLF_BUILD_TEXT_COLUMN"] = "text";
            start.Environment["TEXTCLF_BUILD_LABEL_COLUMN"] = "label";
        }
        else
        {
            start.Environment.Remove("TEXTCLF_BUILD_TEXT_COLUMN");
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        string error = await process.StandardError.ReadToEndAsync();
        await output;
        await process.WaitForExitAsync();
        return (process.ExitCode, error);
    }
}
