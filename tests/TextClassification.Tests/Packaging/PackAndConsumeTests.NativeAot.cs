using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using TextClassification.Onnx;
using TextClassification.Tests.Onnx;
using TextClassification.Training.Data;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Packaging;

/// <summary>The runtime package in a Native AOT app: the typed classifier the generator writes and a Hugging Face
/// export through ONNX Runtime, published with <c>PublishAot</c> and run as a native executable.</summary>
public sealed partial class PackAndConsumeTests
{
    private const string AotProgram = """
        using System.Globalization;
        using Consumer.Ml;
        using TextClassification;

        TicketClassifier typed = TicketClassifier.Load();
        Prediction<TicketLabel> p = typed.Classify(args[0]);
        Console.WriteLine("typed " + p.Label.ToLabel() + " " + p.Score.ToString("R", CultureInfo.InvariantCulture));
        ITextClassifier export = TextClassifierLoader.Load(args[1]);
        Prediction q = export.Classify(args[0]);
        Console.WriteLine("export " + q.Label + " " + q.Score.ToString("R", CultureInfo.InvariantCulture));
        (export as IDisposable)?.Dispose();
        """;

    [NativeAotFact]
    public void A_Native_AOT_app_publishes_without_trimming_warnings_and_classifies_as_the_library_does()
    {
        var clock = Stopwatch.StartNew();
        const string Text = "I was charged twice, please refund the payment on my card";
        string app = NewConsoleApp("aot-app", "TextClassification");
        File.WriteAllText(Path.Combine(app, "Program.cs"), AotProgram);
        string bundle = Path.Combine(app, "Models", "tickets");
        Dataset data = DatasetReader.Read(new StringReader(PackagesFixture.TrainingTsv()), "tickets.tsv", DatasetFormat.Tsv);
        NGramTrainer.Train(data.Rows, new NGramTrainerOptions { Seed = 3, Dimension = 16 }).Classifier.Save(bundle);
        AddItems(app, """<TextClassifierModel Include="Models/tickets" ClassName="Ticket" Namespace="Consumer.Ml" />""");
        string project = Path.Combine(app, "ConsumerApp.csproj");
        File.WriteAllText(project, File.ReadAllText(project).Replace(
            "</PropertyGroup>",
            $"  <PublishAot>true</PublishAot>\n    <CppCompilerAndLinker>{NativeToolchain.Clang}</CppCompilerAndLinker>\n  </PropertyGroup>",
            StringComparison.Ordinal));
        using var export = new TinyBertExport(["negative", "neutral", "positive"]);

        string published = Path.Combine(app, "native");
        string log = packages.Dotnet(app, "publish", "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier, "-o", published, "--disable-build-servers")
            .ShouldSucceed().Output;

        // IL2xxx (trimming), IL3xxx (AOT): none from our assembly or the generated code.
        Assert.DoesNotMatch(@"warning IL\d{4}", log);
        string native = Path.Combine(published, "ConsumerApp");
        Assert.True(File.Exists(native), $"no native executable at {native}:\n{log}");
        Assert.False(File.Exists(Path.Combine(published, "ConsumerApp.dll")), "the publish was not native");
        Assert.True(File.Exists(Path.Combine(published, "Models", "tickets", "textclassifier.json")));

        string[] lines = RunNative(native, Text, export.Folder);
        Prediction typed = TextClassifier.Load(bundle).Classify(Text);
        Prediction exported;
        using (OnnxTextClassifier onnx = OnnxTextClassifier.Create(export.Folder))
        {
            exported = onnx.Classify(Text);
        }

        AssertSamePrediction("typed", typed, lines[0]);
        AssertSamePrediction("export", exported, lines[1]);
        output.WriteLine($"Native AOT app {clock.Elapsed.TotalSeconds:F1} s");
    }

    // The native code may sum SIMD reductions at another vector width than this JIT-compiled process (its baseline
    // instruction set), so scores agree to float rounding, labels exactly.
    private static void AssertSamePrediction(string kind, Prediction expected, string line)
    {
        string[] parts = line.Split(' ');
        Assert.True(parts.Length >= 3 && parts[0] == kind, $"unexpected line '{line}'");
        Assert.Equal(expected.Label, string.Join(' ', parts[1..^1]));
        Assert.Equal(expected.Score, float.Parse(parts[^1], CultureInfo.InvariantCulture), 1e-5f);
    }

    private static string[] RunNative(string executable, params string[] arguments)
    {
        var info = new ProcessStartInfo(executable)
        {
            WorkingDirectory = Path.GetTempPath(), // the model must be found beside the app
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(info)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), "the native app did not finish in a minute");
        Assert.True(process.ExitCode == 0, $"the native app exited with {process.ExitCode}:\n{stdout}\n{error.Result}");
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
