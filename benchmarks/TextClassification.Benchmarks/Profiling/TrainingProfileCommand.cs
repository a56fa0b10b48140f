using System.Diagnostics;
using System.Globalization;
using TextClassification.Training.Data;
using TextClassification.Training.Trainers;

namespace TextClassification.Benchmarks.Profiling;

/// <summary>
/// Where training time goes besides arithmetic: trains the default classifier several times in one process on one
/// shared dataset and prints, per run, the wall time, the bytes allocated, the garbage collections and the minor page
/// faults (Linux). The first run includes JIT compilation; later runs show a warm process, as the peer table does.
/// <code>
/// dotnet run -c Release --project benchmarks/TextClassification.Benchmarks -- profile sst2 [--runs 3] [--seed 42]
/// </code>
/// </summary>
internal static class TrainingProfileCommand
{
    public static int Run(string[] args)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        string? name = null;
        int runs = 3;
        int seed = 42;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--runs" when i + 1 < args.Length: runs = int.Parse(args[++i], inv); break;
                case "--seed" when i + 1 < args.Length: seed = int.Parse(args[++i], inv); break;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal) || name is not null)
                    {
                        Console.Error.WriteLine($"Unexpected argument {args[i]}. Usage: profile <dataset> [--runs N] [--seed N]");
                        return 2;
                    }

                    name = args[i];
                    break;
            }
        }

        string? root = Environment.GetEnvironmentVariable("TEXTCLASSIFICATION_DATASETS");
        if (name is null || string.IsNullOrEmpty(root) || !File.Exists(Path.Combine(root, name, "train.tsv")))
        {
            Console.Error.WriteLine("Usage: profile <dataset> [--runs N] [--seed N], with TEXTCLASSIFICATION_DATASETS set to the shared datasets' folder.");
            return 2;
        }

        IReadOnlyList<LabeledText> rows = DatasetReader.Read(Path.Combine(root, name, "train.tsv")).Rows;
        var options = new NGramTrainerOptions { Seed = seed };
        Console.WriteLine("| run | train s | allocated MB | GCs (gen 0/1/2) | minor page faults |");
        Console.WriteLine("|---:|---:|---:|---|---:|");
        for (int run = 1; run <= runs; run++)
        {
            long allocated = GC.GetTotalAllocatedBytes(precise: true);
            int[] collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
            long faults = MinorPageFaults();
            var clock = Stopwatch.StartNew();
            NGramTrainer.Train(rows, options);
            clock.Stop();
            long faulted = MinorPageFaults() - faults;
            Console.WriteLine(string.Create(inv,
                $"| {run} | {clock.Elapsed.TotalSeconds:F2} | {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1e6:F0} | " +
                $"{GC.CollectionCount(0) - collections[0]}/{GC.CollectionCount(1) - collections[1]}/{GC.CollectionCount(2) - collections[2]} | " +
                $"{(faults < 0 ? "n/a" : faulted.ToString(inv))} |"));
        }

        return 0;
    }

    // Field 10 of /proc/self/stat (minflt); -1 where there is no such file.
    private static long MinorPageFaults()
    {
        const string Stat = "/proc/self/stat";
        if (!File.Exists(Stat))
        {
            return -1;
        }

        string text = File.ReadAllText(Stat);
        string[] fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[7], CultureInfo.InvariantCulture);
    }
}
