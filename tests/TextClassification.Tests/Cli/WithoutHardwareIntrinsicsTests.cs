using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Cli;

/// <summary>
/// <c>textclf</c> in a process started with <c>DOTNET_EnableHWIntrinsic=0</c>: every <c>IsSupported</c> and
/// <c>IsHardwareAccelerated</c> is false, as on a CPU without them (an ARM machine has no <c>Sse</c>), so the paths
/// that machines other than this one take run here. A prefetch issued without checking <c>Sse.IsSupported</c> made
/// every TF-IDF prediction throw there.
/// </summary>
public sealed class WithoutHardwareIntrinsicsTests : IDisposable
{
    private static readonly Dictionary<string, string> NoIntrinsics = new() { ["DOTNET_EnableHWIntrinsic"] = "0" };

    private static readonly string[] Texts =
    [
        "the rain will not stop before tomorrow",
        "our team won the final match last night",
        "a new phone with a faster chip",
        "stocks fell sharply after the report",
    ];

    private readonly TempFolder _temp = new("tc-no-intrinsics");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Training_and_prediction_without_hardware_intrinsics_give_the_vectorized_answers()
    {
        string data = _temp.Combine("train.tsv");
        File.WriteAllText(data, TrainingFile());
        string bundle = _temp.Combine("bundle");
        string plainBundle = _temp.Combine("bundle-plain");

        (int exit, string output) = await CliProcess.RunAsync("train", data, "--out", bundle, "--seed", "3");
        Assert.True(exit == 0, output);
        (exit, output) = await CliProcess.RunWithAsync(NoIntrinsics, "train", data, "--out", plainBundle, "--seed", "3");
        Assert.True(exit == 0, output);

        // One model read both ways: the same labels, scores equal up to the rounding of another summation order.
        JsonArray vectorized = await PredictAsync(bundle, new Dictionary<string, string>());
        JsonArray plain = await PredictAsync(bundle, NoIntrinsics);
        for (int i = 0; i < Texts.Length; i++)
        {
            Assert.Equal(vectorized[i]!["label"]!.GetValue<string>(), plain[i]!["label"]!.GetValue<string>());
            foreach ((string label, JsonNode? score) in vectorized[i]!["scores"]!.AsObject())
            {
                Assert.Equal(score!.GetValue<double>(), plain[i]!["scores"]![label]!.GetValue<double>(), 1e-4);
            }
        }

        // The model trained without them predicts the texts' topics too.
        JsonArray fromPlain = await PredictAsync(plainBundle, NoIntrinsics);
        Assert.Equal(["weather", "sport", "tech", "finance"], fromPlain.Select(p => p!["label"]!.GetValue<string>()));
    }

    private static async Task<JsonArray> PredictAsync(string bundle, IReadOnlyDictionary<string, string> environment)
    {
        (int exit, string output) = await CliProcess.RunWithAsync(environment, ["predict", bundle, "--json", .. Texts]);
        Assert.True(exit == 0, output);
        return JsonNode.Parse(output)!.AsArray();
    }

    private static string TrainingFile()
    {
        (string Label, string[] Words)[] topics =
        [
            ("weather", ["rain", "wind", "storm", "sunny", "cloudy", "forecast", "snow", "tomorrow"]),
            ("sport", ["team", "match", "goal", "won", "final", "coach", "league", "night"]),
            ("tech", ["phone", "chip", "software", "faster", "laptop", "app", "update", "new"]),
            ("finance", ["stocks", "market", "fell", "shares", "report", "bank", "profit", "sharply"]),
        ];
        var random = new Random(5);
        var file = new StringBuilder("label\ttext\n");
        for (int i = 0; i < 60; i++)
        {
            foreach ((string label, string[] words) in topics)
            {
                string text = string.Join(' ', Enumerable.Range(0, 6).Select(_ => words[random.Next(words.Length)]));
                file.Append(CultureInfo.InvariantCulture, $"{label}\t{text} the a of\n");
            }
        }

        return file.ToString();
    }
}
