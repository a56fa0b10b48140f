using System.Diagnostics;
using TextClassification.Tests.Support;
using Xunit.Abstractions;

namespace TextClassification.Tests.Reliability;

/// <summary>
/// A child process (<c>TextClassification.Fuzz save-loop</c>) saves two models alternately over one bundle and is
/// killed at random points. After every kill the bundle loads and predicts exactly as one of the two models — never a
/// broken or mixed bundle — and can be saved over again.
/// </summary>
public sealed class KillMidSaveTests : IDisposable
{
    private const int Kills = 8;

    private readonly TempFolder _temp = new("tc-kill-save");
    private readonly ITestOutputHelper _output;

    public KillMidSaveTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Killing_a_saving_process_leaves_the_old_or_the_new_bundle()
    {
        TextClassifier a = TestModels.Small;
        TextClassifier b = TestModels.SmallOtherSeed;
        string bundleA = BundleEditing.SaveBundle(_temp, a, "a");
        string bundleB = BundleEditing.SaveBundle(_temp, b, "b");
        string target = BundleEditing.SaveBundle(_temp, a, "target");
        List<string> texts = SyntheticData.Texts(40, seed: 12);
        float[][] scoresA = TestModels.ScoresOf(a, texts);
        float[][] scoresB = TestModels.ScoresOf(b, texts);
        Assert.NotEqual(scoresA, scoresB);

        var random = new Random(31);
        var outcomes = new List<string>();
        for (int kill = 0; kill < Kills; kill++)
        {
            int saves = RunAndKill(target, bundleA, bundleB, delayMs: random.Next(0, 120));

            TextClassifier loaded = TextClassifier.Load(target);
            float[][] scores = TestModels.ScoresOf(loaded, texts);
            bool isA = Same(scores, scoresA);
            bool isB = Same(scores, scoresB);
            Assert.True(isA || isB, $"after kill {kill} ({saves} saves reported) the bundle is neither model");
            outcomes.Add($"{saves} saves → {(isA ? "A" : "B")}, {Directory.GetFiles(target).Length} files");
        }

        _output.WriteLine(string.Join(Environment.NewLine, outcomes));

        // Still a bundle that can be updated in place.
        a.Save(target);
        Assert.True(Same(TestModels.ScoresOf(TextClassifier.Load(target), texts), scoresA), string.Join(", ", outcomes));
    }

    private static int RunAndKill(string target, string bundleA, string bundleB, int delayMs)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { FuzzDll(), "save-loop", target, bundleA, bundleB })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        int saves = 0;
        using var firstSave = new ManualResetEventSlim();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith("saved", StringComparison.Ordinal) == true)
            {
                Interlocked.Increment(ref saves);
                firstSave.Set();
            }
        };
        process.BeginOutputReadLine();
        string? error = null;
        process.ErrorDataReceived += (_, e) => error += e.Data;
        process.BeginErrorReadLine();
        try
        {
            // Not a timing assertion: the child must have started saving before the random kill point.
            var clock = Stopwatch.StartNew();
            while (!firstSave.Wait(50) && !process.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
            }

            Assert.True(firstSave.IsSet, $"the save loop did not start: {error}");
            Thread.Sleep(delayMs);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        return Volatile.Read(ref saves);
    }

    private static string FuzzDll()
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "TextClassification.Fuzz.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: the test project references the fuzz project");
        return dll;
    }

    private static bool Same(float[][] x, float[][] y) => x.Zip(y).All(p => p.First.AsSpan().SequenceEqual(p.Second));
}
