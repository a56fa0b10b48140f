using System.Diagnostics;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Cli;

/// <summary><c>textclf</c> run by a user other than the owner of the files it would replace, in a folder with the sticky
/// bit (<c>/tmp</c>, a shared drop folder): run as <c>nobody</c> through <c>setpriv</c>, so only where the tests run as
/// root (which may replace any file itself).</summary>
public sealed class OtherUsersFilesTests : IDisposable
{
    private const string Nobody = "65534";

    private readonly TempFolder _temp = new("tc-other-users");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Another_users_file_in_a_sticky_folder_is_refused_before_the_work()
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "textclf.dll");
        if (OperatingSystem.IsWindows() || !Environment.IsPrivilegedProcess || !File.Exists("/usr/bin/setpriv") || !EveryoneCanRead(dll) || !EveryoneCanRead(_temp.Path))
        {
            return;
        }

        // Found once the work was done: "could not write it (permission denied)" after training, and a report of three
        // new files beside another user's report.html.
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        string test = _temp.Combine("test.tsv");
        File.WriteAllLines(test, ["label\ttext", .. TestModels.SmallData.Select(row => $"{row.Label}\t{row.Text}")]);
        string shared = _temp.Combine("shared");
        Directory.CreateDirectory(shared);
        File.SetUnixFileMode(shared, (UnixFileMode)0b1_111_111_111); // 1777
        string metrics = Path.Combine(shared, "m.json");
        string report = Path.Combine(shared, "report.html");
        File.WriteAllText(metrics, "root's");
        File.WriteAllText(report, "root's");

        (int metricsExit, string metricsError) = await RunAsNobodyAsync(dll, "eval", bundle, test, "--metrics-json", metrics);
        (int reportExit, string reportError) = await RunAsNobodyAsync(dll, "eval", bundle, test, "--report", shared);

        Assert.Equal(1, metricsExit);
        Assert.Equal($"error: --metrics-json {metrics}: {metrics} is another user's file in {shared}, a folder with the sticky bit where only its owner may replace it; write to another path, or have it removed.", metricsError.Trim());
        Assert.Equal(1, reportExit);
        Assert.StartsWith($"error: --report {shared}: {report} is another user's file in {shared}", reportError.Trim(), StringComparison.Ordinal);
        Assert.Equal(["m.json", "report.html"], Directory.GetFileSystemEntries(shared).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        // Its own file there is replaced as before.
        string own = Path.Combine(shared, "own.json");
        Assert.Equal(0, (await RunAsNobodyAsync(dll, "eval", bundle, test, "--metrics-json", own)).ExitCode);
        Assert.Equal(0, (await RunAsNobodyAsync(dll, "eval", bundle, test, "--metrics-json", own)).ExitCode);
    }

    [Fact]
    public async Task Inspect_names_a_bundle_file_this_user_cannot_read_and_fails()
    {
        // inspect checked each file's size only: a bundle copied as root with files of mode 0600 (sudo cp under umask 077)
        // was listed whole, exit 0, for the user who runs the service, where predict and eval then failed on the first
        // file ("Access to the path … is denied").
        string dll = Path.Combine(AppContext.BaseDirectory, "textclf.dll");
        bool asNobody = Environment.IsPrivilegedProcess;
        if (OperatingSystem.IsWindows() || (asNobody && (!File.Exists("/usr/bin/setpriv") || !EveryoneCanRead(dll) || !EveryoneCanRead(_temp.Path))))
        {
            return;
        }

        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        foreach (string file in Directory.GetFiles(bundle))
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        File.SetUnixFileMode(bundle, (UnixFileMode)0b111_101_101); // 755
        string head = Directory.GetFiles(bundle, "head-*.bin").Single();
        // Readable by its owner only: root's 0600 file for nobody; for a user who is not root, a file of no access at all.
        File.SetUnixFileMode(head, asNobody ? UnixFileMode.UserRead | UnixFileMode.UserWrite : UnixFileMode.None);

        (int exitCode, string output, string error) = asNobody ? await RunAsNobodyWithOutputAsync(dll, "inspect", bundle) : InspectHere(bundle);

        Assert.Equal(1, exitCode);
        Assert.Matches($@"{Path.GetFileName(head)} +\S+ \S+  sha256 \w+…  UNREADABLE by this user", output);
        Assert.Contains("1 of the manifest's", error, StringComparison.Ordinal);
        Assert.Contains("not readable by this user", error, StringComparison.Ordinal);
    }

    private static (int ExitCode, string Output, string Error) InspectHere(string bundle)
    {
        CliResult result = CliResult.Run(null, "inspect", bundle);
        return (result.ExitCode, result.Out, result.Error);
    }

    // Whether every user may read path and pass through each folder above it.
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static bool EveryoneCanRead(string path)
    {
        for (string? at = path; at is not null; at = Path.GetDirectoryName(at))
        {
            UnixFileMode needed = Directory.Exists(at) ? UnixFileMode.OtherExecute : UnixFileMode.OtherRead;
            if ((File.GetUnixFileMode(at) & needed) == 0)
            {
                return false;
            }
        }

        return true;
    }

    // Runs textclf as nobody; its exit code and standard error (its output is dropped).
    private static async Task<(int ExitCode, string Error)> RunAsNobodyAsync(string dll, params string[] args)
    {
        (int exitCode, _, string error) = await RunAsNobodyWithOutputAsync(dll, args);
        return (exitCode, error);
    }

    // Runs textclf as nobody; its exit code, standard output and standard error.
    private static async Task<(int ExitCode, string Output, string Error)> RunAsNobodyWithOutputAsync(string dll, params string[] args)
    {
        ProcessStartInfo cli = CliProcess.StartInfo(args);
        var start = new ProcessStartInfo("/usr/bin/setpriv") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in (string[])["--reuid", Nobody, "--regid", Nobody, "--clear-groups", cli.FileName, .. cli.ArgumentList])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1";
        start.Environment["HOME"] = Path.GetTempPath();
        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output, await error);
    }
}
