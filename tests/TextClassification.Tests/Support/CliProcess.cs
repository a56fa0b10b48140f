using System.Diagnostics;

namespace TextClassification.Tests.Support;

/// <summary><c>textclf</c> run as its own process, as users run it: with the runtime settings it ships with
/// (InvariantGlobalization, which this test project turns off) and real signals.</summary>
public static class CliProcess
{
    /// <summary>The start of <c>dotnet textclf.dll</c> with <paramref name="args"/>; output and error redirected.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> args, bool redirectInput = false)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "textclf.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: the test project references the CLI project");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1"; // as textclf.runtimeconfig.json sets it
        return start;
    }

    /// <summary><c>predict <paramref name="bundle"/></c> with its input redirected, once it has answered one line (its
    /// signal handlers are in place and it waits for the next line); its error output is read to the end meanwhile.</summary>
    public static async Task<(Process Process, Task<string> Error, string? Answer)> StartPredictingAsync(string bundle)
    {
        Process process = Process.Start(StartInfo(["predict", bundle], redirectInput: true))!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteLineAsync("rain and wind tomorrow");
        await process.StandardInput.FlushAsync();
        string? answer = await process.StandardOutput.ReadLineAsync();
        return (process, error, answer);
    }

    /// <summary>Runs the command to its end; returns its exit code and its output and error, in that order.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(params string[] args) => RunWithAsync(new Dictionary<string, string>(), args);

    /// <summary><see cref="RunAsync"/> with more environment variables set for the process.</summary>
    public static async Task<(int ExitCode, string Output)> RunWithAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        ProcessStartInfo start = StartInfo(args);
        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output + await error);
    }

    /// <summary>The start of <c>textclf</c> with <paramref name="args"/> by <c>sh -c</c>, its streams redirected as
    /// <paramref name="redirection"/> says (<c>$LOG</c> names <paramref name="log"/>), after <paramref name="before"/>
    /// (shell commands ending in <c>&amp;&amp;</c>, or empty).</summary>
    public static ProcessStartInfo InShell(string redirection, string[] args, string log, string before = "")
    {
        ProcessStartInfo cli = StartInfo(args);
        var shell = new ProcessStartInfo("sh") { UseShellExecute = false };
        shell.ArgumentList.Add("-c");
        shell.ArgumentList.Add($"{before} exec \"$0\" \"$@\" {redirection}");
        shell.ArgumentList.Add(cli.FileName);
        foreach (string argument in cli.ArgumentList)
        {
            shell.ArgumentList.Add(argument);
        }

        shell.Environment["LOG"] = log;
        shell.Environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1";
        return shell;
    }
}
