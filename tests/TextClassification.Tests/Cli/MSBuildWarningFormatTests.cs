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

    private static async Task<(int ExitCode, string Error)> Run(string[] args, bool msbuild)
    {
        ProcessStartInfo start = CliProcess.StartInfo(args);
        start.Environment["TEXTCLF_ERROR_FORMAT"] = msbuild ? "msbuild" : string.Empty;
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        string error = await process.StandardError.ReadToEndAsync();
        await output;
        await process.WaitForExitAsync();
        return (process.ExitCode, error);
    }
}
