using System.Diagnostics;

namespace TextClassification.Benchmarks.Tests;

/// <summary>The compare command stopped by a signal while fastText trains: the tool and its scratch folder go with it.</summary>
public class StopSignalTests
{
    [FakeFastTextFact]
    public void Sigterm_WhileFastTextTrains_KillsItAndDeletesTheScratchFolder()
    {
        using var fake = new FakeFastText();
        fake.HangInTraining();
        string root = Path.Combine(fake.Folder, "work");
        string temp = Path.Combine(root, "tmp");
        string set = Path.Combine(root, "sets", "tiny");
        Directory.CreateDirectory(temp);
        Directory.CreateDirectory(set);
        string tsv = "label\ttext\nspam\twin a free prize now\nham\tsee you at lunch\nspam\tclaim your reward\nham\tthe meeting moved\n";
        File.WriteAllText(Path.Combine(set, "train.tsv"), tsv);
        File.WriteAllText(Path.Combine(set, "test.tsv"), tsv);

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in (string[])[Path.Combine(AppContext.BaseDirectory, "TextClassification.Benchmarks.dll"), "compare", "--peers", "fasttext", "tiny"])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["FASTTEXT"] = fake.Tool;
        start.Environment["TMPDIR"] = temp;
        start.Environment["TEXTCLASSIFICATION_DATASETS"] = Path.Combine(root, "sets");
        using Process compare = Process.Start(start)!;
        Task<string> error = compare.StandardError.ReadToEndAsync();
        Task<string> output = compare.StandardOutput.ReadToEndAsync();
        string pidFile = Path.Combine(fake.Folder, "pid");
        int fastText = 0;
        try
        {
            var clock = Stopwatch.StartNew();
            while (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile), out fastText))
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60) && !compare.HasExited, "the fake fastText did not start training: " + (compare.HasExited ? error.Result : string.Empty));
                Thread.Sleep(50);
            }

            Assert.NotEmpty(Directory.GetDirectories(temp, "textclf-fasttext-*"));
            using (Process kill = Process.Start("kill", ["-TERM", compare.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                kill.WaitForExit();
            }

            Assert.True(compare.WaitForExit(30_000), "compare did not end on SIGTERM");
            Assert.False(Alive(fastText), $"fastText (pid {fastText}) outlived the comparison");
            Assert.Empty(Directory.GetDirectories(temp, "textclf-fasttext-*"));
        }
        finally
        {
            if (!compare.HasExited)
            {
                compare.Kill(entireProcessTree: true);
            }

            if (fastText > 0 && Alive(fastText))
            {
                using Process orphan = Process.GetProcessById(fastText);
                orphan.Kill();
            }
        }
    }

    // Whether a process runs under this id (a zombie, dead but not yet reaped, counts as gone).
    private static bool Alive(int pid)
    {
        string status = Path.Combine("/proc", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "status");
        return File.Exists(status) && !File.ReadLines(status).Any(line => line.StartsWith("State:", StringComparison.Ordinal) && line.Contains('Z', StringComparison.Ordinal));
    }
}
