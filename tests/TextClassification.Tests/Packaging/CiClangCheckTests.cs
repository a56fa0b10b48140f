using System.Diagnostics;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Packaging;

/// <summary><c>.ci/has-clang</c>, which decides whether <c>.ci/run</c> installs clang for the Native AOT test: it must
/// find what <see cref="NativeToolchain"/> finds (<c>clang</c> or a versioned <c>clang-N</c> on PATH).</summary>
public sealed class CiClangCheckTests : IDisposable
{
    private readonly TempFolder _temp = new("tc-ci-clang");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(new[] { "clang-14" }, 0)] // Debian/Ubuntu with only the versioned package: had exit 2, and an apt-get
    [InlineData(new[] { "clang" }, 0)]
    [InlineData(new[] { "clang", "clang-18" }, 0)]
    [InlineData(new[] { "clang-format", "clang-cpp-14", "clang-14-old" }, 1)]
    [InlineData(new string[0], 1)]
    public void Finds_clang_or_a_versioned_clang_on_PATH(string[] commands, int expected)
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // .ci/run is a bash script run on Linux
        }

        string bin = _temp.Combine("bin-" + string.Join('+', commands));
        Directory.CreateDirectory(bin);
        foreach (string command in commands)
        {
            string path = Path.Combine(bin, command);
            File.WriteAllText(path, "#!/bin/sh\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        Assert.Equal(expected, Run(bin));
    }

    private static int Run(string path)
    {
        string script = Path.Combine(PackagesFixture.FindRepositoryRoot(), ".ci", "has-clang");
        var info = new ProcessStartInfo("/bin/bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(script);
        info.Environment["PATH"] = path; // only the fake commands (the script uses bash built-ins alone)
        using Process process = Process.Start(info)!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), ".ci/has-clang did not finish");
        return process.ExitCode;
    }
}
