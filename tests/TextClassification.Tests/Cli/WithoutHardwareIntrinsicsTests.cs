using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Cli;

/// <summary>
/// <c>textclf</c> in a process started with <c>DOTNET_EnableHWIntrinsic=0</c>: every <c>IsSupported</c> and
/// <c>IsHardwareAccelerated</c> is false, as on a CPU without them (an ARM machine has no <c>Sse</c>), so the paths
/// that machines other than this one take run here. A prefetch issued without checking <c>Sse.IsSupported</c> made
/// every TF-IDF prediction throw there. And with <c>DOTNET_EnableAVX2=0</c>: 16-byte vectors only, the width an ARM
/// machine's NEON gives, so the kernels' 4-float paths run in hardware (this machine has AVX-512 and takes the 8-float
/// ones). Six labels, so the linear member's rows are wider than one 4-float vector.
/// </summary>
public sealed class WithoutHardwareIntrinsicsTests : IDisposable
{
    public static TheoryData<string> Switches => ["DOTNET_EnableHWIntrinsic", "DOTNET_EnableAVX2"];

    private static readonly string[] Texts =
    [
        "the rain will not stop before tomorrow",
        "our team won the final match last night",
        "a new phone with a faster chip",
        "stocks fell sharply after the report",
        "we baked fresh bread and a spicy soup",
        "our flight lands at the island hotel",
    ];

    private readonly TempFolder _temp = new("tc-no-intrinsics");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [MemberData(nameof(Switches))]
    public async Task Training_and_prediction_without_hardware_intrinsics_give_the_vectorized_answers(string switchedOff)
    {
        var noIntrinsics = new Dictionary<string, string> { [switchedOff] = "0" };
        string data = _temp.Combine(switchedOff + ".tsv");
        File.WriteAllText(data, TrainingFile());
        string bundle = _temp.Combine(switchedOff + "-bundle");
        string plainBundle = _temp.Combine(switchedOff + "-bundle-plain");

        (int exit, string output) = await CliProcess.RunAsync("train", data, "--out", bundle, "--seed", "3");
        Assert.True(exit == 0, output);
        (exit, output) = await CliProcess.RunWithAsync(noIntrinsics, "train", data, "--out", plainBundle, "--seed", "3");
        Assert.True(exit == 0, output);

        // One model read both ways.
        JsonArray vectorized = await PredictAsync(bundle, new Dictionary<string, string>());
        JsonArray plain = await PredictAsync(bundle, noIntrinsics);
        AssertSameScores(vectorized, plain);

        // The model trained without them predicts the texts' topics too, and scores as the vectorized training's model:
        // the same seed takes the same steps, only rounded otherwise (1e-7 apart when measured), so a kernel path that
        // only training takes (the linear member's 4-float gather for 5 to 8 labels) is checked as well.
        JsonArray fromPlain = await PredictAsync(plainBundle, noIntrinsics);
        Assert.Equal(["weather", "sport", "tech", "finance", "food", "travel"], fromPlain.Select(p => p!["label"]!.GetValue<string>()));
        AssertSameScores(vectorized, fromPlain);
    }

    // The same labels, scores equal up to the rounding of another summation order.
    private static void AssertSameScores(JsonArray expected, JsonArray actual)
    {
        for (int i = 0; i < Texts.Length; i++)
        {
            Assert.Equal(expected[i]!["label"]!.GetValue<string>(), actual[i]!["label"]!.GetValue<string>());
            foreach ((string label, JsonNode? score) in expected[i]!["scores"]!.AsObject())
            {
                Assert.Equal(score!.GetValue<double>(), actual[i]!["scores"]![label]!.GetValue<double>(), 1e-4);
            }
        }
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
            ("food", ["bread", "soup", "spicy", "baked", "fresh", "recipe", "cheese", "dinner"]),
            ("travel", ["flight", "hotel", "island", "lands", "beach", "passport", "train", "trip"]),
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
