using System.Diagnostics;
using System.Globalization;

namespace TextClassification.Fuzz;

/// <summary>
/// <c>fuzz [--target text|data|parquet|bundle|export|encoder|all] [--seconds N] [--seed N]</c>: the randomized mutational harness; failing inputs go to
/// fuzz/crashes (replayed by the tests), exit code 1 when any was found.
/// <c>save-loop TARGET A B</c>: loads bundles A and B and saves them alternately over TARGET until killed (the child
/// of the kill-mid-save test).
/// <c>soak [--count N]</c>: classifies N texts and prints the live heap and allocations along the way.
/// <c>afl-text</c>, <c>afl-manifest BUNDLE</c>, <c>write-bundle FOLDER 0|1</c>: coverage-guided runs under AFL++ (fuzz/afl.sh).
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        string command = args.Length > 0 ? args[0] : "help";
        return command switch
        {
            "fuzz" => Fuzz(args),
            "save-loop" when args.Length == 4 => SaveLoop(args[1], args[2], args[3]),
            "soak" => Soak(args),
            "afl-text" => AflTargets.Text(),
            "afl-manifest" when args.Length == 2 => AflTargets.Manifest(args[1]),
            "write-bundle" when args.Length == 3 => AflTargets.WriteBundle(args[1], int.Parse(args[2], CultureInfo.InvariantCulture)),
            _ => Usage(),
        };
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: fuzz [--target text|data|parquet|bundle|export|encoder|all] [--seconds N] [--seed N] | save-loop TARGET A B | soak [--count N] | afl-text | afl-manifest BUNDLE | write-bundle FOLDER 0|1");
        return 2;
    }

    private static int Fuzz(string[] args)
    {
        string target = Option(args, "--target") ?? "all";
        double seconds = double.Parse(Option(args, "--seconds") ?? "60", CultureInfo.InvariantCulture);
        int seed = int.Parse(Option(args, "--seed") ?? "1", CultureInfo.InvariantCulture);
        string root = FindFuzzFolder();
        var runner = new FuzzRunner(seed, Path.Combine(root, "crashes"), Path.Combine(root, "corpus"));
        TimeSpan each = TimeSpan.FromSeconds(target == "all" ? seconds / 5 : seconds);
        Console.WriteLine($"fuzz: target {target}, {seconds} s, seed {seed}, crashes to {Path.Combine(root, "crashes")}");

        // Train the models before the clock starts.
        _ = FuzzModels.Models;
        _ = FuzzModels.WordPieces;
        if (target is "text" or "all")
        {
            (long cases, int crashes) = runner.RunText(each);
            Console.WriteLine($"text:   {cases} cases, {crashes} distinct failures");
        }

        if (target is "data" or "all")
        {
            // Three quarters of the data target's time for the text formats, a quarter for damaged Parquet files.
            (long cases, int crashes) = runner.RunData(each * 0.75);
            Console.WriteLine($"data:   {cases} cases, {crashes} distinct failures");
            (long parquetCases, int parquetCrashes) = runner.RunParquet(each * 0.25);
            Console.WriteLine($"parquet: {parquetCases} cases, {parquetCrashes} distinct failures");
        }
        else if (target is "parquet")
        {
            (long cases, int crashes) = runner.RunParquet(each);
            Console.WriteLine($"parquet: {cases} cases, {crashes} distinct failures");
        }

        if (target is "bundle" or "all")
        {
            (long cases, long loaded, int crashes) = runner.RunBundle(each);
            Console.WriteLine($"bundle: {cases} cases ({loaded} loaded and classified, {cases - loaded} rejected with BundleFormatException), {crashes} distinct failures");
        }

        if (target is "export" or "all")
        {
            (long cases, long loaded, int crashes) = runner.RunExport(each);
            Console.WriteLine($"export: {cases} cases ({loaded} loaded and classified, {cases - loaded} rejected with BundleFormatException), {crashes} distinct failures");
        }

        if (target is "encoder" or "all")
        {
            (long cases, long loaded, int crashes) = runner.RunEncoder(each);
            Console.WriteLine($"encoder: {cases} cases ({loaded} loaded and classified, {cases - loaded} rejected with BundleFormatException), {crashes} distinct failures");
        }

        return runner.Crashes == 0 ? 0 : 1;
    }

    private static int SaveLoop(string target, string a, string b)
    {
        TextClassifier[] models = [TextClassifier.Load(a), TextClassifier.Load(b)];
        // Bounded so a child that is never killed still ends.
        for (int i = 0; i < 100_000; i++)
        {
            models[(i + 1) % 2].Save(target);
            Console.WriteLine($"saved {i}");
        }

        return 0;
    }

    private static int Soak(string[] args)
    {
        long count = long.Parse(Option(args, "--count") ?? "1000000", CultureInfo.InvariantCulture);
        TextClassifier model = FuzzModels.Models[1];
        List<string> texts = FuzzModels.SeedTexts(1000, seed: 3);
        for (int i = 0; i < 20_000; i++)
        {
            model.Classify(texts[i % texts.Count]);
        }

        Console.WriteLine($"soak: {count} classifications with the ensemble model after 20000 warm-up calls");
        Console.WriteLine("calls | live heap after full GC (KiB) | allocated per call (bytes) | gen0/gen1/gen2 collections | working set (MiB)");
        long step = Math.Max(1, count / 10);
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long baseline = GC.GetTotalMemory(forceFullCollection: true);
        Print(0, baseline, 0, 0);
        var clock = Stopwatch.StartNew();
        for (long i = 1; i <= count; i++)
        {
            model.Classify(texts[(int)(i % texts.Count)]);
            if (i % step == 0)
            {
                long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
                Print(i, GC.GetTotalMemory(forceFullCollection: true), allocated, i);
            }
        }

        long final = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"live heap growth after warm-up: {(final - baseline) / 1024.0:F1} KiB over {count} calls ({clock.Elapsed.TotalSeconds:F1} s)");
        return 0;

        static void Print(long calls, long live, long allocated, long per) =>
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{calls,9} | {live / 1024.0,10:F1} | {(per == 0 ? 0 : allocated / (double)per),8:F1} | {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} | {Environment.WorkingSet / (1024.0 * 1024),7:F1}"));
    }

    private static string? Option(string[] args, string name)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static string FindFuzzFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TextClassification.Sdk.sln")))
            {
                return Path.Combine(dir.FullName, "fuzz");
            }
        }

        return Path.Combine(Directory.GetCurrentDirectory(), "fuzz");
    }
}
