using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using TextClassification.Bundles;
using TextClassification.Cli;
using TextClassification.Tests.Support;
using TextClassification.Training.Data;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Cli;

/// <summary>A temp folder with small synthetic datasets (3 labels with distinct keywords plus shared filler words) in
/// TSV, CSV and JSON Lines, and one bundle trained from them through the CLI; deleted afterwards.</summary>
public sealed class CliFixture : IDisposable
{
    public static readonly string[] Labels = ["billing", "shipping", "tech"];

    private static readonly Dictionary<string, string[]> Keywords = new()
    {
        ["billing"] = ["invoice", "refund", "charge", "payment", "card", "bill", "price", "paid", "receipt"],
        ["shipping"] = ["parcel", "delivery", "courier", "tracking", "package", "arrived", "address", "shipment", "box"],
        ["tech"] = ["crash", "error", "bug", "install", "update", "login", "password", "screen", "freeze"],
    };

    private static readonly string[] Filler = ["the", "my", "a", "please", "help", "with", "hi", "today", "again", "thanks", "is", "not"];

    private readonly Lazy<string> _bundle;

    public CliFixture()
    {
        Folder = Path.Combine(Path.GetTempPath(), "tc-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        var random = new Random(1234);
        List<(string Label, string Text)> train = Generate(random, 40);
        List<(string Label, string Text)> test = Generate(random, 15);

        // TSV: label first, and one row with an empty text (line 5) that the reader skips.
        var tsv = new StringBuilder("label\ttext\n");
        for (int i = 0; i < train.Count; i++)
        {
            tsv.Append(train[i].Label).Append('\t').Append(train[i].Text).Append('\n');
            if (i == 2)
            {
                tsv.Append("billing\t   \n");
            }
        }

        TrainTsv = Write("train.tsv", tsv.ToString());
        TestTsv = Write("test.tsv", "label\ttext\n" + string.Concat(test.Select(row => $"{row.Label}\t{row.Text}\n")));
        TrainCsv = Write("train.csv", Csv(train));
        TestCsv = Write("test.csv", Csv(test));
        TrainJsonl = Write("train.jsonl", Jsonl(train));
        TestJsonl = Write("test.jsonl", Jsonl(test));

        _bundle = new Lazy<string>(TrainSharedBundle);
    }

    public string Folder { get; }

    public string TrainTsv { get; }

    public string TestTsv { get; }

    public string TrainCsv { get; }

    public string TestCsv { get; }

    public string TrainJsonl { get; }

    public string TestJsonl { get; }

    /// <summary>A bundle trained on train.tsv, with its test metrics in <see cref="BundleMetricsJson"/>.</summary>
    public string Bundle => _bundle.Value;

    public string BundleMetricsJson => Path.Combine(Folder, "shared-metrics.json");

    /// <summary>A fresh path inside the fixture folder (not created).</summary>
    public string NewPath(string name) => Path.Combine(Folder, Guid.NewGuid().ToString("N")[..8] + "-" + name);

    public string Write(string name, string content)
    {
        string path = Path.Combine(Folder, name);
        File.WriteAllText(path, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return path;
    }

    public void Dispose()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    private string TrainSharedBundle()
    {
        string bundle = Path.Combine(Folder, "shared-bundle");
        CliResult result = CliResult.Run(null, "train", TrainTsv, "--test", TestTsv, "--out", bundle, "--metrics-json", BundleMetricsJson, "--seed", "7");
        Assert.True(result.ExitCode == 0, result.ToString());
        return bundle;
    }

    private static List<(string Label, string Text)> Generate(Random random, int perLabel)
    {
        var rows = new List<(string, string)>();
        foreach (string label in Labels)
        {
            for (int i = 0; i < perLabel; i++)
            {
                string[] words = [.. random.GetItems(Keywords[label], 3), .. random.GetItems(Filler, 3)];
                random.Shuffle(words);
                rows.Add((label, string.Join(' ', words)));
            }
        }

        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(rows));
        return rows;
    }

    // Custom column names, an extra column, and every text quoted with a comma inside.
    private static string Csv(List<(string Label, string Text)> rows) =>
        "id,body,category\n" + string.Concat(rows.Select((row, i) => $"{i},\"{row.Text.Replace(" ", ", ", StringComparison.Ordinal)}\",{row.Label}\n"));

    private static string Jsonl(List<(string Label, string Text)> rows) =>
        string.Concat(rows.Select((row, i) => JsonSerializer.Serialize(new Dictionary<string, object> { ["id"] = i, ["message"] = row.Text, ["intent"] = row.Label }) + "\n"));
}

/// <summary>Exit code and captured output of one in-process CLI run.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error)
{
    public static CliResult Run(string? stdin, params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        using var input = new StringReader(stdin ?? string.Empty);
        int exitCode = CliApp.Run(args, output, error, input);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Out}\n--- stderr ---\n{Error}";
}

public sealed class CliEndToEndTests(CliFixture fixture) : IClassFixture<CliFixture>
{
    private static readonly string[] MetricsKeys =
    [
        "accuracy", "macroF1", "weightedF1", "macroPrecision", "macroRecall", "logLoss", "rocAucMacro",
        "trainSeconds", "evalSeconds", "labels", "confusionMatrix", "perLabel",
    ];

    [Fact]
    public void Train_MetricsJsonWithoutTest_TrainsAndWritesEveryContractKey_TheTrainingTimeAndLabels_AndNullForTheRest()
    {
        // It was a usage error that trained nothing: a harness asking every train for its metrics file lost the run.
        string bundle = fixture.NewPath("bundle");
        string metricsPath = fixture.NewPath("metrics.json");

        CliResult result = CliResult.Run(null, "train", fixture.TrainTsv, "--out", bundle, "--metrics-json", metricsPath, "--epochs", "3");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(Path.Combine(bundle, "textclassifier.json")));
        using JsonDocument metrics = JsonDocument.Parse(File.ReadAllText(metricsPath));
        // Every key of the contract, as in every metrics file (a harness reading "accuracy" found no such key where
        // trainSeconds and labels were written alone): what only test data measures is null.
        Assert.Equal(MetricsKeys, metrics.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.InRange(metrics.RootElement.GetProperty("trainSeconds").GetDouble(), 1e-6, 600);
        Assert.Equal(CliFixture.Labels, metrics.RootElement.GetProperty("labels").EnumerateArray().Select(label => label.GetString()));
        Assert.All(MetricsKeys.Except(["trainSeconds", "labels"]), key => Assert.Equal(JsonValueKind.Null, metrics.RootElement.GetProperty(key).ValueKind));
    }

    [Fact]
    public void Train_Tsv_WithTest_SavesBundleAndWritesMetricsJson()
    {
        string bundle = fixture.NewPath("bundle");
        string metricsPath = fixture.NewPath("metrics.json");

        CliResult result = CliResult.Run(null, "train", fixture.TrainTsv, "--test", fixture.TestTsv, "--out", bundle, "--metrics-json", metricsPath);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(Path.Combine(bundle, "textclassifier.json")));
        Assert.Contains("120 rows read, 1 skipped", result.Out, StringComparison.Ordinal);
        Assert.Contains("line 5: empty text", result.Out, StringComparison.Ordinal);
        Assert.Contains("accuracy", result.Out, StringComparison.Ordinal);
        Assert.Contains("macro-F1", result.Out, StringComparison.Ordinal);
        Assert.Contains("epoch 1/", result.Error, StringComparison.Ordinal); // plain progress lines: no terminal here

        using JsonDocument metrics = JsonDocument.Parse(File.ReadAllText(metricsPath));
        JsonElement root = metrics.RootElement;
        foreach (string key in MetricsKeys)
        {
            Assert.True(root.TryGetProperty(key, out _), $"metrics JSON lacks '{key}'");
        }

        Assert.True(root.GetProperty("accuracy").GetDouble() > 0.9, $"accuracy {root.GetProperty("accuracy")}");
        Assert.True(root.GetProperty("trainSeconds").GetDouble() > 0);
        Assert.Equal(CliFixture.Labels, root.GetProperty("labels").EnumerateArray().Select(label => label.GetString()));
        JsonElement confusion = root.GetProperty("confusionMatrix");
        Assert.Equal(CliFixture.Labels.Length, confusion.GetArrayLength());
        Assert.All(confusion.EnumerateArray(), row => Assert.Equal(CliFixture.Labels.Length, row.GetArrayLength()));
        Assert.Equal(45, confusion.EnumerateArray().Sum(row => row.EnumerateArray().Sum(cell => cell.GetInt32())));
        foreach (string label in CliFixture.Labels)
        {
            JsonElement perLabel = root.GetProperty("perLabel").GetProperty(label);
            Assert.Equal(15, perLabel.GetProperty("support").GetInt32());
            Assert.InRange(perLabel.GetProperty("f1").GetDouble(), 0.0, 1.0);
        }
    }

    [Fact]
    public void Train_WithTestTextsFromTheTrainingFile_ReportsThemAndScoresTheOthersApart()
    {
        // The fixture's test rows plus five training rows, two of them in upper case.
        string[] trainLines = File.ReadAllLines(fixture.TrainTsv)[1..].Where(line => line.Split('\t')[1].Trim().Length > 0).ToArray();
        string[] copied = [trainLines[0], trainLines[7], trainLines[11], trainLines[20].ToUpperInvariant(), trainLines[33].ToUpperInvariant()];
        string[] testLines = [.. File.ReadAllLines(fixture.TestTsv)[1..], .. copied];
        string testPath = fixture.NewPath("test-with-copies.tsv");
        File.WriteAllLines(testPath, ["label\ttext", .. testLines]);
        var trainingTexts = new HashSet<string>(trainLines.Select(line => line.Split('\t')[1]), StringComparer.OrdinalIgnoreCase);
        int seen = testLines.Count(line => trainingTexts.Contains(line.Split('\t')[1]));
        string metricsPath = fixture.NewPath("metrics.json");
        string bundle = fixture.NewPath("bundle");

        CliResult result = CliResult.Run(null, "train", fixture.TrainTsv, "--test", testPath, "--out", bundle, "--metrics-json", metricsPath);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(seen >= 5, $"only {seen} seen");
        // inspect shows the recorded count as a count ("5", not "5.0000").
        Assert.Matches($@"test\.seenInTraining\s+{seen}\r?\n", CliResult.Run(null, "inspect", bundle).Out);
        Assert.Contains($"Note: {seen} of {testLines.Length} test texts", result.Out, StringComparison.Ordinal);
        using JsonDocument metrics = JsonDocument.Parse(File.ReadAllText(metricsPath));
        Assert.Equal(seen, metrics.RootElement.GetProperty("seenInTraining").GetInt32());
        Assert.Equal(testLines.Length - seen, metrics.RootElement.GetProperty("unseen").GetProperty("count").GetInt32());
    }

    [Fact]
    public void Eval_WithTrainingData_ReportsTestTextsTheTrainingFileHolds()
    {
        string[] trainLines = File.ReadAllLines(fixture.TrainTsv)[1..].Where(line => line.Split('\t')[1].Trim().Length > 0).ToArray();
        string[] testLines = [trainLines[3].ToUpperInvariant(), .. File.ReadAllLines(fixture.TestTsv)[1..], trainLines[9]];
        string testPath = fixture.NewPath("eval-with-copies.tsv");
        File.WriteAllLines(testPath, ["label\ttext", .. testLines]);
        var trainingTexts = new HashSet<string>(trainLines.Select(line => line.Split('\t')[1]), StringComparer.OrdinalIgnoreCase);
        int seen = testLines.Count(line => trainingTexts.Contains(line.Split('\t')[1]));
        string withPath = fixture.NewPath("with.json");
        string withoutPath = fixture.NewPath("without.json");

        CliResult with = CliResult.Run(null, "eval", fixture.Bundle, testPath, "--training-data", fixture.TrainTsv, "--metrics-json", withPath);
        CliResult without = CliResult.Run(null, "eval", fixture.Bundle, testPath, "--metrics-json", withoutPath);

        Assert.True(with.ExitCode == 0, with.ToString());
        Assert.True(without.ExitCode == 0, without.ToString());
        Assert.Contains($"Note: {seen} of {testLines.Length} test texts", with.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Note:", without.Out, StringComparison.Ordinal);
        using JsonDocument measured = JsonDocument.Parse(File.ReadAllText(withPath));
        using JsonDocument plain = JsonDocument.Parse(File.ReadAllText(withoutPath));
        Assert.Equal(seen, measured.RootElement.GetProperty("seenInTraining").GetInt32());
        Assert.False(plain.RootElement.TryGetProperty("seenInTraining", out _));
        Assert.Equal(plain.RootElement.GetProperty("accuracy").GetDouble(), measured.RootElement.GetProperty("accuracy").GetDouble());
    }

    [Fact]
    public void Train_WithRepeatedTexts_SaysHowManyRowsRepeatAnEarlierOne()
    {
        // lines[0] three times (two are trained on: round(1 + ln 3)), lines[1] twice, lines[2] once more in capitals.
        string[] lines = File.ReadAllLines(fixture.TrainTsv)[1..].Where(line => line.Split('\t')[1].Trim().Length > 0).ToArray();
        string[] withCopies = [.. lines, lines[0], lines[1], lines[2].ToUpperInvariant(), lines[0]];
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        int repeated = withCopies.Count(line => !seen.Add(line.Split('\t')[1]));
        string trainPath = fixture.NewPath("train-with-copies.tsv");
        File.WriteAllLines(trainPath, ["label\ttext", .. withCopies]);

        CliResult result = CliResult.Run(null, "train", trainPath, "--out", fixture.NewPath("bundle"));
        CliResult every = CliResult.Run(null, "train", trainPath, "--out", fixture.NewPath("bundle"), "--every-copy");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(every.ExitCode == 0, every.ToString());
        Assert.True(repeated >= 4, $"only {repeated} repeated");
        Assert.Contains("1 surplus copy of repeated rows (same text and label) left out", result.Out, StringComparison.Ordinal);
        Assert.Contains($"{repeated - 1} training rows repeat an earlier row's text", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("surplus", every.Out, StringComparison.Ordinal);
        Assert.Contains($"{repeated} training rows repeat an earlier row's text", every.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_FitsATemperatureOnEnoughValidationTexts_AndNoTemperatureKeepsTheCombinedProbabilities()
    {
        // 1,200 rows: 120 validation texts, enough for a temperature (the fixture's 120 rows hold 12).
        string trainPath = fixture.NewPath("train-1200.tsv");
        File.WriteAllLines(trainPath, ["label\ttext", .. SyntheticData.Generate(perLabel: 400, seed: 5).Select(row => $"{row.Label}\t{row.Text}")]);
        string fitted = fixture.NewPath("bundle");
        string plain = fixture.NewPath("bundle");

        CliResult fittedRun = CliResult.Run(null, "train", trainPath, "--out", fitted, "--epochs", "3");
        CliResult plainRun = CliResult.Run(null, "train", trainPath, "--out", plain, "--epochs", "3", "--no-temperature");

        Assert.True(fittedRun.ExitCode == 0, fittedRun.ToString());
        Assert.True(plainRun.ExitCode == 0, plainRun.ToString());
        using JsonDocument fittedManifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(fitted, "textclassifier.json")));
        using JsonDocument plainManifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(plain, "textclassifier.json")));
        double temperature = fittedManifest.RootElement.GetProperty("temperature").GetDouble();
        Assert.NotEqual(1.0, temperature);
        Assert.StartsWith(temperature.ToString(CultureInfo.InvariantCulture) + ": fitted on 120 validation texts", fittedManifest.RootElement.GetProperty("training").GetProperty("settings").GetProperty("temperature").GetString(), StringComparison.Ordinal);
        Assert.False(plainManifest.RootElement.TryGetProperty("temperature", out _));
        Assert.False(plainManifest.RootElement.GetProperty("training").GetProperty("settings").TryGetProperty("temperature", out _));
        Assert.Matches($@"temperature\s+{Regex.Escape(temperature.ToString(CultureInfo.InvariantCulture))} \(the combined probabilities raised to 1/", CliResult.Run(null, "inspect", fitted).Out);
        Assert.DoesNotMatch(@"(?m)^\s*temperature\s", CliResult.Run(null, "inspect", plain).Out);
    }

    [Fact]
    public void Train_TermWeight_ReachesTheTrainerAndTheManifest()
    {
        string supervised = fixture.NewPath("bundle");
        string auto = fixture.NewPath("bundle");
        string idf = fixture.NewPath("bundle");

        CliResult supervisedRun = CliResult.Run(null, "train", fixture.TrainTsv, "--out", supervised, "--epochs", "3", "--term-weight", "supervised");
        CliResult autoRun = CliResult.Run(null, "train", fixture.TrainTsv, "--out", auto, "--epochs", "3", "--term-weight", "auto");
        CliResult idfRun = CliResult.Run(null, "train", fixture.TrainTsv, "--out", idf, "--epochs", "3", "--term-weight", "idf");

        Assert.True(supervisedRun.ExitCode == 0, supervisedRun.ToString());
        Assert.True(autoRun.ExitCode == 0, autoRun.ToString());
        Assert.True(idfRun.ExitCode == 0, idfRun.ToString());
        IReadOnlyDictionary<string, string> settings = ModelBundle.ReadManifest(supervised).Training!.Settings!;
        Assert.Equal(NGramTrainer.TermWeightingSupervised, settings[NGramTrainer.TermWeightingSetting]);
        // auto (the default) records the weight only where it kept the supervised one; idf records nothing, as before the option.
        IReadOnlyDictionary<string, string> autoSettings = ModelBundle.ReadManifest(auto).Training!.Settings!;
        if (autoSettings.TryGetValue(NGramTrainer.TermWeightingSetting, out string? kept))
        {
            Assert.Equal(NGramTrainer.TermWeightingSupervised, kept);
            Assert.Equal("auto", autoSettings[NGramTrainer.TermWeightingRequestedSetting]);
        }
        else
        {
            Assert.False(autoSettings.ContainsKey(NGramTrainer.TermWeightingRequestedSetting));
        }

        Assert.False(ModelBundle.ReadManifest(idf).Training!.Settings!.ContainsKey(NGramTrainer.TermWeightingSetting));
    }

    [Fact]
    public void Train_ByDefault_KeepsTheSupervisedWeightWhereALeadHidesTheQuestion()
    {
        string trainPath = fixture.NewPath("lead-train.tsv");
        File.WriteAllLines(trainPath, ["label\ttext", .. TextClassification.Tests.Training.TermWeightingTests.LeadAndQuestion(TextClassification.Tests.Training.TermWeightingTests.ChoosingRows, seed: 1, TextClassification.Tests.Training.TermWeightingTests.ChoosingKeywords).Select(row => $"{row.Label}\t{row.Text}")]);
        string bundle = fixture.NewPath("bundle");
        string mean = fixture.NewPath("bundle");

        CliResult run = CliResult.Run(null, "train", trainPath, "--out", bundle, "--epochs", "10", "--dim", "16");
        // auto (the default) with mean pooling has no IDF to replace: IDF, not a usage error.
        CliResult meanRun = CliResult.Run(null, "train", trainPath, "--out", mean, "--epochs", "3", "--dim", "16", "--pooling", "mean", "--term-weight", "auto");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(meanRun.ExitCode == 0, meanRun.ToString());
        IReadOnlyDictionary<string, string> settings = ModelBundle.ReadManifest(bundle).Training!.Settings!;
        Assert.Equal(NGramTrainer.TermWeightingSupervised, settings[NGramTrainer.TermWeightingSetting]);
        Assert.Equal("auto", settings[NGramTrainer.TermWeightingRequestedSetting]);
        Assert.False(ModelBundle.ReadManifest(mean).Training!.Settings!.ContainsKey(NGramTrainer.TermWeightingSetting));
    }

    [Theory]
    [InlineData("--pooling", "mean")]
    [InlineData("--multi-label-delimiter", "|")]
    [InlineData("--autotune")]
    public void Train_TermWeight_WithoutAnIdfToReplace_IsAUsageError(params string[] option)
    {
        string bundle = fixture.NewPath("bundle");

        CliResult result = CliResult.Run(null, ["train", fixture.TrainTsv, "--out", bundle, "--term-weight", "supervised", .. option]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--term-weight supervised", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(bundle));
    }

    [Fact]
    public void Train_TermWeightIdf_WithMeanPooling_IsAUsageError_ButNotWithAutotune()
    {
        // Mean pooling weighs no n-gram: the IDF asked for was accepted and changed nothing.
        string bundle = fixture.NewPath("bundle");

        CliResult result = CliResult.Run(null, "train", fixture.TrainTsv, "--out", bundle, "--term-weight", "idf", "--pooling", "mean");
        CliResult tuned = CliResult.Run(null, "train", fixture.TrainTsv, "--out", fixture.NewPath("tuned"), "--term-weight", "idf", "--pooling", "mean", "--autotune", "--time-budget", "1s");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--term-weight idf weighs the n-grams of TF-IDF pooling; --pooling mean weighs none", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(bundle));
        Assert.True(tuned.ExitCode == 0, tuned.ToString());
    }

    [Theory]
    [InlineData("--no-rare-boost", "--multi-label-delimiter", "|")]
    [InlineData("--no-rare-boost", "--label-columns", "a,b")]
    // Multi-label training fits no temperature: the flag was accepted and changed nothing.
    [InlineData("--no-temperature", "--multi-label-delimiter", "|")]
    [InlineData("--no-temperature", "--label-columns", "a,b")]
    public void Train_SingleLabelFlag_WithMultiLabelData_IsAUsageError(string flag, params string[] option)
    {
        string bundle = fixture.NewPath("bundle");

        CliResult result = CliResult.Run(null, ["train", fixture.TrainTsv, "--out", bundle, flag, .. option]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{flag} applies to single-label data", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(bundle));
    }

    [Theory]
    [InlineData("train", "--label-columns")]
    [InlineData("train", "--multi-label-delimiter")]
    [InlineData("train", "--multi-label-delimiter", "|", "--class-weights")]
    [InlineData("train", "--label-columns", "a,b", "--class-weights")]
    [InlineData("train", "--max-linear-entries", "5", "--second-model")]
    [InlineData("eval", "--label-columns")]
    [InlineData("eval", "--multi-label-delimiter")]
    public void An_option_given_last_without_its_value_is_a_usage_error_naming_it_not_a_crash(string command, params string[] options)
    {
        // A command's validator read the missing value: InvalidOperationException, exit 134 with a stack trace.
        string bundle = fixture.NewPath("bundle");
        string[] line = command == "train" ? ["train", fixture.TrainTsv, "--out", bundle, .. options] : ["eval", fixture.Bundle, fixture.TestTsv, .. options];

        CliResult result = CliResult.Run(null, line);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"Required argument missing for option: '{options[^1]}'.", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(bundle));
    }

    [Fact]
    public void TrainHelp_GivesTheNumberOptionsRanges_AndSaysWhichOptionsSetTheWordModelAlone()
    {
        // The ranges were in the error messages only; --word-ngrams and --char-ngrams read as the whole model's n-grams,
        // though the default linear member reads word 1-2-grams and char 3-5-grams whatever they say.
        CliResult result = CliResult.Run(null, "train", "--help");
        string help = Regex.Replace(result.Out, @"\s+", " ");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("fewer), 1 to 100000. Default 30", help, StringComparison.Ordinal);
        Assert.Contains("--second-model sgd), 1 to 4096. Default 64", help, StringComparison.Ordinal);
        Assert.Contains("above 0 and at most 10. Default 0.25", help, StringComparison.Ordinal);
        Assert.Contains("n-grams, 1024 to 1073741824. Default 2000000", help, StringComparison.Ordinal);
        Assert.Contains("The word model's longest word n-gram, 1 to 5. Default 2. The second model", help, StringComparison.Ordinal);
        Assert.Contains("The word model's char n-gram lengths as MIN:MAX, 1 ≤ MIN ≤ MAX ≤ 8", help, StringComparison.Ordinal);
        Assert.Contains("The word model also pairs each word", help, StringComparison.Ordinal);
        Assert.Contains("this accurate, above 0 and at most 1 (e.g. 0.95)", help, StringComparison.Ordinal);
        Assert.Contains("held-out texts, above 0 and at most 1 (e.g. 0.9)", help, StringComparison.Ordinal);
        Assert.Contains("from 1 second to a week, e.g. 60s", help, StringComparison.Ordinal);
        Assert.Contains("at least a twentieth of them, and every validation text, so very small budgets are passed", help, StringComparison.Ordinal);
        Assert.Contains("Train an n-gram model, or a head on an --encoder's sentence vectors, and save it as a bundle.", help, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--dedupe")]
    [InlineData("--drop-conflicts")]
    public void Train_EveryCopy_WithAnOptionDroppingTheCopies_IsAUsageError(string dropping)
    {
        // The copies were dropped as the file was read, and the manifest said "every copy trained on".
        string bundle = fixture.NewPath("bundle");

        CliResult result = CliResult.Run(null, "train", fixture.TrainTsv, "--out", bundle, "--every-copy", dropping);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--every-copy trains on every copy of a repeated row, which {dropping} drops", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(bundle));
    }

    [Theory]
    [InlineData("--test", "missing.tsv", "Dataset file not found")]
    [InlineData("--test", "no-extension", "Dataset file not found")]
    [InlineData("--encoder", "missing-encoder", "the encoder folder does not exist")]
    public void Train_ATestFileOrEncoderThatIsNotThere_IsFoundBeforeTheTrainingDataIsRead(string option, string name, string message)
    {
        // Found after the training file was read, which may take minutes.
        string bundle = fixture.NewPath("bundle");

        CliResult result = CliResult.Run(null, "train", fixture.TrainTsv, "--out", bundle, option, fixture.NewPath(name));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("rows read", result.Out, StringComparison.Ordinal);
        Assert.False(Directory.Exists(bundle));
    }

    [Theory]
    [InlineData("--term-weight", "bogus")]
    [InlineData("--term-weight", "supervised", "--pooling", "bogus")]
    public void Train_TermWeight_WithARefusedValue_IsAUsageError_NotACrash(params string[] option)
    {
        string bundle = fixture.NewPath("bundle");

        CliResult result = CliResult.Run(null, ["train", fixture.TrainTsv, "--out", bundle, .. option]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("bogus", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(bundle));
    }

    [Fact]
    public void Train_KeepMarkup_ReadsTagsAsText_InEveryMember_AndWithAutotune()
    {
        foreach (string[] extra in new[] { Array.Empty<string>(), ["--autotune", "--time-budget", "3s"] })
        {
            string kept = fixture.NewPath("bundle");
            string read = fixture.NewPath("bundle");
            CliResult keep = CliResult.Run(null, ["train", fixture.TrainTsv, "--out", kept, "--keep-markup", .. extra]);
            CliResult strip = CliResult.Run(null, ["train", fixture.TrainTsv, "--out", read, .. extra]);
            Assert.True(keep.ExitCode == 0, keep.ToString());
            Assert.True(strip.ExitCode == 0, strip.ToString());

            string keptManifest = File.ReadAllText(Path.Combine(kept, "textclassifier.json"));
            Assert.DoesNotContain("stripMarkup", keptManifest, StringComparison.Ordinal); // no member reads it out
            // 14 for the default joining of spaced letters (13: look-alike folding, 12: format-char skipping, 11: compatibility folding, 10: Arabic and Hebrew marks, Hangul), which still apply (8 before them).
            Assert.Contains("\"formatVersion\": 14", keptManifest, StringComparison.Ordinal);
            Assert.Contains("\"stripMarkup\": true", File.ReadAllText(Path.Combine(read, "textclassifier.json")), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Train_KeepDiacritics_ReadsWordsOnlyAsWritten_InEveryMember()
    {
        // Two labels whose keywords differ only by their accent (Vietnamese-like tones).
        string path = fixture.NewPath("tones.tsv");
        var lines = new List<string> { "label\ttext" };
        for (int i = 0; i < 40; i++)
        {
            lines.Add($"ghost\tthe word mà here {i}");
            lines.Add($"horse\tthe word mã here {i}");
        }

        File.WriteAllLines(path, lines);
        string kept = fixture.NewPath("bundle");
        string folded = fixture.NewPath("bundle");
        CliResult keep = CliResult.Run(null, ["train", path, "--out", kept, "--keep-diacritics"]);
        CliResult fold = CliResult.Run(null, ["train", path, "--out", folded]);
        Assert.True(keep.ExitCode == 0, keep.ToString());
        Assert.True(fold.ExitCode == 0, fold.ToString());

        string keptManifest = File.ReadAllText(Path.Combine(kept, "textclassifier.json"));
        Assert.DoesNotContain("foldDiacritics", keptManifest, StringComparison.Ordinal); // no member folds
        Assert.DoesNotContain("foldAbjadMarks", keptManifest, StringComparison.Ordinal);
        string foldedManifest = File.ReadAllText(Path.Combine(folded, "textclassifier.json"));
        Assert.Equal(3, foldedManifest.Split("\"foldDiacritics\": true").Length - 1); // the word model, linear and naive Bayes members
    }

    [Fact]
    public void Eval_ReadsTheTestFileAsTrainReadItsData()
    {
        // Other column names and upper-cased test labels: train needs --text-column, --label-column and
        // --lowercase-labels; eval of the bundle on the same file, given none of them, must score what train --test did.
        static string Rename(string path) => string.Join('\n', File.ReadAllLines(path)[1..].Select(line => line.Split('\t')).Where(cells => cells[1].Trim().Length > 0)
            .Select(cells => JsonSerializer.Serialize(new Dictionary<string, string> { ["id"] = "1", ["sentence"] = cells[1], ["intent"] = cells[0].ToUpperInvariant() })));
        string trainPath = fixture.NewPath("renamed-train.jsonl");
        string testPath = fixture.NewPath("renamed-test.jsonl");
        File.WriteAllText(trainPath, Rename(fixture.TrainTsv));
        File.WriteAllText(testPath, Rename(fixture.TestTsv));
        string bundle = fixture.NewPath("bundle");
        string trained = fixture.NewPath("train-metrics.json");
        string evaluated = fixture.NewPath("eval-metrics.json");

        CliResult train = CliResult.Run(null, "train", trainPath, "--test", testPath, "--text-column", "sentence", "--label-column", "intent", "--lowercase-labels", "--out", bundle, "--metrics-json", trained);
        CliResult eval = CliResult.Run(null, "eval", bundle, testPath, "--metrics-json", evaluated);
        CliResult overridden = CliResult.Run(null, "eval", bundle, testPath, "--label-column", "label");

        Assert.True(train.ExitCode == 0, train.ToString());
        Assert.True(eval.ExitCode == 0, eval.ToString());
        Assert.Contains("as the training data was read: --text-column sentence --label-column intent --lowercase-labels", eval.Out, StringComparison.Ordinal);
        using JsonDocument first = JsonDocument.Parse(File.ReadAllText(trained));
        using JsonDocument second = JsonDocument.Parse(File.ReadAllText(evaluated));
        Assert.Equal(first.RootElement.GetProperty("labels").ToString(), second.RootElement.GetProperty("labels").ToString());
        Assert.Equal(first.RootElement.GetProperty("accuracy").GetDouble(), second.RootElement.GetProperty("accuracy").GetDouble());
        Assert.True(second.RootElement.GetProperty("accuracy").GetDouble() > 0.9, eval.Out);

        // An option given on the command line wins over the recorded one.
        Assert.NotEqual(0, overridden.ExitCode);
        Assert.Contains("'label'", overridden.Error, StringComparison.Ordinal);

        // A test file under the default header "label<TAB>text" has a header line: it is told which option reads it, not
        // (as review 47b found) "if the file has no header line, add one naming the text column 'sentence' …".
        CliResult defaultHeader = CliResult.Run(null, "eval", bundle, fixture.TestTsv);
        Assert.Equal(1, defaultHeader.ExitCode);
        Assert.Contains(
            "text column 'sentence' and label column 'intent' were not found in the header; available columns: 'label', 'text'. The first line is read as the " +
            "header, the column names, and it names a column 'text': if it names the text column 'sentence' and label column 'intent' otherwise, give those " +
            "names with --text-column and --label-column.",
            defaultHeader.Error,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_names_recorded_options_as_words_a_shell_reads_back()
    {
        // A spreadsheet's column "Message Body": eval printed "--text-column Message Body", which pasted into a shell
        // names the column "Message" and adds a stray argument.
        static string Rename(string path) => string.Join('\n', File.ReadAllLines(path)[1..].Select(line => line.Split('\t')).Where(cells => cells[1].Trim().Length > 0)
            .Select(cells => JsonSerializer.Serialize(new Dictionary<string, string> { ["Message Body"] = cells[1], ["it's"] = cells[0] })));
        string trainPath = fixture.NewPath("spaced-train.jsonl");
        string testPath = fixture.NewPath("spaced-test.jsonl");
        File.WriteAllText(trainPath, Rename(fixture.TrainTsv));
        File.WriteAllText(testPath, Rename(fixture.TestTsv));
        string bundle = fixture.NewPath("bundle");

        CliResult train = CliResult.Run(null, "train", trainPath, "--text-column", "Message Body", "--label-column", "it's", "--out", bundle);
        CliResult eval = CliResult.Run(null, "eval", bundle, testPath);

        Assert.True(train.ExitCode == 0, train.ToString());
        Assert.True(eval.ExitCode == 0, eval.ToString());
        string words = OperatingSystem.IsWindows() ? "--text-column \"Message Body\" --label-column \"it's\"" : "--text-column 'Message Body' --label-column 'it'\\''s'";
        Assert.Contains($"as the training data was read: {words} (recorded", eval.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("body", false, "body")]
    [InlineData("label_1,label-2:x/y", false, "label_1,label-2:x/y")]
    [InlineData("Message Body", false, "'Message Body'")]
    [InlineData("it's", false, "'it'\\''s'")]
    [InlineData("$HOME", false, "'$HOME'")]
    [InlineData("", false, "''")]
    [InlineData("@mention", false, "'@mention'")]
    [InlineData("=x", false, "'=x'")]
    [InlineData("a@b=c", false, "a@b=c")]
    [InlineData("@mention", true, "\"@mention\"")]
    [InlineData("Message Body", true, "\"Message Body\"")]
    [InlineData("say \"hi\"", true, "\"say \"\"hi\"\"\"")]
    public void Recorded_values_are_quoted_for_the_platforms_shell(string value, bool windows, string word) =>
        Assert.Equal(word, DataOptions.ShellWord(value, windows));

    [Fact]
    public void Labels_differing_only_in_case_are_pointed_out()
    {
        string[] lines = File.ReadAllLines(fixture.TrainTsv)[1..];
        // Every fifth row's label upper-cased: "BILLING" and "billing" would be two labels.
        string[] mixed = [.. lines.Select((line, i) => i % 5 == 0 ? line.Split('\t')[0].ToUpperInvariant() + "\t" + line.Split('\t')[1] : line)];
        string trainPath = fixture.NewPath("train-mixed-case.tsv");
        File.WriteAllLines(trainPath, ["label\ttext", .. mixed]);
        string testPath = fixture.NewPath("test-upper.tsv");
        File.WriteAllLines(testPath, ["label\ttext", .. File.ReadAllLines(fixture.TestTsv)[1..].Select(line => line.ToUpperInvariant())]);

        CliResult train = CliResult.Run(null, "train", trainPath, "--out", fixture.NewPath("bundle"));
        CliResult lowered = CliResult.Run(null, "train", trainPath, "--lowercase-labels", "--out", fixture.NewPath("bundle"));
        CliResult eval = CliResult.Run(null, "eval", fixture.Bundle, testPath);

        Assert.True(train.ExitCode == 0, train.ToString());
        Assert.Contains("differ only in letter case and are trained as different labels: 'BILLING', 'billing'; 'SHIPPING', 'shipping'; 'TECH', 'tech'", train.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("letter case", lowered.Error, StringComparison.Ordinal);
        Assert.True(eval.ExitCode == 0, eval.ToString());
        Assert.Contains("Some match a model label but for letter case: --lowercase-labels reads them lower-cased, as the model's labels are.", eval.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_labels_in_lower_case_for_a_model_with_capitals_are_not_told_to_lower_case()
    {
        // The hint to give --lowercase-labels was printed whatever the model's labels were ("if the model's labels are").
        (_, string bundle) = TrainWithUpperCaseLabels();

        CliResult eval = CliResult.Run(null, "eval", bundle, fixture.TestTsv);

        Assert.True(eval.ExitCode == 0, eval.ToString());
        Assert.Contains("the test file writes them in another letter case than the model's labels", eval.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("--lowercase-labels", eval.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_from_a_dash_says_how_standard_input_is_read()
    {
        CliResult train = CliResult.Run(null, "train", "-", "--out", fixture.NewPath("bundle"));

        Assert.NotEqual(0, train.ExitCode);
        Assert.Contains("'-' is not read as standard input: name it /dev/stdin, with --format", train.Error, StringComparison.Ordinal);

        // predict reads a data file only through --input: the advice gives that form too (review 53a).
        CliResult predict = CliResult.Run(null, "predict", fixture.Bundle, "--input", "-");
        Assert.Equal(1, predict.ExitCode);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Contains("(predict: --input /dev/stdin --format tsv)", predict.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Labels_written_two_ways_are_one_label_or_pointed_out()
    {
        string[] lines = File.ReadAllLines(fixture.TrainTsv)[1..];
        string Relabel(string line, int i)
        {
            string[] parts = line.Split('\t');
            string label = parts[0] switch
            {
                // Precomposed é on even rows, e + U+0301 on odd ones: the same label, read as one (NFC).
                "shipping" => i % 2 == 0 ? "exp\u00E9dition" : "expe\u0301dition",
                // A zero-width joiner on every third "tech": looks the same, is another label.
                "tech" => i % 3 == 0 ? "te\u200Dch" : "tech",
                _ => parts[0],
            };
            return label + "\t" + parts[1];
        }

        string trainPath = fixture.NewPath("train-two-ways.tsv");
        File.WriteAllLines(trainPath, ["label\ttext", .. lines.Select(Relabel)]);
        string bundle = fixture.NewPath("bundle");

        CliResult train = CliResult.Run(null, "train", trainPath, "--out", bundle);

        Assert.True(train.ExitCode == 0, train.ToString());
        Assert.Equal(["billing", "exp\u00E9dition", "tech", "te\u200Dch"], TextClassification.Bundles.ModelBundle.ReadManifest(bundle).Labels.Order(StringComparer.Ordinal));
        Assert.Contains("look the same but differ in characters that do not show", train.Error, StringComparison.Ordinal);
        Assert.Contains("'tech', 'te\\u200Dch'", train.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("letter case", train.Error, StringComparison.Ordinal);
    }

    // The fixture's training file with its labels upper-cased, and a model trained on it.
    private (string Train, string Bundle) TrainWithUpperCaseLabels()
    {
        string upper = fixture.NewPath("train-upper.tsv");
        File.WriteAllLines(upper, ["label\ttext", .. File.ReadAllLines(fixture.TrainTsv)[1..].Select(line => line.Split('\t')[0].ToUpperInvariant() + "\t" + line.Split('\t')[1])]);
        string bundle = fixture.NewPath("bundle");
        Assert.Equal(0, CliResult.Run(null, "train", upper, "--out", bundle).ExitCode);
        return (upper, bundle);
    }

    [Fact]
    public void Eval_lower_casing_test_labels_for_a_model_with_capitals_says_to_turn_it_off()
    {
        (string upper, string bundle) = TrainWithUpperCaseLabels();

        CliResult eval = CliResult.Run(null, "eval", bundle, upper, "--lowercase-labels");

        Assert.True(eval.ExitCode == 0, eval.ToString());
        Assert.Contains("the test labels were lower-cased", eval.Error, StringComparison.Ordinal);
        Assert.Contains("give --lowercase-labels false", eval.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_warns_when_the_label_column_looks_like_text_and_refuses_one_label_naming_the_file()
    {
        string swapped = fixture.NewPath("swapped.tsv");
        File.WriteAllLines(swapped, ["label\ttext", .. File.ReadAllLines(fixture.TrainTsv)[1..].Select(line => line.Split('\t')[1] + "\t" + line.Split('\t')[0])]);
        CliResult trained = CliResult.Run(null, "train", swapped, "--out", fixture.NewPath("bundle"));
        Assert.Contains("does the label column hold the text?", trained.Error, StringComparison.Ordinal);
        // Every "label" on one row: nothing could be held out for validation, which the user is told too.
        Assert.Contains("no text could be held out for validation", trained.Error, StringComparison.Ordinal);
        CliResult normal = CliResult.Run(null, "train", fixture.TrainTsv, "--out", fixture.NewPath("bundle"));
        Assert.DoesNotContain("label column hold the text", normal.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("held out for validation", normal.Error, StringComparison.Ordinal);
        string tiny = fixture.NewPath("tiny.tsv");
        File.WriteAllLines(tiny, ["label\ttext", "a\tone", "a\ttwo", "a\tthree", "b\tfour", "b\tfive", "b\tsix"]);
        Assert.Contains("under 20 training rows, so no text was held out", CliResult.Run(null, "train", tiny, "--out", fixture.NewPath("bundle")).Error, StringComparison.Ordinal);
        // Six texts five times each: 30 rows given, 18 trained on (three copies of each), so the same reason, with the copies
        // named (it said each label's texts formed one group).
        string copied = fixture.NewPath("copied.tsv");
        File.WriteAllLines(copied, ["label\ttext", .. Enumerable.Repeat(File.ReadAllLines(tiny)[1..], 5).SelectMany(lines => lines)]);
        Assert.Contains("under 20 training rows, so no text was held out for validation: the epoch count and the members' settings were not chosen on held-out texts (12 surplus copies of repeated rows were not counted; --every-copy counts them).", CliResult.Run(null, "train", copied, "--out", fixture.NewPath("bundle")).Error, StringComparison.Ordinal);

        string single = fixture.NewPath("one-label.tsv");
        File.WriteAllLines(single, ["label\ttext", "spam\tbuy now", "spam\tcheap pills", "spam\twin money"]);
        CliResult one = CliResult.Run(null, "train", single, "--out", fixture.NewPath("bundle"));
        Assert.NotEqual(0, one.ExitCode);
        Assert.Contains(single + ": a classifier needs at least two labels", one.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_training_file_of_one_label_is_told_to_add_rows_of_another()
    {
        // It said what was wrong ("every row is labelled 'spam'") but not what to do: a spam filter needs the texts
        // that are not spam too.
        string single = fixture.NewPath("spam-only.tsv");
        File.WriteAllLines(single, ["label\ttext", "spam\tbuy now", "spam\tcheap pills", "spam\twin money"]);

        CliResult result = CliResult.Run(null, "train", single, "--out", fixture.NewPath("bundle"));

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains(
            $"{single}: a classifier needs at least two labels to tell apart; every row is labelled 'spam': add rows of at least one other label (such as texts that are not 'spam').",
            result.Error,
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_tsv_line_of_tabs_is_a_counted_row_not_a_blank_line()
    {
        string path = fixture.NewPath("tabs.tsv");
        File.WriteAllText(path, "label\ttext\nbilling\tmy bill is wrong\n\t\n  \t \n\n   \ntech\tmy router is down\n");
        Dataset data = DatasetReader.Read(path);
        Assert.Equal(2, data.Rows.Count);
        Assert.Equal([3, 4], data.Skipped.Select(row => row.LineNumber));

        // With three columns a line of one tab is still an empty row, not a field-count error that stops the file.
        string wide = fixture.NewPath("tabs3.tsv");
        File.WriteAllText(wide, "id\tlabel\ttext\n1\tbilling\tmy bill is wrong\n\t\n2\ttech\tmy router is down\n");
        Dataset three = DatasetReader.Read(wide);
        Assert.Equal(2, three.Rows.Count);
        Assert.Equal([3], three.Skipped.Select(row => row.LineNumber));
    }

    [Fact]
    public void Train_WithTextsPastMaxTokens_SaysHowManyAreCut()
    {
        string[] lines = File.ReadAllLines(fixture.TrainTsv)[1..];
        string label = lines[0].Split('\t')[0];
        string longText = string.Join(' ', Enumerable.Range(0, 16_400).Select(i => "word" + (i % 50).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        string trainPath = fixture.NewPath("train-with-long-texts.tsv");
        File.WriteAllLines(trainPath, ["label\ttext", .. lines, $"{label}\t{longText}", $"{label}\tshort {longText}"]);

        CliResult result = CliResult.Run(null, "train", trainPath, "--out", fixture.NewPath("bundle"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("2 training texts have more than 16,384 tokens: only the first 16,384 of a text are read", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_WithPhrasesOfLongerTexts_SaysHowManyLieInsideOne()
    {
        string[] lines = File.ReadAllLines(fixture.TrainTsv)[1..];
        string[] texts = [.. lines.Select(line => line.Split('\t')[1].Trim()).Where(text => text.Length > 0)];
        // Three longer texts made of three rows' texts each, and each one's first six words under the same label: the
        // phrase is inside its longer text and (as a six-word text) a copy of no row.
        string[] longer = [.. Enumerable.Range(0, 3).Select(i => $"{lines[i].Split('\t')[0]}\t{texts[i]} and also {texts[i + 3]} then {texts[i + 6]}")];
        string[] phrases = [.. longer.Select(line => line.Split('\t')[0] + "\t" + string.Join(' ', line.Split('\t')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[..6]))];
        string trainPath = fixture.NewPath("train-with-phrases.tsv");
        File.WriteAllLines(trainPath, ["label\ttext", .. lines, .. longer, .. phrases]);

        CliResult result = CliResult.Run(null, "train", trainPath, "--out", fixture.NewPath("bundle"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"(\d+) training texts of 6\+ words lie inside a longer training text", result.Out);
        int inside = int.Parse(System.Text.RegularExpressions.Regex.Match(result.Out, @"(\d+) training texts of 6\+ words lie inside").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(inside, 3, lines.Length);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("jsonl")]
    public void Train_CsvAndJsonl_WithCustomColumnNames(string format)
    {
        (string train, string test, string textColumn, string labelColumn) = format == "csv"
            ? (fixture.TrainCsv, fixture.TestCsv, "body", "category")
            : (fixture.TrainJsonl, fixture.TestJsonl, "message", "intent");
        string bundle = fixture.NewPath("bundle");
        string metricsPath = fixture.NewPath("metrics.json");

        CliResult result = CliResult.Run(
            null, "train", train, "--test", test, "--text-column", textColumn, "--label-column", labelColumn, "--out", bundle, "--metrics-json", metricsPath);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("120 rows read, 0 skipped", result.Out, StringComparison.Ordinal);
        using JsonDocument metrics = JsonDocument.Parse(File.ReadAllText(metricsPath));
        Assert.True(metrics.RootElement.GetProperty("accuracy").GetDouble() > 0.9);

        // The default column names do not exist in these files: a clear failure naming the file.
        CliResult defaults = CliResult.Run(null, "train", train, "--out", fixture.NewPath("bundle"));
        Assert.Equal(1, defaults.ExitCode);
        Assert.Contains(Path.GetFileName(train), defaults.Error, StringComparison.Ordinal);

        // predict --input reads the text column the model was trained with: one answer per test record.
        CliResult predicted = CliResult.Run(null, "predict", bundle, "--input", test);
        Assert.True(predicted.ExitCode == 0, predicted.ToString());
        Assert.Equal(DatasetReader.Read(test, new DatasetReadOptions { TextColumn = textColumn, LabelColumn = labelColumn }).Rows.Count, predicted.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        // A file without that column: the error says the name came from the model (it read as if the user had given it).
        string other = fixture.NewPath("other.tsv");
        File.WriteAllText(other, "text\nplease refund my invoice\n");
        CliResult missing = CliResult.Run(null, "predict", bundle, "--input", other);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains($"text column '{textColumn}' was not found", missing.Error, StringComparison.Ordinal);
        Assert.Contains($"the column the model was trained on, '{textColumn}', unless --text-column names another", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_Input_answers_every_record_of_a_data_file_in_order_with_its_line()
    {
        // Quoted texts over two lines, an empty text and no label column: one answer each, in order. One text per
        // line of standard input cannot give such texts.
        string csv = fixture.NewPath("to-classify.csv");
        File.WriteAllText(csv, "id,body\n1,\"please refund\nmy invoice\"\n2,the courier lost my parcel\n3,\n");

        CliResult json = CliResult.Run(null, "predict", fixture.Bundle, "--input", csv, "--text-column", "body", "--json");
        CliResult plain = CliResult.Run(null, "predict", fixture.Bundle, "-i", csv, "--text-column", "body", "--top-k", "2");

        Assert.True(json.ExitCode == 0, json.ToString());
        string[] lines = json.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        JsonElement[] answers = [.. lines.Select(line => JsonDocument.Parse(line).RootElement)];
        Assert.Equal([2, 4, 5], answers.Select(answer => answer.GetProperty("line").GetInt32()));
        Assert.Equal(["please refund\nmy invoice", "the courier lost my parcel", ""], answers.Select(answer => answer.GetProperty("text").GetString()));
        Assert.Equal("billing", AssertPrediction(answers[0]));
        Assert.Equal("shipping", AssertPrediction(answers[1]));
        Assert.True(plain.ExitCode == 0, plain.ToString());
        string[] plainLines = plain.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, plainLines.Length);
        Assert.StartsWith("billing:", plainLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_Input_answers_a_file_longer_than_one_batch_in_order_as_one_text_at_a_time_does()
    {
        // The file is classified in batches of 1,024 texts on every core: the answers must still be each record's own,
        // in the file's order, across the batches' seams.
        string[] words = ["refund", "invoice", "courier", "parcel", "charge", "delivery", "payment", "tracking"];
        var random = new Random(7);
        string[] texts = [.. Enumerable.Range(0, 2_500).Select(i => $"{words[random.Next(words.Length)]} {words[random.Next(words.Length)]} {i}")];
        string tsv = fixture.NewPath("long-input.tsv");
        File.WriteAllLines(tsv, ["text", .. texts]);

        CliResult json = CliResult.Run(null, "predict", fixture.Bundle, "--input", tsv, "--json");

        Assert.True(json.ExitCode == 0, json.ToString());
        string[] lines = json.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(texts.Length, lines.Length);
        TextClassifier classifier = TextClassifier.Load(fixture.Bundle);
        for (int i = 0; i < texts.Length; i++)
        {
            JsonElement answer = JsonDocument.Parse(lines[i]).RootElement;
            Assert.Equal(i + 2, answer.GetProperty("line").GetInt32());
            Assert.Equal(texts[i], answer.GetProperty("text").GetString());
            Prediction expected = classifier.Classify(texts[i]);
            Assert.Equal(expected.Label, answer.GetProperty("label").GetString());
            Assert.Equal(expected.Score, answer.GetProperty("score").GetSingle());
        }
    }

    [Fact]
    public void Predict_Input_mistakes_are_named()
    {
        string tsv = fixture.NewPath("to-classify.tsv");
        File.WriteAllText(tsv, "text\nrefund please\n");

        CliResult both = CliResult.Run(null, "predict", fixture.Bundle, "--input", tsv, "a text");
        CliResult columnAlone = CliResult.Run(null, "predict", fixture.Bundle, "--text-column", "body", "a text");
        CliResult missing = CliResult.Run(null, "predict", fixture.Bundle, "--input", tsv, "--text-column", "body");
        CliResult folder = CliResult.Run(null, "predict", fixture.Bundle, "--input", fixture.Folder);

        Assert.Equal(2, both.ExitCode);
        Assert.Contains("Give texts to classify or --input <data-file>, not both.", both.Error, StringComparison.Ordinal);
        Assert.Equal(2, columnAlone.ExitCode);
        Assert.Contains("--text-column and --format read the --input file; add --input <data-file>.", columnAlone.Error, StringComparison.Ordinal);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("to-classify.tsv:1: text column 'body' was not found in the header; available columns: 'text'", missing.Error, StringComparison.Ordinal);
        Assert.Empty(missing.Out);
        Assert.Equal(1, folder.ExitCode);
        Assert.Contains("that is a folder", folder.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("headerless.tsv", "billing\trefund please\nshipping\twhere is my parcel\n")]
    [InlineData("headerless.csv", "billing,refund please\nshipping,where is my parcel\n")]
    public void A_data_file_without_a_header_line_is_told_so_by_predict_eval_and_train(string name, string content)
    {
        // The first record is read as the header: the message named the file and listed that record's fields as the
        // columns found, but not that the first line is the header, nor how to read the file.
        string file = fixture.NewPath(name);
        File.WriteAllText(file, content);
        const string Found = "were not found in the header; available columns: 'billing', 'refund please'. The first line is read as the header, the column names: if the file has no header line, add one naming the text column 'text'";

        CliResult predict = CliResult.Run(null, "predict", fixture.Bundle, "--input", file);
        CliResult eval = CliResult.Run(null, "eval", fixture.Bundle, file);
        CliResult train = CliResult.Run(null, "train", file, "--out", fixture.NewPath("headerless-bundle"));

        Assert.Equal(1, predict.ExitCode);
        Assert.Empty(predict.Out);
        Assert.Contains(
            $"{name}:1: text column 'text' {Found.Replace("were", "was", StringComparison.Ordinal)}; if its header names it otherwise, give that name with --text-column.",
            predict.Error,
            StringComparison.Ordinal);
        foreach (CliResult labelled in new[] { eval, train })
        {
            Assert.Equal(1, labelled.ExitCode);
            Assert.Contains(
                $"{name}:1: text column 'text' and label column 'label' {Found} and label column 'label'; if its header names them otherwise, give those names with --text-column and --label-column.",
                labelled.Error,
                StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("msgs.txt")]
    [InlineData("msgs.csv")]
    public void Predict_input_of_plain_texts_without_a_header_line_is_told_to_read_them_from_standard_input(string name)
    {
        // Session 48: "where is my order" was reported as the header that lacks the text column, with no word on how to
        // classify a plain list of texts; standard input reads one text per line.
        const string Texts = "where is my order\nrefund please\n";
        string file = fixture.NewPath(name);
        File.WriteAllText(file, Texts);

        CliResult predict = CliResult.Run(null, "predict", fixture.Bundle, "--input", file);
        CliResult fromStandardInput = CliResult.Run(Texts, "predict", fixture.Bundle);

        Assert.Equal(1, predict.ExitCode);
        Assert.Empty(predict.Out);
        Assert.Contains(
            $"{name}:1: text column 'text' was not found in the header; available columns: 'where is my order'. The first line is read as the header, the column names: " +
            "if the file has no header line, add one naming the text column 'text'; if its header names it otherwise, give that name with --text-column. " +
            "If the file is a plain list of texts, one per line without a header line, classify it from standard input instead of --input: " +
            $"textclf predict {DataOptions.ShellWord(fixture.Bundle)} < {DataOptions.ShellWord(file)}",
            predict.Error,
            StringComparison.Ordinal);
        Assert.Single(predict.Error.TrimEnd().Split('\n'));
        // The suggestion works: one answer per line.
        Assert.Equal(0, fromStandardInput.ExitCode);
        Assert.Equal(2, fromStandardInput.Out.TrimEnd().Split('\n').Length);
    }

    [Theory]
    [InlineData("labelled.tsv", "billing\trefund please\n")]
    [InlineData("named.tsv", "body\nrefund please\n")]
    public void Predict_input_whose_first_line_is_not_one_unnamed_column_is_not_told_to_use_standard_input(string name, string content)
    {
        // Two columns are a data file without a header (a text and a label): standard input would read each line whole.
        // "body" is not a column looked for, so it is still told (the hint says "if"); "text" or "label" are.
        string file = fixture.NewPath(name);
        File.WriteAllText(file, content);

        CliResult predict = CliResult.Run(null, "predict", fixture.Bundle, "--input", file);

        Assert.Equal(1, predict.ExitCode);
        Assert.Equal(name == "named.tsv", predict.Error.Contains("from standard input", StringComparison.Ordinal));
        File.WriteAllText(file, "label\nbilling\n");
        Assert.DoesNotContain("from standard input", CliResult.Run(null, "predict", fixture.Bundle, "--input", file).Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"review\"\n\"where is my order, please\"\n\"refund me\"\n")]
    [InlineData("review\nrefund me\n\"where is my order, please\"\n")]
    [InlineData("\uFEFF\"review\"\r\n\"where is my order, please\"\r\n\"refund me\"\r\n")]
    [InlineData("\uFEFFreview\r\nrefund me\r\n\"where is my order, please\"\r\n")]
    public void Predict_input_of_a_one_column_csv_that_quotes_its_fields_is_not_told_to_use_standard_input(string content)
    {
        // Review 49b: a one-column CSV file ("review" and its texts, quoted as a CSV writer quotes them) lacks the text
        // column 'text', yet was told to classify it from standard input, which reads the quotes as text and the header
        // line as a text to classify.
        string file = fixture.NewPath("reviews.csv");
        File.WriteAllText(file, content);

        CliResult predict = CliResult.Run(null, "predict", fixture.Bundle, "--input", file);

        Assert.Equal(1, predict.ExitCode);
        Assert.Contains("reviews.csv:1: text column 'text' was not found in the header; available columns: 'review'.", predict.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("from standard input", predict.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("model", "msgs.txt", false, "textclf predict model < msgs.txt, which")]
    [InlineData("my model", "it's.txt", false, "textclf predict 'my model' < 'it'\\''s.txt', which")]
    [InlineData("my model", "msgs.txt", true, "textclf predict \"my model\" < msgs.txt (in PowerShell: Get-Content msgs.txt | textclf predict \"my model\"), which")]
    public void The_plain_texts_hint_quotes_paths_for_the_shell(string bundle, string path, bool windows, string expected) =>
        Assert.Contains(expected, PredictCommand.PlainTextsHint(bundle, path, windows), StringComparison.Ordinal);

    [Fact]
    public void A_header_line_that_lacks_the_text_column_is_not_told_to_add_a_header_line()
    {
        // Review 47b: "label<TAB>body" is a header (it names the label column), yet predict, eval and train said "if the
        // file has no header line, add one naming the text column 'text'", which would make that header a record.
        string file = fixture.NewPath("body.tsv");
        File.WriteAllText(file, "label\tbody\nbilling\trefund please\nshipping\twhere is my parcel\n");
        const string Expected =
            "body.tsv:1: text column 'text' was not found in the header; available columns: 'label', 'body'. The first line is read as the header, the column names, " +
            "and it names the label column 'label': if it names the text column 'text' otherwise, give that name with --text-column.";

        foreach (CliResult result in new[]
        {
            CliResult.Run(null, "predict", fixture.Bundle, "--input", file),
            CliResult.Run(null, "eval", fixture.Bundle, file),
            CliResult.Run(null, "train", file, "--out", fixture.NewPath("body-bundle")),
        })
        {
            Assert.Equal(1, result.ExitCode);
            Assert.Contains(Expected, result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("no header line", result.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Train_WithTrainerOptions_RecordsThemInTheBundle()
    {
        string bundle = fixture.NewPath("bundle");

        CliResult result = CliResult.Run(
            null, "train", fixture.TrainTsv, "--out", bundle, "--epochs", "7", "--dim", "16", "--lr", "0.25",
            "--char-ngrams", "2:4", "--word-ngrams", "1", "--skip-bigrams", "--class-weights", "balanced", "--seed", "3");

        Assert.True(result.ExitCode == 0, result.ToString());
        var manifest = TextClassification.Bundles.ModelBundle.ReadManifest(bundle);
        Assert.Equal(16, manifest.Encoder.Dimension);
        Assert.Equal(1, manifest.Tokenizer.WordNGrams);
        Assert.True(manifest.Tokenizer.SkipBigrams);
        Assert.Equal(2, manifest.Tokenizer.CharNGramMin);
        Assert.Equal(4, manifest.Tokenizer.CharNGramMax);
        Assert.Equal("7", manifest.Training!.Settings!["maxEpochs"]);
        Assert.Equal("0.25", manifest.Training.Settings["learningRate"]);
        Assert.Equal("Balanced", manifest.Training.Settings["classWeighting"]);
        Assert.Equal("3", manifest.Training.Settings["seed"]);
    }

    [Fact]
    public void Train_Pooling_and_buckets_set_what_autotune_may_choose()
    {
        // So a tuned model's settings can all be given again, as the autotune + abstain refusal asks.
        string bundle = fixture.NewPath("bundle");

        CliResult result = CliResult.Run(
            null, "train", fixture.TrainTsv, "--out", bundle, "--epochs", "3", "--second-model", "none", "--pooling", "mean", "--buckets", "500000");

        Assert.True(result.ExitCode == 0, result.ToString());
        var manifest = TextClassification.Bundles.ModelBundle.ReadManifest(bundle);
        Assert.Equal("mean", manifest.Pooling.Type);
        Assert.Equal(500_000, manifest.Tokenizer.Buckets);
        Assert.Equal(2, CliResult.Run(null, "train", fixture.TrainTsv, "--out", fixture.NewPath("bundle"), "--pooling", "max").ExitCode);
        // As inspect writes it ("TfIdf", "Mean"): any letter case.
        string tuned = fixture.NewPath("bundle");
        Assert.Equal(0, CliResult.Run(null, "train", fixture.TrainTsv, "--out", tuned, "--epochs", "2", "--second-model", "none", "--pooling", "Mean").ExitCode);
        Assert.Equal("mean", TextClassification.Bundles.ModelBundle.ReadManifest(tuned).Pooling.Type);
        Assert.Equal(2, CliResult.Run(null, "train", fixture.TrainTsv, "--out", fixture.NewPath("bundle"), "--buckets", "10").ExitCode);
    }

    [Theory]
    [InlineData("--format", "xml")]
    [InlineData("--second-model", "forest")]
    [InlineData("--class-weights", "inverse")]
    public void A_value_outside_an_options_choices_is_refused_naming_the_option(string option, string value)
    {
        // System.CommandLine says "Argument 'xml' not recognized. Must be one of: ..." without naming the option.
        CliResult result = CliResult.Run(null, "train", fixture.TrainTsv, "--out", fixture.NewPath("bundle"), option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"error: {option}: Argument '{value}' not recognized", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Choices_are_taken_in_any_letter_case_as_inspect_shows_them()
    {
        // inspect shows "classWeighting Balanced", "termWeighting Idf"; copied into train they were refused (exit 2:
        // "Argument 'Balanced' not recognized"), where --pooling already took "TfIdf" (review 56b).
        string bundle = fixture.NewPath("bundle");
        CliResult result = CliResult.Run(null, "train", fixture.TrainTsv, "--out", bundle, "--epochs", "2", "--format", "TSV",
            "--class-weights", "Balanced", "--second-model", "None", "--term-weight", "IDF");

        Assert.True(result.ExitCode == 0, result.Error);
        CliResult inspected = CliResult.Run(null, "inspect", bundle);
        Assert.Matches(@"classWeighting\s+Balanced", inspected.Out);
        Assert.Matches(@"linearModel\s+none", inspected.Out);
    }

    [Theory]
    [InlineData("linear", 3)]
    [InlineData("sgd", 2)]
    [InlineData("none", 1)]
    public void Train_SecondModel_ChoosesTheEnsemble(string choice, int models)
    {
        string bundle = fixture.NewPath("bundle");

        CliResult result = CliResult.Run(null, "train", fixture.TrainTsv, "--out", bundle, "--second-model", choice, "--epochs", "5");

        Assert.True(result.ExitCode == 0, result.ToString());
        var manifest = TextClassification.Bundles.ModelBundle.ReadManifest(bundle);
        Assert.Equal(models - 1, manifest.Ensemble?.Count ?? 0);
        Assert.Equal(choice == "linear" ? "logistic regression" : "none", manifest.Training!.Settings!["linearModel"][..Math.Min(19, manifest.Training.Settings["linearModel"].Length)]);
        // The ensemble line names no member that is not there (it said "the other members: linearModel" for none).
        Assert.Equal(choice == "none", manifest.Training.Settings["ensemble"] == "one model: the word model alone");
        // Nothing was left out for size: no key says so and train prints no such line.
        Assert.DoesNotContain(NGramTrainer.LinearModelLeftOutSetting, manifest.Training.Settings.Keys);
        Assert.DoesNotContain("logistic regression member was", result.Out, StringComparison.Ordinal);
        if (models > 1)
        {
            // The linear member (and the naive Bayes member after it) is as wide as the label count; the SGD model as wide
            // as the embedding.
            Assert.Equal(choice == "linear" ? CliFixture.Labels.Length : manifest.Encoder.Dimension, manifest.Ensemble![0].Encoder.Dimension);
            Assert.Equal(3, manifest.Ensemble[0].Tokenizer.CharNGramMin);
        }
    }

    [Fact]
    public void Train_RareLabelsInMislabelledData_SaysSo()
    {
        // 1,000 and 1,000 texts and a rare label of 5, each with cue words of its own; noisy: a quarter of the large
        // labels' texts given the other label. The word model's search sets the rare-label minimum epochs aside there
        // (RareLabelTests), and train says what the user can do; the clean file trains without the line.
        var random = new Random(7);
        var clean = new StringBuilder("label\ttext\n");
        var noisy = new StringBuilder("label\ttext\n");
        foreach ((string label, int count) in new[] { ("a", 1000), ("b", 1000), ("z", 5) })
        {
            for (int k = 0; k < count; k++)
            {
                string text = string.Create(CultureInfo.InvariantCulture, $"what is the w{random.Next(2000)} w{random.Next(2000)} w{random.Next(2000)} {label}{random.Next(5)}");
                string given = label != "z" && random.NextDouble() < 0.25 ? (label == "a" ? "b" : "a") : label;
                clean.Append(label).Append('\t').Append(text).Append('\n');
                noisy.Append(given).Append('\t').Append(text).Append('\n');
            }
        }

        string cleanPath = fixture.NewPath("clean.tsv");
        string noisyPath = fixture.NewPath("noisy.tsv");
        File.WriteAllText(cleanPath, clean.ToString());
        File.WriteAllText(noisyPath, noisy.ToString());
        const string Line = "The validation texts of the rare labels (labels with few training texts) looked mislabelled";

        CliResult noisyRun = CliResult.Run(null, "train", noisyPath, "--out", fixture.NewPath("bundle"), "--seed", "42", "--second-model", "none");
        CliResult cleanRun = CliResult.Run(null, "train", cleanPath, "--out", fixture.NewPath("bundle"), "--seed", "42", "--second-model", "none");

        Assert.True(noisyRun.ExitCode == 0, noisyRun.ToString());
        Assert.True(cleanRun.ExitCode == 0, cleanRun.ToString());
        Assert.Contains(Line, noisyRun.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(Line, cleanRun.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_MaxLinearEntries_SamplesTheLinearMembersTexts_AndSaysSo()
    {
        string bundle = fixture.NewPath("bundle");

        CliResult result = CliResult.Run(null, "train", fixture.TrainTsv, "--out", bundle, "--epochs", "5", "--max-linear-entries", "2000");

        Assert.True(result.ExitCode == 0, result.ToString());
        string sample = TextClassification.Bundles.ModelBundle.ReadManifest(bundle).Training!.Settings![NGramTrainer.LinearModelSampleSetting];
        Assert.Matches(@"^\d+ of \d+ training texts.* would pass LinearModelOptions.MaxEntries \(2000\)", sample);
        Assert.Contains($"the logistic regression and naive Bayes members learned from {sample}. --max-linear-entries sets the budget.", result.Out, StringComparison.Ordinal);

        // A budget for a member that is not trained is refused, naming the choice.
        CliResult none = CliResult.Run(null, "train", fixture.TrainTsv, "--out", fixture.NewPath("bundle"), "--second-model", "none", "--max-linear-entries", "2000");
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("--second-model none trains no linear member", none.Error, StringComparison.Ordinal);
        Assert.Equal(2, CliResult.Run(null, "train", fixture.TrainTsv, "--out", fixture.NewPath("bundle"), "--max-linear-entries", "0").ExitCode);
    }

    [Fact]
    public void Train_SecondModel_RefusesAnUnknownChoice()
    {
        CliResult result = CliResult.Run(null, "train", fixture.TrainTsv, "--out", fixture.NewPath("bundle"), "--second-model", "forest");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("forest", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_MatchesTrainMetrics_AndWritesReport()
    {
        string metricsPath = fixture.NewPath("eval.json");
        string reportFolder = fixture.NewPath("report");

        CliResult result = CliResult.Run(null, "eval", fixture.Bundle, fixture.TestTsv, "--metrics-json", metricsPath, "--report", reportFolder);

        Assert.True(result.ExitCode == 0, result.ToString());
        using JsonDocument trained = JsonDocument.Parse(File.ReadAllText(fixture.BundleMetricsJson));
        using JsonDocument evaluated = JsonDocument.Parse(File.ReadAllText(metricsPath));
        Assert.Equal(trained.RootElement.GetProperty("accuracy").GetDouble(), evaluated.RootElement.GetProperty("accuracy").GetDouble());
        Assert.Equal(trained.RootElement.GetProperty("confusionMatrix").GetRawText(), evaluated.RootElement.GetProperty("confusionMatrix").GetRawText());
        Assert.Equal(trained.RootElement.GetProperty("logLoss").GetDouble(), evaluated.RootElement.GetProperty("logLoss").GetDouble(), 9);

        Assert.True(File.Exists(Path.Combine(reportFolder, "metrics.json")));
        string html = File.ReadAllText(Path.Combine(reportFolder, "report.html"));
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("Confusion matrix", html, StringComparison.Ordinal);
        Assert.Contains("</html>", html, StringComparison.Ordinal);
        foreach (string label in CliFixture.Labels)
        {
            Assert.Contains($"<th dir=\"auto\">{label}</th>", html, StringComparison.Ordinal);
            Assert.Contains(label, result.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Predict_Json_SeveralArguments_PrintsAnArrayWithEveryLabelsProbability()
    {
        CliResult result = CliResult.Run(null, "predict", fixture.Bundle, "--json", "please refund my invoice", "the courier lost my parcel");

        Assert.True(result.ExitCode == 0, result.ToString());
        using JsonDocument document = JsonDocument.Parse(result.Out);
        Assert.Equal(JsonValueKind.Array, document.RootElement.ValueKind);
        JsonElement[] items = [.. document.RootElement.EnumerateArray()];
        Assert.Equal(2, items.Length);
        Assert.Equal("please refund my invoice", items[0].GetProperty("text").GetString());
        Assert.Equal("billing", AssertPrediction(items[0]));
        Assert.Equal("shipping", AssertPrediction(items[1]));
    }

    [Fact]
    public void Predict_Json_FromStdin_PrintsJsonLines_AndClassifiesEmptyLines()
    {
        CliResult result = CliResult.Run("my login password error\nthe package arrived late\n", "predict", fixture.Bundle, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        string[] lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using (JsonDocument first = JsonDocument.Parse(lines[0]))
        using (JsonDocument second = JsonDocument.Parse(lines[1]))
        {
            Assert.Equal("tech", AssertPrediction(first.RootElement));
            Assert.Equal("shipping", AssertPrediction(second.RootElement));
            Assert.Equal("the package arrived late", second.RootElement.GetProperty("text").GetString());
        }

        CliResult withBlank = CliResult.Run("refund\n\ncrash\n", "predict", fixture.Bundle, "--json");
        string[] blankLines = withBlank.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, blankLines.Length);
        using JsonDocument blank = JsonDocument.Parse(blankLines[1]);
        Assert.Equal(string.Empty, blank.RootElement.GetProperty("text").GetString());

        // A byte-order mark before the first line (a file saved by a Windows editor) is not part of the text.
        CliResult marked = CliResult.Run("\uFEFFthe package arrived late\n", "predict", fixture.Bundle, "--json");
        using JsonDocument unmarked = JsonDocument.Parse(marked.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0]);
        Assert.Equal("the package arrived late", unmarked.RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public void Predict_FromStdin_AnswersManyLinesInTheirOrder_AsTheModelAnswersEachAlone()
    {
        // Lines a pipe has given are classified together (ClassifyBatch): the answers must stay against their lines.
        string[] words = ["refund", "crash", "parcel", "invoice", "password", "late", "charged twice", "app freezes", "tracking"];
        string[] texts = [.. Enumerable.Range(0, 700).Select(i => $"{words[i % words.Length]} {words[(i * 7) % words.Length]} {i}")];
        texts[0] = "\uFEFF" + texts[0];

        CliResult result = CliResult.Run(string.Join('\n', texts) + "\n", "predict", fixture.Bundle, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        string[] lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(texts.Length, lines.Length);
        TextClassifier classifier = TextClassifier.Load(fixture.Bundle);
        for (int i = 0; i < texts.Length; i++)
        {
            using JsonDocument answer = JsonDocument.Parse(lines[i]);
            string text = texts[i].TrimStart('\uFEFF');
            Assert.Equal(text, answer.RootElement.GetProperty("text").GetString());
            Assert.Equal(classifier.Classify(text).Label, answer.RootElement.GetProperty("label").GetString());
        }
    }

    [Fact]
    public async Task Predict_FromStdin_CanceledAfterAnAnswer_WritesNoMoreOfTheLinesClassifiedWithIt()
    {
        // Lines a pipe has given are classified together: Ctrl+C after the first answer still printed the other 255
        // answers of its batch, where each line had been checked for it before it was answered (review 50f).
        using var canceled = new CancellationTokenSource();
        using var output = new CancelOnFirstLine(canceled);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        using var input = new StringReader(string.Concat(Enumerable.Repeat("the parcel arrived late\n", 300)));

        int exitCode = await CliApp.RunAsync(["predict", fixture.Bundle], output, error, input, canceled.Token);

        Assert.True(exitCode == ExitCodes.Canceled, $"exit {exitCode}: {error}");
        Assert.Single(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData(false, 300)]
    [InlineData(true, 300)]
    [InlineData(false, 1)]
    public async Task Predict_Input_CanceledAfterAnAnswer_WritesNoMoreOfTheRecordsClassifiedWithIt(bool json, int records)
    {
        // --input classifies up to 1,024 records together: Ctrl+C after the first answer still printed the rest of them,
        // and the command exited 0 where they were the file's last, as if nothing had stopped it (standard input's
        // batches check before each answer since review 50f, and a cancel as the input ends is still a cancel).
        string tsv = fixture.NewPath("cancel-input.tsv");
        File.WriteAllText(tsv, "text\n" + string.Concat(Enumerable.Repeat("the parcel arrived late\n", records)));
        using var canceled = new CancellationTokenSource();
        using var output = new CancelOnFirstLine(canceled);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        using var input = new StringReader(string.Empty);

        int exitCode = await CliApp.RunAsync(["predict", fixture.Bundle, "--input", tsv, .. json ? new[] { "--json" } : []], output, error, input, canceled.Token);

        Assert.True(exitCode == ExitCodes.Canceled, $"exit {exitCode}: {error}");
        Assert.Single(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    // Cancels once a line has been written: Ctrl+C as the first answer comes.
    private sealed class CancelOnFirstLine(CancellationTokenSource source) : StringWriter(CultureInfo.InvariantCulture)
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            source.Cancel();
        }

        // The JSON lines of a stream of answers are written as spans.
        public override void WriteLine(ReadOnlySpan<char> buffer)
        {
            base.WriteLine(buffer);
            source.Cancel();
        }
    }

    [Fact]
    public async Task Predict_FromARedirectedStdin_ReadsAByteOrderMarkAndRefusesBytesThatAreNotUtf8()
    {
        // A real process: Console.In replaced such bytes by U+FFFD, so a UTF-16 pipe was classified as garbage, exit 0.
        async Task<(int Code, string Out, string Error)> Predict(byte[] input)
        {
            var start = new System.Diagnostics.ProcessStartInfo("dotnet")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in new[] { Path.Combine(AppContext.BaseDirectory, "textclf.dll"), "predict", fixture.Bundle, "--json" })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = System.Diagnostics.Process.Start(start)!;
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            Task<string> error = process.StandardError.ReadToEndAsync();
            await process.StandardInput.BaseStream.WriteAsync(input);
            process.StandardInput.Close();
            await process.WaitForExitAsync();
            return (process.ExitCode, await output, await error);
        }

        (int code, string output, string error) = await Predict([.. "refund my card\nwho "u8, 0xFF, .. " wrote\n"u8]);
        Assert.Equal(1, code);
        Assert.Contains("standard input:2:5: invalid UTF-8 byte 0xFF", error, StringComparison.Ordinal);
        // Every line before the bad one is answered (the decoder threw on the whole buffer, and "refund my card",
        // read in the same buffer, went unanswered).
        Assert.Equal("refund my card", JsonDocument.Parse(output).RootElement.GetProperty("text").GetString());

        byte[] many = [.. Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 2000).Select(i => $"text number {i} café\n"))), 0xC3, 0x28];
        (code, output, error) = await Predict(many);
        Assert.Equal(1, code);
        Assert.Contains("standard input:2001:1: invalid UTF-8 byte 0xC3", error, StringComparison.Ordinal);
        Assert.Equal(2000, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        (code, output, error) = await Predict(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("café au lait\n")).ToArray());
        Assert.True(code == 0, error);
        Assert.Equal("café au lait", JsonDocument.Parse(output).RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public void Predict_Json_WithTopK_AddsTheBestLabelsAndKeepsNonAsciiText()
    {
        CliResult result = CliResult.Run(null, "predict", fixture.Bundle, "--json", "--top-k", "2", "café refund invoice 😀");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("café", result.Out, StringComparison.Ordinal); // not escaped as \u00E9
        Assert.Contains("invoice 😀\"", result.Out, StringComparison.Ordinal); // nor as a \uD83D\uDE00 pair
        using JsonDocument document = JsonDocument.Parse(result.Out);
        JsonElement root = document.RootElement;
        Assert.Equal(JsonValueKind.Object, root.ValueKind); // one text: one object, not an array
        string best = AssertPrediction(root);
        JsonElement[] top = [.. root.GetProperty("topK").EnumerateArray()];
        Assert.Equal(2, top.Length);
        Assert.Equal(best, top[0].GetProperty("label").GetString());
        Assert.True(top[0].GetProperty("score").GetDouble() >= top[1].GetProperty("score").GetDouble());
        Assert.NotEqual(top[0].GetProperty("label").GetString(), top[1].GetProperty("label").GetString());
    }

    [Fact]
    public void Predict_Plain_PrintsLabelTabScore_OrTopKPairs()
    {
        CliResult plain = CliResult.Run(null, "predict", fixture.Bundle, "refund my card payment", "app crash after update");
        Assert.True(plain.ExitCode == 0, plain.ToString());
        string[] lines = plain.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        string[] fields = lines[0].Split('\t');
        Assert.Equal(2, fields.Length);
        Assert.Equal("billing", fields[0]);
        Assert.InRange(double.Parse(fields[1], CultureInfo.InvariantCulture), 1.0 / 3, 1.0);
        Assert.StartsWith("tech\t", lines[1], StringComparison.Ordinal);

        CliResult topK = CliResult.Run("tracking number for my parcel\n", "predict", fixture.Bundle, "--top-k", "2");
        Assert.True(topK.ExitCode == 0, topK.ToString());
        string[] pairs = topK.Out.TrimEnd('\n').Split('\t');
        Assert.Equal(2, pairs.Length);
        Assert.StartsWith("shipping:", pairs[0], StringComparison.Ordinal);
        double firstScore = double.Parse(pairs[0].Split(':')[1], CultureInfo.InvariantCulture);
        double secondScore = double.Parse(pairs[1].Split(':')[1], CultureInfo.InvariantCulture);
        Assert.True(firstScore >= secondScore);
        Assert.Contains(pairs[1].Split(':')[0], CliFixture.Labels);

        // After "--" a text may start with '-'; before it, such a token is an unknown option (usage error).
        CliResult dashed = CliResult.Run(null, "predict", fixture.Bundle, "--", "-refund");
        Assert.True(dashed.ExitCode == 0, dashed.ToString());
        Assert.Single(dashed.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(2, CliResult.Run(null, "predict", fixture.Bundle, "-refund").ExitCode);
    }

    [Fact]
    public void Inspect_PrintsEveryLabelAndTheSettings()
    {
        CliResult result = CliResult.Run(null, "inspect", fixture.Bundle);

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (string label in CliFixture.Labels)
        {
            Assert.Contains(label, result.Out, StringComparison.Ordinal);
        }

        Assert.Contains("textclassifier version 14", result.Out, StringComparison.Ordinal); // the default joining of spaced letters
        Assert.Contains("letters spaced or dotted apart read as the word (F R E E, f.r.e.e as free)", result.Out, StringComparison.Ordinal);
        Assert.Matches(@"\nmodel 2 head +identity ", result.Out);
        // One name column for every field: a member's 'model 2 tokenizer' ran past the 13 columns of 'bundle' and the rest.
        int column = Regex.Match(result.Out, "^bundle +", RegexOptions.Multiline).Length;
        foreach (string name in new[] { "model 2 tokenizer", "model 2 head", "members", "files", "training" })
        {
            Assert.Equal(column, Regex.Match(result.Out, $"^{name} +", RegexOptions.Multiline).Length);
        }

        Assert.Contains("char n-grams 3-5, 2000000 buckets, max 16384 tokens, lower-cased, case shapes, unspaced scripts split into chars, accents decomposed, char n-grams across unspaced runs, trailing # and + kept (c#, c++), diacritics folded (café as cafe, and as written), full-width forms as ASCII, HTML markup read out, Arabic and Hebrew vowel marks and tatweel folded, Hangul jamo composed, compatibility forms folded (half-width kana, Arabic presentation forms, math and enclosed letters, small capitals, ligatures)", result.Out, StringComparison.Ordinal);
        Assert.Contains("hashedNGrams", result.Out, StringComparison.Ordinal);
        Assert.Contains("embeddingBag", result.Out, StringComparison.Ordinal);
        Assert.Contains("model 2 tokenizer", result.Out, StringComparison.Ordinal);
        Assert.Contains("char n-grams 3-5", result.Out, StringComparison.Ordinal);
        Assert.Contains("validationAccuracy", result.Out, StringComparison.Ordinal);
        Assert.Contains(".bin", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void BadTsvRow_FailsWithFileAndLine()
    {
        string path = fixture.Write("broken-" + Guid.NewGuid().ToString("N")[..6] + ".tsv", "label\ttext\nbilling\trefund please\nthis row has no tab\n");

        CliResult result = CliResult.Run(null, "train", path, "--out", fixture.NewPath("bundle"));

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(Path.GetFileName(path) + ":3", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal); // no stack trace
    }

    [Fact]
    public void Train_at_a_learning_rate_that_diverges_trains_again_at_half_and_says_so()
    {
        string bundle = fixture.NewPath("halved");

        CliResult result = CliResult.Run(null, "train", fixture.TrainTsv, "--out", bundle, "--lr", "10", "--second-model", "none");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("diverged at learning rate 10: training again at 5", result.Error, StringComparison.Ordinal);
        string manifest = File.ReadAllText(Path.Combine(bundle, "textclassifier.json"));
        Assert.Contains("\"learningRateLowered\": \"word model ", manifest, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_that_diverges_fails_naming_the_learning_rate_option_and_saves_nothing()
    {
        // Multi-label over 900 labels (the loss sums over every label): even 10 / 8 overflows.
        var random = new Random(4);
        var data = new System.Text.StringBuilder("text\tlabel\n");
        for (int i = 0; i < 1500; i++)
        {
            int[] labels = [.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => random.Next(900)).Distinct().Order()];
            IEnumerable<string> words = Enumerable.Range(0, 12).Select(_ => $"w{random.Next(2000)}").Concat(labels.Select(l => $"kw{l}"));
            data.Append(string.Join(' ', words)).Append('\t').AppendJoin('|', labels.Select(l => $"K{l}")).Append('\n');
        }

        string path = fixture.Write("many-labels-" + Guid.NewGuid().ToString("N")[..6] + ".tsv", data.ToString());
        string bundle = fixture.NewPath("diverged");

        CliResult result = CliResult.Run(null, "train", path, "--out", bundle, "--lr", "10", "--second-model", "none", "--multi-label-delimiter", "|");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("diverged", result.Error, StringComparison.Ordinal);
        Assert.Contains("--lr", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(bundle));
    }

    [Fact]
    public void DataFileWithoutAKnownExtension_NeedsFormat_WhichReadsIt()
    {
        string path = fixture.Write("train-" + Guid.NewGuid().ToString("N")[..6] + ".data", File.ReadAllText(fixture.TrainTsv));

        CliResult unknown = CliResult.Run(null, "train", path, "--out", fixture.NewPath("bundle"));
        CliResult named = CliResult.Run(null, "train", path, "--format", "tsv", "--out", fixture.NewPath("bundle"), "--second-model", "none");
        CliResult wrong = CliResult.Run(null, "train", path, "--format", "xml", "--out", fixture.NewPath("bundle"));

        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("--format tsv, csv, jsonl or parquet", unknown.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("DatasetReadOptions", unknown.Error, StringComparison.Ordinal);
        Assert.True(named.ExitCode == 0, named.ToString());
        Assert.Equal(2, wrong.ExitCode);
    }

    [Fact]
    public void ColumnOptionsNamingNoColumnOrTheSameOne_AreUsageErrorsInTheOptionsWords()
    {
        CliResult same = CliResult.Run(null, "train", fixture.TrainTsv, "--out", fixture.NewPath("bundle"), "--label-column", "TEXT");
        CliResult blank = CliResult.Run(null, "eval", fixture.Bundle, fixture.TestTsv, "--text-column", " ");

        Assert.Equal(2, same.ExitCode);
        Assert.Contains("--text-column and --label-column name the same column ('text'", same.Error, StringComparison.Ordinal);
        Assert.Equal(2, blank.ExitCode);
        Assert.Contains("--text-column and --label-column must name a column", blank.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("DatasetReadOptions", same.Error + blank.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_WithATestFileOfNoRows_FailsBeforeTrainingNamingTheFile()
    {
        string empty = fixture.Write("header-only-" + Guid.NewGuid().ToString("N")[..6] + ".tsv", "label\ttext\n");
        string bundle = fixture.NewPath("bundle");

        CliResult result = CliResult.Run(null, "train", fixture.TrainTsv, "--test", empty, "--out", bundle);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(empty + ": no test rows", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Trained", result.Out, StringComparison.Ordinal);
        Assert.False(Directory.Exists(bundle));
    }

    [Fact]
    public void Train_WithATrainingFileOfNoRows_NamesTheFile()
    {
        string empty = fixture.Write("header-only-" + Guid.NewGuid().ToString("N")[..6] + ".tsv", "label\ttext\n");
        string skipped = fixture.Write("all-skipped-" + Guid.NewGuid().ToString("N")[..6] + ".tsv", "label\ttext\n\tno label\nx\t  \n");

        CliResult none = CliResult.Run(null, "train", empty, "--out", fixture.NewPath("bundle"));
        CliResult allSkipped = CliResult.Run(null, "train", skipped, "--out", fixture.NewPath("bundle"));

        Assert.Equal(1, none.ExitCode);
        Assert.Contains(empty + ": no training rows (the file has none)", none.Error, StringComparison.Ordinal);
        Assert.Equal(1, allSkipped.ExitCode);
        Assert.Contains(skipped + ": no training rows (all 2 were skipped)", allSkipped.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_OnATestFileOfNoRows_NamesTheFile()
    {
        string empty = fixture.Write("header-only-" + Guid.NewGuid().ToString("N")[..6] + ".tsv", "label\ttext\n");

        CliResult result = CliResult.Run(null, "eval", fixture.Bundle, empty);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(empty + ": no test rows to evaluate on (the file has none)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AllowedLabels_InAnotherLetterCase_SaySoAndAnAbsentOneIsAWarning()
    {
        CliResult wrongCase = CliResult.Run(null, "train", fixture.TrainTsv, "--allowed-labels", "BILLING,SHIPPING", "--out", fixture.NewPath("bundle"));
        CliResult typo = CliResult.Run(null, "train", fixture.TrainTsv, "--allowed-labels", "billing,shiping,tech", "--out", fixture.NewPath("bundle"), "--epochs", "2");

        Assert.Equal(1, wrongCase.ExitCode);
        Assert.Contains("skipped have a label outside --allowed-labels BILLING,SHIPPING; labels are compared with their letter case", wrongCase.Error, StringComparison.Ordinal);
        CliResult lowered = CliResult.Run(null, "train", fixture.TrainTsv, "--lowercase-labels", "--allowed-labels", "foo", "--out", fixture.NewPath("bundle"));
        Assert.Equal(1, lowered.ExitCode);
        Assert.Contains("skipped have a label outside --allowed-labels foo).", lowered.Error, StringComparison.Ordinal); // case is not compared then
        Assert.True(typo.ExitCode == 0, typo.ToString());
        Assert.Contains("warning: --allowed-labels names 1 label that no kept row of " + fixture.TrainTsv + " carries: shiping", typo.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingDataFile_FailsNamingThePath()
    {
        string path = fixture.NewPath("missing.tsv");

        CliResult result = CliResult.Run(null, "eval", fixture.Bundle, path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(path, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void BundleWithoutManifest_FailsNamingTheManifest()
    {
        string folder = fixture.NewPath("not-a-bundle");
        Directory.CreateDirectory(folder);

        CliResult predict = CliResult.Run(null, "predict", folder, "hello");
        CliResult inspect = CliResult.Run(null, "inspect", folder);
        CliResult missingFolder = CliResult.Run(null, "inspect", fixture.NewPath("nowhere"));

        Assert.Equal(1, predict.ExitCode);
        Assert.Contains("textclassifier.json", predict.Error, StringComparison.Ordinal);
        Assert.Equal(1, inspect.ExitCode);
        Assert.Contains("textclassifier.json", inspect.Error, StringComparison.Ordinal);
        Assert.Equal(1, missingFolder.ExitCode);
        Assert.Contains("nowhere", missingFolder.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void HuggingFaceFolderWithoutItsOnnxGraph_FailsNamingTheMissingFile()
    {
        string folder = fixture.NewPath("hf-config-only");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "config.json"), "{\"id2label\": {\"0\": \"neg\", \"1\": \"pos\"}}");

        CliResult predict = CliResult.Run(null, "predict", folder, "hi");

        Assert.Equal(1, predict.ExitCode);
        Assert.Contains("no model.onnx", predict.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("TextClassifierLoader", predict.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void UsageErrors_ExitWithCode2()
    {
        Assert.Equal(2, CliResult.Run(null, "predict", fixture.Folder, "--no-such-option").ExitCode);
        Assert.Equal(2, CliResult.Run(null, "train", fixture.TrainTsv).ExitCode); // --out is required
        Assert.Equal(2, CliResult.Run(null, "frobnicate").ExitCode);
        Assert.Equal(2, CliResult.Run(null, "predict", fixture.Folder, "--top-k", "0", "x").ExitCode);
        Assert.Equal(2, CliResult.Run(null, "train", fixture.TrainTsv, "--out", fixture.NewPath("b"), "--char-ngrams", "5:2").ExitCode);
    }

    [Theory]
    [InlineData("--top-k", "abc", "--top-k expects a whole number; got 'abc'.")]
    [InlineData("-k", "99999999999", "--top-k expects a whole number no greater than 2147483647; got '99999999999'.")]
    public void Predict_TopKThatIsNotANumber_IsAUsageErrorNamingIt(string option, string value, string message)
    {
        CliResult result = CliResult.Run(null, "predict", fixture.Folder, option, value, "x");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--epochs", "abc", "--epochs expects a whole number; got 'abc'.")]
    [InlineData("--dim", "1.5", "--dim expects a whole number; got '1.5'.")]
    [InlineData("--word-ngrams", "99999999999", "--word-ngrams must be between 1 and 5; got 99999999999.")]
    [InlineData("--epochs", "-99999999999", "--epochs must be between 1 and 100000; got -99999999999.")]
    [InlineData("--seed", "x", "--seed expects a whole number; got 'x'.")]
    [InlineData("--lr", "1,5", "--lr expects a number, with '.' as the decimal point; got '1,5'.")]
    [InlineData("--lr", "50", "--lr must be greater than 0 and at most 10; got 50.")]
    [InlineData("--lr", "NaN", "--lr must be greater than 0 and at most 10; got NaN.")]
    [InlineData("--abstain-coverage", "1.5", "--abstain-coverage must be greater than 0 and at most 1; got 1.5.")]
    [InlineData("--abstain-precision", "high", "--abstain-precision expects a number, with '.' as the decimal point; got 'high'.")]
    [InlineData("--abstain-coverage", "", "--abstain-coverage expects a number, with '.' as the decimal point; got ''.")]
    public void Train_NumberOptionThatIsNotANumberOrOutOfRange_IsAUsageErrorNamingIt(string option, string value, string message)
    {
        string bundle = fixture.NewPath("bundle");

        CliResult result = CliResult.Run(null, "train", fixture.TrainTsv, "--out", bundle, option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(bundle));
    }

    [Theory]
    [InlineData("--out", "")]
    [InlineData("--report", " ")]
    [InlineData("--metrics-json", "")]
    public void Train_EmptyOutputPath_IsAUsageError(string option, string value)
    {
        // It was exit 1, an I/O failure, though the command line itself was wrong.
        List<string> args = ["train", fixture.TrainTsv, "--test", fixture.TestTsv];
        if (option != "--out")
        {
            args.AddRange(["--out", fixture.NewPath("bundle")]);
        }

        args.AddRange([option, value]);
        CliResult result = CliResult.Run(null, [.. args]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{option} needs a path; got an empty one.", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Predict_EmptyInputPath_IsAUsageError(string value)
    {
        // As train's and eval's data files: it was exit 1, "cannot tell the format of '' from its extension", which named
        // neither the option nor the mistake.
        CliResult result = CliResult.Run(null, "predict", fixture.Bundle, "--input", value);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--input needs a path; got an empty one.", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Out);
    }

    [Theory]
    [InlineData("--json", "true", "false")]
    [InlineData("true", "--json", "false")]
    [InlineData("--json", "false")]
    public void Predict_json_takes_no_value_so_true_and_false_are_texts(params string[] args)
    {
        // "predict model --json true false" classified only "false": --json took "true" as its value (and
        // "--json false" turned JSON off and read standard input, silently, where a terminal waited for lines).
        CliResult result = CliResult.Run(null, ["predict", fixture.Bundle, .. args]);

        Assert.True(result.ExitCode == 0, result.ToString());
        string[] texts = [.. args.Where(arg => arg != "--json")];
        foreach (string text in texts)
        {
            Assert.Contains($"{{\"text\":\"{text}\",", result.Out, StringComparison.Ordinal);
        }

        Assert.Equal(texts.Length > 1, result.Out.TrimStart().StartsWith('['));
    }

    [Theory]
    [InlineData("--json=true")]
    [InlineData("--json:false")]
    public void Predict_json_given_a_value_is_a_usage_error_naming_it(string flag)
    {
        // --json takes no value, so "true" after it is a text; written as one word with it, it would silently be one too.
        CliResult result = CliResult.Run(null, "predict", fixture.Bundle, flag, "hello");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"error: --json takes no value; got '{flag}'.", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Out);
    }

    [Theory]
    [InlineData("predict", "{bundle} ", "hello")]
    [InlineData("predict", " {bundle}", "hello")]
    [InlineData("inspect", "{bundle}\t")]
    public void A_bundle_path_with_white_space_around_it_says_so_and_names_the_folder_that_is_there(params string[] args)
    {
        // "textclf predict 'model ' hello" (a stray space in a script's variable) said "Model bundle folder not found: model",
        // the space unseen, naming a folder the user could see was there.
        string[] line = [.. args.Select(arg => arg.Replace("{bundle}", fixture.Bundle, StringComparison.Ordinal))];

        CliResult result = CliResult.Run(null, line);

        Assert.True(result.ExitCode == 1, result.ToString());
        // A tab is shown escaped, as every control character in an error line is.
        Assert.Contains($"Model bundle folder not found: '{line[1].Replace("\t", "\\t", StringComparison.Ordinal)}' (white space at its start or end; '{fixture.Bundle}', without it, is there).", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Out);
    }

    [Fact]
    public void A_gz_data_file_is_named_as_compressed_with_the_advice_for_its_format()
    {
        // "predict model -i data.tsv.gz" said "cannot tell the format of 'data.tsv.gz' from its extension (.gz): name it
        // with --format tsv …", and only that second try said the file is compressed and how to read it.
        string tsv = fixture.NewPath("data.tsv.gz");
        string csv = fixture.NewPath("data.csv.gz");
        foreach (string path in new[] { tsv, csv })
        {
            using var file = File.Create(path);
            using var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest);
            gzip.Write("label\ttext\nfinance\tstock market\n"u8);
        }

        CliResult predict = CliResult.Run(null, "predict", fixture.Bundle, "--input", tsv);
        CliResult train = CliResult.Run(null, "train", csv, "--out", fixture.NewPath("bundle"));

        Assert.True(predict.ExitCode == 1, predict.ToString());
        Assert.Contains($"error: {tsv}: the file is gzip-compressed (.gz); decompress it first", predict.Error, StringComparison.Ordinal);
        Assert.Contains($"zcat \"{tsv}\" | textclf <command> <arguments> /dev/stdin --format tsv (predict: --input /dev/stdin --format tsv)", predict.Error, StringComparison.Ordinal);
        Assert.True(train.ExitCode == 1, train.ToString());
        Assert.Contains("--format csv", train.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("cannot tell the format", predict.Error + train.Error, StringComparison.Ordinal);

        // A Parquet file cannot be read from a pipe: no advice to.
        string parquet = fixture.NewPath("data.parquet.gz");
        File.Copy(tsv, parquet);
        CliResult eval = CliResult.Run(null, "eval", fixture.Bundle, parquet);
        Assert.True(eval.ExitCode == 1, eval.ToString());
        Assert.Contains($"error: {parquet}: the file is gzip-compressed (.gz); decompress it first (gunzip).", eval.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("train", "data")]
    [InlineData("eval", "data")]
    [InlineData("predict", "data")]
    [InlineData("split", "data")]
    [InlineData("train", "data.tsv.gz")]
    public void A_data_file_that_is_not_there_is_named_as_not_found_whatever_its_extension(string command, string name)
    {
        // "textclf train data --out model" (the file is data.tsv) said "cannot tell the format of 'data' from its
        // extension (none): name it with --format …", and only that second try said the file is not there.
        string missing = fixture.NewPath(name);
        string[] line = command switch
        {
            "train" => ["train", missing, "--out", fixture.NewPath("bundle")],
            "eval" => ["eval", fixture.Bundle, missing],
            "predict" => ["predict", fixture.Bundle, "--input", missing],
            _ => ["split", missing, "--out", fixture.NewPath("splits")],
        };

        CliResult result = CliResult.Run(null, line);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"Dataset file not found: {missing}", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("--format", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("gzip", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_data_file_without_a_known_extension_that_is_there_is_told_to_name_its_format()
    {
        string data = fixture.NewPath("data");
        File.Copy(fixture.TrainTsv, data);

        CliResult result = CliResult.Run(null, "train", data, "--out", fixture.NewPath("bundle"));

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"cannot tell the format of '{data}' from its extension (none): name it with --format tsv", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_given_as_the_data_file_is_named_as_a_folder()
    {
        // It was "Dataset file not found" (or "cannot tell the format"), though the path is there.
        string folder = fixture.NewPath("data.tsv");
        Directory.CreateDirectory(folder);

        CliResult train = CliResult.Run(null, "train", folder, "--out", fixture.NewPath("bundle"));
        CliResult eval = CliResult.Run(null, "eval", fixture.Bundle, folder);

        Assert.Equal(1, train.ExitCode);
        Assert.Contains($"{folder}: that is a folder; give a data file", train.Error, StringComparison.Ordinal);
        Assert.Contains($"{folder}: that is a folder; give a data file", eval.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_OutWithATrailingSlash_SavesTheBundleThere()
    {
        string bundle = fixture.NewPath("slash") + "/";

        CliResult result = CliResult.Run(null, "train", fixture.TrainTsv, "--out", bundle, "--epochs", "2");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(Path.Combine(bundle, "textclassifier.json")));
        Assert.Equal(0, CliResult.Run(null, "inspect", bundle).ExitCode);
    }

    [Fact]
    public void Train_OutUnderAFile_FailsBeforeTrainingNamingTheOption()
    {
        string file = fixture.Write("plain-" + Guid.NewGuid().ToString("N")[..6] + ".txt", "not a folder");

        CliResult result = CliResult.Run(null, "train", fixture.TrainTsv, "--out", Path.Combine(file, "bundle"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"--out {Path.Combine(file, "bundle")}: {file} is a file", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Trained", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_OutThatIsANonEmptyFolderWithoutABundle_FailsBeforeTraining()
    {
        string folder = fixture.NewPath("keep");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "mine");

        CliResult result = CliResult.Run(null, "train", fixture.TrainTsv, "--out", folder);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--out", result.Error, StringComparison.Ordinal);
        Assert.Contains("not empty and holds no textclassifier.json", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Trained", result.Out, StringComparison.Ordinal);
        Assert.Equal(["notes.txt"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void Train_OutHoldingOnlyAStoppedSavesWeightFile_IsFinished()
    {
        // What a first save stopped before its manifest leaves (a weight file by the bundle's naming) is not the user's:
        // `train --out` writes the bundle there, as the library's save does, instead of refusing a non-empty folder.
        string folder = fixture.NewPath("stopped");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "head-0123456789ab.bin"), "half");

        CliResult result = CliResult.Run(null, "train", fixture.TrainTsv, "--out", folder);

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("head-0123456789ab.bin", Directory.GetFileSystemEntries(folder).Select(Path.GetFileName));
        Assert.NotEmpty(TextClassifier.Load(folder).Labels);
    }

    [Theory]
    [InlineData("--metrics-json", "<folder>", "that names a folder; give a file path.")]
    [InlineData("--metrics-json", "new-folder/", "that names a folder; give a file path.")]
    [InlineData("--report", "<file>", "that is a file; give a folder.")]
    [InlineData("--metrics-json", "<manifest>", "lies inside the bundle folder")] // it wrote the metrics over the manifest
    [InlineData("--metrics-json", "<test>", "that is the input file")]
    [InlineData("--report", "<folder holding a folder metrics.json>", "metrics.json is a folder, where the report writes its metrics.json")]
    public void Train_UnwritableMetricsOrReportPath_FailsBeforeTrainingAndKeepsTheOldBundle(string option, string value, string message)
    {
        string bundle = fixture.NewPath("bundle");
        Assert.Equal(0, CliResult.Run(null, "train", fixture.TrainTsv, "--out", bundle, "--epochs", "2").ExitCode);
        byte[] manifest = File.ReadAllBytes(Path.Combine(bundle, "textclassifier.json"));
        byte[] test = File.ReadAllBytes(fixture.TestTsv);
        string path = value switch
        {
            "<folder>" => fixture.Folder,
            "<file>" => fixture.TrainTsv,
            "<manifest>" => Path.Combine(bundle, "textclassifier.json"),
            "<test>" => fixture.TestTsv,
            "<folder holding a folder metrics.json>" => Directory.CreateDirectory(Path.Combine(fixture.NewPath("report"), ReportWriter.MetricsFileName)).Parent!.FullName,
            _ => value,
        };

        CliResult result = CliResult.Run(null, "train", fixture.TrainTsv, "--test", fixture.TestTsv, "--out", bundle, "--seed", "7", option, path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Equal(manifest, File.ReadAllBytes(Path.Combine(bundle, "textclassifier.json")));
        Assert.Equal(test, File.ReadAllBytes(fixture.TestTsv));
    }

    [Fact]
    public void Metrics_json_beside_the_bundles_files_in_its_folder_is_written_and_the_bundle_still_loads_and_trains_again()
    {
        // "train … --out model --metrics-json model/metrics.json" failed (exit 1, "lies inside the bundle folder") though
        // metrics.json is no file of the bundle, and --report could always write its metrics.json there.
        string bundle = fixture.NewPath("bundle");
        string trainMetrics = Path.Combine(bundle, "metrics.json");
        string evalMetrics = Path.Combine(bundle, "eval-metrics.json");

        CliResult train = CliResult.Run(null, "train", fixture.TrainTsv, "--test", fixture.TestTsv, "--out", bundle, "--epochs", "2", "--metrics-json", trainMetrics);
        CliResult eval = CliResult.Run(null, "eval", bundle, fixture.TestTsv, "--metrics-json", evalMetrics);
        CliResult again = CliResult.Run(null, "train", fixture.TrainTsv, "--test", fixture.TestTsv, "--out", bundle, "--epochs", "2", "--seed", "3", "--metrics-json", trainMetrics);

        Assert.True(train.ExitCode == 0, train.ToString());
        Assert.True(eval.ExitCode == 0, eval.ToString());
        Assert.True(again.ExitCode == 0, again.ToString());
        foreach (string metrics in new[] { trainMetrics, evalMetrics })
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(metrics));
            Assert.All(MetricsKeys, key => Assert.True(document.RootElement.TryGetProperty(key, out _), $"{metrics} lacks {key}"));
        }

        Assert.Equal(CliFixture.Labels, TextClassifier.Load(bundle).Labels);
        Assert.Equal(0, CliResult.Run(null, "predict", bundle, "where is my parcel").ExitCode);

        // A name of the bundle's own files, a hidden name or a subfolder (the carried encoder's, a save's staging) stays refused.
        string weightFile = Path.GetFileName(Directory.GetFiles(bundle, "head-*.bin")[0]);
        byte[] weights = File.ReadAllBytes(Path.Combine(bundle, weightFile));
        foreach (string name in new[] { weightFile, ".metrics.json", Path.Combine("encoder", "metrics.json") })
        {
            CliResult refused = CliResult.Run(null, "eval", bundle, fixture.TestTsv, "--metrics-json", Path.Combine(bundle, name));
            Assert.True(refused.ExitCode == 1, refused.ToString());
            Assert.Contains("lies inside the bundle folder", refused.Error, StringComparison.Ordinal);
            // The remedy names a file the command takes, not "outside it" only, which it no longer requires.
            Assert.Contains($"Name a file beside the bundle's files, such as {Path.Combine(Path.GetFullPath(bundle), "metrics.json")}", refused.Error, StringComparison.Ordinal);
        }

        Assert.Equal(weights, File.ReadAllBytes(Path.Combine(bundle, weightFile)));
        Assert.False(File.Exists(Path.Combine(bundle, ".metrics.json")));
    }

    [Fact]
    public void Eval_MetricsJsonOverTheBundleOrTheTestFile_IsRefusedAndChangesNothing()
    {
        // Both exited 0 after destroying the evaluated bundle or the test data.
        byte[] manifest = File.ReadAllBytes(Path.Combine(fixture.Bundle, "textclassifier.json"));
        byte[] test = File.ReadAllBytes(fixture.TestTsv);

        CliResult intoBundle = CliResult.Run(null, "eval", fixture.Bundle, fixture.TestTsv, "--metrics-json", Path.Combine(fixture.Bundle, "textclassifier.json"));
        CliResult overTest = CliResult.Run(null, "eval", fixture.Bundle, fixture.TestTsv, "--metrics-json", fixture.TestTsv);

        Assert.Equal(1, intoBundle.ExitCode);
        Assert.Contains("lies inside the bundle folder", intoBundle.Error, StringComparison.Ordinal);
        Assert.Equal(1, overTest.ExitCode);
        Assert.Contains($"--metrics-json {fixture.TestTsv}: that is the input file", overTest.Error, StringComparison.Ordinal);
        Assert.Equal(manifest, File.ReadAllBytes(Path.Combine(fixture.Bundle, "textclassifier.json")));
        Assert.Equal(test, File.ReadAllBytes(fixture.TestTsv));
    }

    [Theory]
    [InlineData("metrics.json")]
    [InlineData("report.html")]
    [InlineData("roc.png")]
    public void Report_folder_holding_an_input_under_a_report_file_name_is_refused_and_changes_nothing(string name)
    {
        // Both commands exited 0 after the report replaced the data file: the test file named metrics.json for eval,
        // the training file named report.html for train.
        string folder = fixture.NewPath("report-over-input");
        Directory.CreateDirectory(folder);
        string data = Path.Combine(folder, name);
        File.Copy(fixture.TestTsv, data);
        byte[] before = File.ReadAllBytes(data);
        string bundle = fixture.NewPath("bundle");

        CliResult eval = CliResult.Run(null, "eval", fixture.Bundle, data, "--format", "tsv", "--report", folder);
        CliResult train = CliResult.Run(null, "train", data, "--format", "tsv", "--test", fixture.TestTsv, "--out", bundle, "--report", folder);
        string bundleCopy = fixture.NewPath("bundle-with-report");
        TextClassifier.Load(fixture.Bundle).Save(bundleCopy);
        CliResult intoBundle = CliResult.Run(null, "eval", bundleCopy, fixture.TestTsv, "--report", bundleCopy);

        Assert.Equal(1, eval.ExitCode);
        Assert.Contains($"--report {folder}: {data} is the input file {data}; its {name} would replace it.", eval.Error, StringComparison.Ordinal);
        Assert.Equal(1, train.ExitCode);
        Assert.Contains("is the input file", train.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(bundle));
        Assert.Equal(before, File.ReadAllBytes(data));
        // A report's file names are not a bundle's: into the bundle folder it may go, as it always could.
        Assert.True(intoBundle.ExitCode == 0, intoBundle.ToString());
        Assert.True(File.Exists(Path.Combine(bundleCopy, "report.html")));
        Assert.Equal(TextClassifier.Load(fixture.Bundle).Labels, TextClassifier.Load(bundleCopy).Labels);
    }

    [Theory]
    [InlineData("train")]
    [InlineData("eval")]
    [InlineData("predict")]
    [InlineData("inspect")]
    public void Every_command_answers_version_as_the_root_does(string command)
    {
        // "textclf predict --version" failed with "Model bundle folder not found: --version" (exit 1), "train --version"
        // with "Option '--out' is required" (exit 2): only the root command knew --version.
        CliResult root = CliResult.Run(null, "--version");
        CliResult alone = CliResult.Run(null, command, "--version");
        CliResult withArguments = CliResult.Run(null, command, fixture.Bundle, "--version");

        Assert.Equal(0, root.ExitCode);
        Assert.False(string.IsNullOrWhiteSpace(root.Out));
        Assert.True(alone.ExitCode == 0, alone.ToString());
        Assert.Equal(root.Out, alone.Out);
        Assert.Equal(string.Empty, alone.Error);
        Assert.True(withArguments.ExitCode == 0, withArguments.ToString());
        Assert.Equal(root.Out, withArguments.Out);
    }

    [Theory]
    [InlineData("eval", "{bundle}", "--bogus")]
    [InlineData("eval", "--bogus", "{test}")]
    [InlineData("predict", "--bogus")]
    [InlineData("inspect", "--bogus")]
    [InlineData("train", "--bogus", "--out", "{out}")]
    public void A_mistyped_option_in_a_bundle_folders_or_data_files_place_is_a_usage_error(params string[] args)
    {
        // "textclf eval BUNDLE --bogus" took '--bogus' for the test file and failed on its extension (exit 1), and
        // "predict --bogus" for the bundle folder ("Model bundle folder not found", exit 1): a wrong command line exits 2.
        string[] line = [.. args.Select(arg => arg.Replace("{bundle}", fixture.Bundle, StringComparison.Ordinal).Replace("{test}", fixture.TestTsv, StringComparison.Ordinal).Replace("{out}", fixture.NewPath("out"), StringComparison.Ordinal))];

        CliResult result = CliResult.Run(null, line);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("error: Unrecognized option '--bogus'. To name a file or folder that starts with '-', put it after '--' or write ./--bogus.", result.Error, StringComparison.Ordinal);
        Assert.Contains($"Run 'textclf {args[0]} --help' for usage.", result.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Out);
    }

    [Theory]
    [InlineData("--epoch", "3", "--epochs")]
    [InlineData("--no-temprature", null, "--no-temperature")]
    [InlineData("--dm", "32", "--dim")]
    [InlineData("--bogus", "4", null)]
    [InlineData("--multi-label", "|", "--multi-label-delimiter")]
    [InlineData("--abstain", "0.9", null)]
    public void A_mistyped_option_after_the_data_file_is_one_error_naming_it_and_the_option_nearest_it(string option, string? value, string? nearest)
    {
        // "train data.tsv --epoch 3" gave two errors, "Unrecognized command or argument '--epoch'" and "… '3'", the second
        // a mistake of its own to the reader, and no word of --epochs.
        string bundle = fixture.NewPath("bundle");
        string[] line = value is null ? ["train", fixture.TrainTsv, "--out", bundle, option] : ["train", fixture.TrainTsv, "--out", bundle, option, value];

        CliResult result = CliResult.Run(null, line);

        Assert.True(result.ExitCode == 2, result.ToString());
        string expected = nearest is null ? $"error: Unrecognized option '{option}'." : $"error: Unrecognized option '{option}'. Did you mean {nearest}?";
        Assert.Equal([expected, "Run 'textclf train --help' for usage."], result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.False(Directory.Exists(bundle));
    }

    [Fact]
    public void A_mistyped_option_among_predicts_texts_is_a_usage_error_and_a_text_after_the_separator_is_classified()
    {
        CliResult mistyped = CliResult.Run(null, "predict", fixture.Bundle, "--jsn", "where is my parcel");
        CliResult separated = CliResult.Run(null, "predict", fixture.Bundle, "--", "--jsn");

        Assert.True(mistyped.ExitCode == 2, mistyped.ToString());
        Assert.StartsWith("error: Unrecognized option '--jsn'. To classify a text that starts with '-', put it after '--'.", mistyped.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, mistyped.Out);
        Assert.True(separated.ExitCode == 0, separated.ToString());
        Assert.Single(separated.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void A_file_named_like_an_option_is_read_after_the_separator()
    {
        string bundle = fixture.Bundle;
        CliResult result = CliResult.Run(null, "inspect", "--", bundle);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public void An_unknown_command_is_named_alone_and_no_command_is_said_so()
    {
        // "textclf foo" printed "Required command was not provided." before naming 'foo'.
        CliResult unknown = CliResult.Run(null, "foo");
        CliResult none = CliResult.Run(null);

        Assert.Equal(2, unknown.ExitCode);
        Assert.Equal(["error: Unrecognized command or argument 'foo'.", "Run 'textclf --help' for usage."], unknown.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("error: Required command was not provided.", none.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_format_reads_the_test_file_apart_from_the_training_file()
    {
        // CSV training data (a .data file, --format csv) and a TSV test file: --format named both, and the TSV failed.
        string csv = fixture.NewPath("train.data");
        File.WriteAllLines(csv, File.ReadAllLines(fixture.TrainTsv).Select(line => string.Join(',', line.Split('\t').Select(cell => "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""))));

        CliResult without = CliResult.Run(null, "train", csv, "--format", "csv", "--test", fixture.TestTsv, "--out", fixture.NewPath("bundle"), "--epochs", "2");
        CliResult with = CliResult.Run(null, "train", csv, "--format", "csv", "--test", fixture.TestTsv, "--test-format", "tsv", "--out", fixture.NewPath("bundle"), "--epochs", "2");
        CliResult alone = CliResult.Run(null, "train", fixture.TrainTsv, "--test-format", "tsv", "--out", fixture.NewPath("bundle"));

        Assert.Equal(1, without.ExitCode);
        Assert.True(with.ExitCode == 0, with.ToString());
        Assert.Contains($"{fixture.TestTsv}: ", with.Out, StringComparison.Ordinal);
        Assert.Equal(2, alone.ExitCode);
        Assert.Contains("--test-format names the format of the --test file", alone.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_overrides_the_extension_of_every_data_file()
    {
        // A tab-separated file named .csv, read with --format tsv as its training and test file. (Session 33 tried
        // --format for the extension-less files alone; a tab-separated .csv then could not be read beside a .txt, and
        // eval read its test file by --training-data's extension: reverted, README says --format names every file.)
        string misnamed = fixture.NewPath("tabs.csv");
        File.Copy(fixture.TrainTsv, misnamed);

        CliResult result = CliResult.Run(null, "train", misnamed, "--format", "tsv", "--test", misnamed, "--out", fixture.NewPath("bundle"), "--epochs", "2");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"{misnamed}: ", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_MetricsJsonUnderAFile_FailsNamingTheOption()
    {
        CliResult result = CliResult.Run(null, "eval", fixture.Bundle, fixture.TestTsv, "--metrics-json", Path.Combine(fixture.TrainTsv, "m.json"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"--metrics-json {Path.Combine(fixture.TrainTsv, "m.json")}: {fixture.TrainTsv} is a file", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("accuracy", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_metrics_write_that_fails_after_the_work_names_the_option_and_says_the_bundle_was_saved()
    {
        // /dev/full takes no bytes (ENOSPC), as a full disk refuses the metrics after training, which no check before it
        // can foresee. The error was .NET's "No space left on device : '<folder>/.m.json.<guid>.tmp'", naming a hidden
        // temporary file and neither the option nor that the bundle had been saved.
        if (!File.Exists("/dev/full"))
        {
            return;
        }

        string bundle = fixture.NewPath("full-disk");

        CliResult train = CliResult.Run(null, "train", fixture.TrainTsv, "--test", fixture.TestTsv, "--out", bundle, "--epochs", "2", "--metrics-json", "/dev/full");
        CliResult eval = CliResult.Run(null, "eval", fixture.Bundle, fixture.TestTsv, "--metrics-json", "/dev/full");

        Assert.Equal(1, train.ExitCode);
        Assert.Contains($"error: --metrics-json /dev/full: could not write it (", train.Error, StringComparison.Ordinal);
        Assert.Contains($"; the model bundle was saved to {Path.GetFullPath(bundle)}.", train.Error, StringComparison.Ordinal);
        Assert.NotEmpty(TextClassifier.Load(bundle).Labels);
        Assert.Equal(1, eval.ExitCode);
        Assert.Contains("error: --metrics-json /dev/full: could not write it (", eval.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("; the model bundle", eval.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_ReportFolderHoldingAFolderNamedLikeAReportFile_IsRefusedBeforeTheWork()
    {
        // A folder report.html in the --report folder: the other three files were renamed into place, then the fourth
        // rename failed with .NET's "Is a directory : '…/report.html'", leaving new and old files mixed.
        string report = fixture.NewPath("report");
        Directory.CreateDirectory(Path.Combine(report, ReportWriter.HtmlFileName));

        CliResult result = CliResult.Run(null, "eval", fixture.Bundle, fixture.TestTsv, "--report", report);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"error: --report {report}: {Path.Combine(report, ReportWriter.HtmlFileName)} is a folder, where the report writes its {ReportWriter.HtmlFileName}", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("accuracy", result.Out, StringComparison.Ordinal);
        Assert.Equal([Path.Combine(report, ReportWriter.HtmlFileName)], Directory.GetFileSystemEntries(report));
    }

    [Theory]
    [InlineData(new string[0], "another member (typical of many labels with few texts each, or of word-model settings that do not suit the data).")]
    [InlineData(new[] { "--buckets", "2000000", "--word-ngrams", "2" }, "; --word-ngrams, --buckets set the word model alone, so the saved model does not use them.")]
    public void Train_says_when_the_word_model_was_left_out(string[] options, string ending)
    {
        // 300 labels, five texts each, one keyword per label: the SGD word model stays near uniform.
        var random = new Random(5);
        string[] filler = ["the", "a", "is", "of", "and", "to", "in", "it", "was", "for"];
        var tsv = new StringBuilder("label\ttext\n");
        for (int label = 0; label < 300; label++)
        {
            for (int k = 0; k < 5; k++)
            {
                string[] words = [.. Enumerable.Range(0, 6).Select(_ => filler[random.Next(filler.Length)]), $"key{label}x"];
                random.Shuffle(words);
                tsv.Append(CultureInfo.InvariantCulture, $"L{label:D3}\t{string.Join(' ', words)}\n");
            }
        }

        string data = fixture.Write("keywords-" + Guid.NewGuid().ToString("N")[..6] + ".tsv", tsv.ToString());
        string bundle = fixture.NewPath("keywords");

        CliResult result = CliResult.Run(null, ["train", data, "--out", bundle, .. options]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("The word model was left out of the ensemble", result.Out, StringComparison.Ordinal);
        // The word model's own options, where given, are named as unused by the saved model.
        Assert.Contains(ending, result.Out, StringComparison.Ordinal);
        Assert.Contains(NGramTrainer.WordModelSetting, CliResult.Run(null, "inspect", bundle).Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_lists_at_most_twenty_labels_in_its_summary_line()
    {
        string data = fixture.Write(
            "many-labels-" + Guid.NewGuid().ToString("N")[..6] + ".tsv",
            "label\ttext\n" + string.Concat(Enumerable.Range(0, 30).Select(i => $"L{i:D2}\tword{i} thing\nL{i:D2}\tword{i} stuff\n")));

        CliResult result = CliResult.Run(null, "train", data, "--out", fixture.NewPath("many"), "--epochs", "2");

        Assert.True(result.ExitCode == 0, result.ToString());
        string line = result.Out.Split('\n').Single(l => l.StartsWith("Trained 30 labels", StringComparison.Ordinal));
        Assert.Contains("L00, L01,", line, StringComparison.Ordinal);
        Assert.Contains("L19, … and 10 more)", line, StringComparison.Ordinal);
        Assert.DoesNotContain("L20", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_TestLabelsTheModelLacks_AreNamedInAWarningAndTheReport_AndTrainSecondsIsWhatTrainRecorded()
    {
        string test = fixture.Write(
            "unknown-" + Guid.NewGuid().ToString("N")[..6] + ".tsv",
            "text\tlabel\nrefund my invoice\tbilling\nwhere is mars\tplanets\nwhere is venus\tplanets\nhello\tgreetings\n");
        string json = fixture.NewPath("m.json");
        string report = fixture.NewPath("report");

        CliResult result = CliResult.Run(null, "eval", fixture.Bundle, test, "--metrics-json", json, "--report", report);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("warning: 2 test labels are not among the model's 3: greetings (1), planets (2).", result.Error, StringComparison.Ordinal);
        Assert.Contains("Their 3 rows count as errors", result.Error, StringComparison.Ordinal);
        // The report, what gets shared, says so too: it had shown them as ordinary labels with recall 0 and AUC 0.5.
        Assert.Contains(
            "<p class=\"note\">2 test labels are not among the model&#39;s 3: \u2068greetings\u2069 (1), \u2068planets\u2069 (2). Their 3 rows count as errors, and their ROC AUC is that of a constant score (0.5).</p>",
            File.ReadAllText(Path.Combine(report, "report.html")),
            StringComparison.Ordinal);
        using JsonDocument metrics = JsonDocument.Parse(File.ReadAllText(json));
        // Top-k stops at the model's 3 labels, and the 3 rows of labels it lacks are never among the top k.
        JsonElement topK = metrics.RootElement.GetProperty("topKAccuracy");
        Assert.Equal(["1", "2", "3"], topK.EnumerateObject().Select(entry => entry.Name).ToArray());
        Assert.All(topK.EnumerateObject(), entry => Assert.InRange(entry.Value.GetDouble(), 0, 0.25));
        // train records its time in the bundle, so eval reports the same number train did.
        double recorded = TextClassification.Bundles.ModelBundle.ReadManifest(fixture.Bundle).Training!.Seconds!.Value;
        Assert.True(recorded > 0);
        Assert.Equal(recorded, metrics.RootElement.GetProperty("trainSeconds").GetDouble());
        using (JsonDocument trained = JsonDocument.Parse(File.ReadAllText(fixture.BundleMetricsJson)))
        {
            Assert.Equal(trained.RootElement.GetProperty("trainSeconds").GetDouble(), recorded);
        }

        string knownReport = fixture.NewPath("report");
        CliResult known = CliResult.Run(null, "eval", fixture.Bundle, fixture.TestTsv, "--report", knownReport);
        Assert.True(known.ExitCode == 0, known.ToString());
        Assert.DoesNotContain("warning", known.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"note\"", File.ReadAllText(Path.Combine(knownReport, "report.html")), StringComparison.Ordinal);

        CliResult delimited = CliResult.Run(null, "eval", fixture.Bundle, fixture.TestTsv, "--multi-label-delimiter", "|");
        Assert.True(delimited.ExitCode == 0, delimited.ToString());
        Assert.Contains("warning: --multi-label-delimiter is ignored: the model is single-label", delimited.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--autotune")]
    [InlineData("--multi-label-delimiter", "|")]
    [InlineData("--abstain-precision", "0.9")]
    [InlineData("--abstain-coverage", "0.8")]
    [InlineData("--dim", "32")]
    [InlineData("--char-ngrams", "2-4")]
    [InlineData("--word-ngrams", "3")]
    [InlineData("--skip-bigrams")]
    [InlineData("--pooling", "mean")]
    [InlineData("--buckets", "500000")]
    [InlineData("--second-model", "none")]
    [InlineData("--term-weight", "auto")]
    public void Encoder_with_an_ngram_only_option_is_a_usage_error(params string[] option)
    {
        string bundle = fixture.NewPath("bundle");

        CliResult result = CliResult.Run(null, ["train", fixture.TrainTsv, "--out", bundle, "--encoder", "model.onnx", .. option]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(TextClassification.Cli.TrainCommand.EncoderOptionConflict([option[0]]), result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(bundle));
    }

    [Fact]
    public void Encoder_with_several_ngram_only_options_names_them_all()
    {
        CliResult result = CliResult.Run(null, "train", fixture.TrainTsv, "--out", fixture.NewPath("bundle"), "--encoder", "model.onnx", "--autotune", "--dim", "8");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--autotune, --dim apply to n-gram models only", result.Error, StringComparison.Ordinal);
    }

    /// <summary>Checks a prediction object (scores for every label summing to 1, label = argmax, score = its
    /// probability) and returns its label.</summary>
    private static string AssertPrediction(JsonElement prediction)
    {
        Dictionary<string, double> scores = prediction.GetProperty("scores").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        Assert.Equal(CliFixture.Labels.Order(StringComparer.Ordinal), scores.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(1.0, scores.Values.Sum(), 1e-4);
        string label = prediction.GetProperty("label").GetString()!;
        Assert.Equal(scores.MaxBy(pair => pair.Value).Key, label);
        Assert.Equal(scores[label], prediction.GetProperty("score").GetDouble(), 1e-6);
        return label;
    }
}
