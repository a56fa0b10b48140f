using System.Diagnostics;
using System.Globalization;
using System.Text;
using TextClassification.Training.Data;
using TextClassification.Training.Evaluation;
using TextClassification.Training.Trainers;

namespace TextClassification.Benchmarks;

/// <summary>
/// Trains our n-gram model and `fasttext supervised -wordNgrams 2` (Debian package fasttext) on the same split of every
/// dataset under TEXTCLASSIFICATION_DATASETS and prints accuracy, macro-F1 and training wall time side by side.
/// Usage: dotnet run -c Release --project benchmarks/TextClassification.Benchmarks -- datasets [name…]
/// </summary>
internal static class DatasetComparison
{
    public static int Run(string[] args)
    {
        var names = new List<string>();
        var options = new NGramTrainerOptions();
        bool peer = true;
        for (int i = 0; i < args.Length; i++)
        {
            string value = i + 1 < args.Length ? args[i + 1] : string.Empty;
            CultureInfo inv = CultureInfo.InvariantCulture;
            switch (args[i])
            {
                case "--no-peer": peer = false; break;
                case "--lr": options = options with { LearningRate = float.Parse(value, inv) }; i++; break;
                case "--decay": options = options with { LearningRateDecay = float.Parse(value, inv) }; i++; break;
                case "--dim": options = options with { Dimension = int.Parse(value, inv) }; i++; break;
                case "--epochs": options = options with { MaxEpochs = int.Parse(value, inv) }; i++; break;
                case "--patience": options = options with { Patience = int.Parse(value, inv) }; i++; break;
                case "--no-refit": options = options with { RefitOnAllData = false }; break;
                case "--balanced": options = options with { ClassWeighting = ClassWeighting.Balanced }; break;
                case "--word-ngrams": options = options with { Tokenizer = options.Tokenizer with { WordNGrams = int.Parse(value, inv) } }; i++; break;
                case "--char-ngrams":
                    string[] range = value.Split(':');
                    options = options with { Tokenizer = options.Tokenizer with { CharNGramMin = int.Parse(range[0], inv), CharNGramMax = int.Parse(range[1], inv) } };
                    i++;
                    break;
                default: names.Add(args[i]); break;
            }
        }

        string? root = Environment.GetEnvironmentVariable("TEXTCLASSIFICATION_DATASETS");
        if (string.IsNullOrEmpty(root) || !Directory.Exists(root))
        {
            Console.Error.WriteLine("Set TEXTCLASSIFICATION_DATASETS to the folder of the shared datasets.");
            return 2;
        }

        string? fastText = peer ? FindOnPath("fasttext") : null;
        var table = new StringBuilder();
        table.AppendLine("| dataset | ours acc | ours macro-F1 | ours train s | fastText acc | fastText macro-F1 | fastText train s |");
        table.AppendLine("|---|---|---|---|---|---|---|");
        IEnumerable<string> datasets = names.Count > 0
            ? names
            : Directory.GetDirectories(root).Select(Path.GetFileName).Order(StringComparer.Ordinal)!;
        foreach (string name in datasets)
        {
            string train = Path.Combine(root, name, "train.tsv");
            string test = Path.Combine(root, name, "test.tsv");
            if (!File.Exists(train) || !File.Exists(test))
            {
                continue;
            }

            Dataset trainData = DatasetReader.Read(train);
            Dataset testData = DatasetReader.Read(test);
            var clock = Stopwatch.StartNew();
            NGramTrainingResult result = NGramTrainer.Train(trainData.Rows, options);
            clock.Stop();
            ClassificationMetrics ours = ModelEvaluator.Evaluate(result.Classifier, testData.Rows);
            string theirs = fastText is null ? "n/a | n/a | n/a" : RunFastText(fastText, trainData, testData);
            string row = string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {ours.Accuracy:F4} | {ours.MacroF1:F4} | {clock.Elapsed.TotalSeconds:F2} (epochs {result.Epochs}) | {theirs} |");
            Console.WriteLine(row);
            table.AppendLine(row);
        }

        Console.WriteLine();
        Console.WriteLine(table);
        return 0;
    }

    private static string RunFastText(string fastText, Dataset train, Dataset test)
    {
        string folder = Path.Combine(Path.GetTempPath(), "textclf-fasttext-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string trainFile = Path.Combine(folder, "train.txt");
            string testFile = Path.Combine(folder, "test.txt");
            WriteFastTextFile(trainFile, train.Rows);
            WriteFastTextFile(testFile, test.Rows);
            var clock = Stopwatch.StartNew();
            Exec(fastText, $"supervised -input {trainFile} -output {Path.Combine(folder, "model")} -wordNgrams 2 -thread 2 -verbose 0");
            clock.Stop();
            string predictions = Exec(fastText, $"predict {Path.Combine(folder, "model.bin")} {testFile}");
            string[] predicted = predictions.Split('\n', StringSplitOptions.RemoveEmptyEntries);

            var labels = new List<string>();
            var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
            int IndexOf(string label)
            {
                if (!indexOf.TryGetValue(label, out int index))
                {
                    index = labels.Count;
                    indexOf[label] = index;
                    labels.Add(label);
                }

                return index;
            }

            foreach (LabeledText row in train.Rows)
            {
                IndexOf(Escape(row.Label));
            }

            int[] gold = new int[test.Rows.Count];
            int[] guess = new int[test.Rows.Count];
            for (int i = 0; i < gold.Length; i++)
            {
                gold[i] = IndexOf(Escape(test.Rows[i].Label));
                guess[i] = IndexOf(i < predicted.Length ? predicted[i].Trim()["__label__".Length..] : string.Empty);
            }

            float[] probabilities = new float[gold.Length * labels.Count];
            for (int i = 0; i < gold.Length; i++)
            {
                probabilities[(i * labels.Count) + guess[i]] = 1f;
            }

            ClassificationMetrics metrics = MetricsCalculator.Compute(labels, gold, probabilities);
            return string.Create(CultureInfo.InvariantCulture, $"{metrics.Accuracy:F4} | {metrics.MacroF1:F4} | {clock.Elapsed.TotalSeconds:F2}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Escape(string label) => label.Replace(' ', '_');

    private static void WriteFastTextFile(string path, IReadOnlyList<LabeledText> rows)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        foreach (LabeledText row in rows)
        {
            writer.Write("__label__");
            writer.Write(Escape(row.Label));
            writer.Write(' ');
            writer.WriteLine(row.Text.Replace('\n', ' ').Replace('\r', ' '));
        }
    }

    private static string Exec(string file, string arguments)
    {
        var info = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process process = Process.Start(info)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed: {error.Result}");
        }

        return output;
    }

    private static string? FindOnPath(string name)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
