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
/// dotnet run -c Release --project benchmarks/TextClassification.Benchmarks -- profile sst2 [--runs 3] [--seed 42] [--timeline]
/// </code>
/// <c>--timeline</c> also prints, for the last run, when each progress report arrived (ms from the start of training),
/// which shows the two lanes' phases: tokenizing, the word model's epochs and refit, the linear member's iterations.
/// </summary>
internal static class TrainingProfileCommand
{
    public static int Run(string[] args)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        string? name = null;
        int runs = 3;
        int seed = 42;
        bool timeline = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--runs" when i + 1 < args.Length: runs = int.Parse(args[++i], inv); break;
                case "--seed" when i + 1 < args.Length: seed = int.Parse(args[++i], inv); break;
                case "--timeline": timeline = true; break;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal) || name is not null)
                    {
                        Console.Error.WriteLine($"Unexpected argument {args[i]}. Usage: profile <dataset> [--runs N] [--seed N] [--timeline]");
                        return 2;
                    }

                    name = args[i];
                    break;
            }
        }

        string? root = Environment.GetEnvironmentVariable("TEXTCLASSIFICATION_DATASETS");
        if (name is null || string.IsNullOrEmpty(root) || !File.Exists(Path.Combine(root, name, "train.tsv")))
        {
            Console.Error.WriteLine("Usage: profile <dataset> [--runs N] [--seed N] [--timeline], with TEXTCLASSIFICATION_DATASETS set to the shared datasets' folder.");
            return 2;
        }

        IReadOnlyList<LabeledText> rows = DatasetReader.Read(Path.Combine(root, name, "train.tsv")).Rows;
        var options = new NGramTrainerOptions { Seed = seed };
        Console.WriteLine("| run | train s | allocated MB | GCs (gen 0/1/2) | minor page faults |");
        Console.WriteLine("|---:|---:|---:|---|---:|");
        var reports = new List<(double Ms, TrainingProgress Report)>();
        for (int run = 1; run <= runs; run++)
        {
            reports.Clear();
            long allocated = GC.GetTotalAllocatedBytes(precise: true);
            int[] collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
            long faults = MinorPageFaults();
            var clock = Stopwatch.StartNew();
            NGramTrainer.Train(rows, options, timeline ? new Timeline(clock, reports) : null);
            clock.Stop();
            long faulted = MinorPageFaults() - faults;
            Console.WriteLine(string.Create(inv,
                $"| {run} | {clock.Elapsed.TotalSeconds:F2} | {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1e6:F0} | " +
                $"{GC.CollectionCount(0) - collections[0]}/{GC.CollectionCount(1) - collections[1]}/{GC.CollectionCount(2) - collections[2]} | " +
                $"{(faults < 0 ? "n/a" : faulted.ToString(inv))} |"));
        }

        if (timeline)
        {
            Console.WriteLine();
            Console.WriteLine($"Progress reports of run {runs} (ms from the start of training):");
            foreach ((double ms, TrainingProgress report) in reports)
            {
                Console.WriteLine(string.Create(inv, $"{ms,8:F0}  {report.Phase} {report.Epoch}/{report.MaxEpochs}"));
            }
        }

        return 0;
    }

    // Records when each report arrives; reports come synchronously from whichever lane made them, so it locks.
    private sealed class Timeline(Stopwatch clock, List<(double Ms, TrainingProgress Report)> reports) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (value.EpochShare is not null)
            {
                return; // the timeline is of phases and whole epochs
            }

            lock (reports)
            {
                reports.Add((clock.Elapsed.TotalMilliseconds, value));
            }
        }
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
