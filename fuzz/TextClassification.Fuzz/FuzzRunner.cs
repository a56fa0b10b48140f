using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace TextClassification.Fuzz;

/// <summary>Runs the mutational loops for a time budget from a seed, keeps failing inputs under the crash folder and
/// reports what was tried.</summary>
internal sealed class FuzzRunner(int seed, string crashFolder, string corpusFolder)
{
    private const int MaxCorpus = 1024;

    private readonly Random _random = new(seed);
    private readonly HashSet<string> _failures = new(StringComparer.Ordinal);

    public int Crashes => _failures.Count;

    /// <summary>Texts: featurizers (vectorized = scalar), both classifiers, every WordPiece variant.</summary>
    public (long Cases, int Crashes) RunText(TimeSpan budget)
    {
        List<string> corpus = FuzzModels.SeedTexts(64, seed);
        corpus.AddRange(Corpus.ReadTexts(corpusFolder));
        return RunStrings(budget, corpus, "text", FuzzTargets.Text, maxLength: int.MaxValue);
    }

    /// <summary>Data files: seeds of the three formats, mutated (quotes, tabs, commas, line breaks among the inserts),
    /// each read as every format.</summary>
    public (long Cases, int Crashes) RunData(TimeSpan budget)
    {
        (long cases, int crashes) = RunStrings(budget * 0.8, DataFiles.Seeds(seed), "data", FuzzTargets.Data, maxLength: 1 << 16);
        (long roundTrips, int roundTripCrashes) = RunRoundTrips(budget * 0.2);
        return (cases + roundTrips, crashes + roundTripCrashes);
    }

    /// <summary>Rows written as a data file (or a Parquet file) and read back (<see cref="RoundTrips"/>); a failing case
    /// is kept as roundtrip-*.json.</summary>
    private (long Cases, int Crashes) RunRoundTrips(TimeSpan budget, bool parquet = false)
    {
        var clock = Stopwatch.StartNew();
        long cases = 0;
        int before = Crashes;
        while (clock.Elapsed < budget)
        {
            RoundTripCase data = RoundTrips.Next(_random, parquet);
            cases++;
            if (FuzzTargets.RoundTrip(data) is { } failure)
            {
                byte[] json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(data);
                Keep("roundtrip", json, failure, bytes => File.WriteAllBytes(Path.Combine(crashFolder, $"roundtrip-{Convert.ToHexStringLower(bytes)[..12]}.json"), json));
            }
        }

        return (cases, Crashes - before);
    }

    /// <summary>Parquet files: seeds written with Parquet.Net (ParquetFiles), damaged as bytes; a failing input is kept as
    /// data-parquet-*.parquet. Always a seed mutated, no corpus grown: a damaged file mutated again is mostly refused at its
    /// magic or footer, and such inputs had crowded out the ones that reach the pages.</summary>
    public (long Cases, int Crashes) RunParquet(TimeSpan budget)
    {
        // A fifth of the time for rows written as Parquet and read back.
        (long roundTrips, int roundTripCrashes) = RunRoundTrips(budget * 0.2, parquet: true);
        List<byte[]> corpus = ParquetFiles.Seeds(seed);
        var clock = Stopwatch.StartNew();
        long cases = roundTrips;
        int before = Crashes - roundTripCrashes;
        while (clock.Elapsed < budget * 0.8)
        {
            byte[] input = ParquetFiles.Mutate(_random, corpus[_random.Next(corpus.Count)], corpus);
            cases++;
            string? failure = FuzzTargets.Parquet(input);
            if (failure is not null)
            {
                Keep("parquet", input, failure, bytes => File.WriteAllBytes(Path.Combine(crashFolder, $"data-parquet-{Convert.ToHexStringLower(SHA256.HashData(bytes))[..12]}.parquet"), bytes));
            }
        }

        return (cases, Crashes - before);
    }

    // The mutational loop over strings: a failing input is kept as raw UTF-16 (text-*.utf16, data-text-*.utf16).
    private (long Cases, int Crashes) RunStrings(TimeSpan budget, List<string> corpus, string target, Func<string, string?> check, int maxLength)
    {
        var mutator = new TextMutator(_random);
        var clock = Stopwatch.StartNew();
        long cases = 0;
        int before = Crashes;
        string prefix = target == "text" ? string.Empty : target + "-";
        while (clock.Elapsed < budget)
        {
            string input = mutator.Mutate(corpus[_random.Next(corpus.Count)], corpus);
            input = input.Length > maxLength ? input[..maxLength] : input;
            cases++;
            string? failure = check(input);
            if (failure is not null)
            {
                Keep(target, Corpus.Utf16(input), failure, bytes => File.WriteAllBytes(Path.Combine(crashFolder, prefix + Corpus.TextFileName(bytes)), bytes));
            }
            else if (input.Length < 4096 && _random.Next(16) == 0)
            {
                // No coverage feedback: grow the corpus with a random sample so mutations stack.
                if (corpus.Count < MaxCorpus)
                {
                    corpus.Add(input);
                }
                else
                {
                    corpus[_random.Next(corpus.Count)] = input;
                }
            }
        }

        return (cases, Crashes - before);
    }

    /// <summary>Bundles: a copy of a real single or ensemble bundle, damaged, then loaded.</summary>
    public (long Cases, long Loaded, int Crashes) RunBundle(TimeSpan budget) =>
        RunFolders(budget, "bundle", SaveModels, new BundleMutator(_random).Mutate, (string folder, int pristine, string mutation, out bool loaded) =>
            FuzzTargets.Bundle(
                folder,
                out loaded,
                // Damage to the weight files alone, where the bundle still loads, must leave the model as it was: a loader
                // that skipped its SHA-256 check was not found while the property was only "the scores are probabilities".
                mutation.Contains(Bundles.ModelBundle.ManifestFileName, StringComparison.Ordinal) ? null : FuzzModels.Models[pristine]));

    private static string[] SaveModels(string root)
    {
        TextClassifier[] models = FuzzModels.Models;
        string[] pristine = new string[models.Length];
        for (int m = 0; m < models.Length; m++)
        {
            pristine[m] = Path.Combine(root, $"pristine-{m}");
            models[m].Save(pristine[m]);
        }

        return pristine;
    }

    // The mutational loop over folders: a copy of a pristine folder (written under a temp folder by `write`), mutated,
    // then checked; a failing folder is kept as TARGET-*/ beside TARGET-*.txt (the mutation and the failure).
    private (long Cases, long Loaded, int Crashes) RunFolders(
        TimeSpan budget, string target, Func<string, string[]> write, Func<string, string> mutate, CheckFolder check)
    {
        string temp = Path.Combine(Path.GetTempPath(), $"tc-fuzz-{Guid.NewGuid():N}");
        try
        {
            string[] pristine = write(temp);
            string work = Path.Combine(temp, "work");
            var clock = Stopwatch.StartNew();
            long cases = 0;
            long loaded = 0;
            int before = Crashes;
            while (clock.Elapsed < budget)
            {
                int source = _random.Next(pristine.Length);
                Corpus.CopyFolder(pristine[source], work);
                string mutation = mutate(work);
                cases++;
                string? failure = check(work, source, mutation, out bool ok);
                loaded += ok ? 1 : 0;
                if (failure is not null)
                {
                    // Kept by the failure alone: with the mutation in the key (as it was), every case of one bug was a
                    // distinct failure and a shallow bug flooded the folder.
                    Keep(target, Corpus.HashFolder(work), failure, hash =>
                    {
                        string name = $"{target}-{Convert.ToHexStringLower(hash)[..12]}";
                        Corpus.CopyFolder(work, Path.Combine(crashFolder, name));
                        // A mutation may hold a lone surrogate, which File.WriteAllText's UTF-8 refuses.
                        File.WriteAllText(Path.Combine(crashFolder, name + ".txt"), $"{mutation}{Environment.NewLine}{failure}", new UTF8Encoding(false, false));
                    });
                }
            }

            return (cases, loaded, Crashes - before);
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    // The check of a mutated folder, told which pristine folder it was copied from and how it was damaged.
    private delegate string? CheckFolder(string folder, int pristine, string mutation, out bool loaded);

    /// <summary>Hugging Face export folders: a copy of a seed export (<see cref="ExportFiles"/>), its tokenizer and config
    /// files damaged (<see cref="ExportMutator"/>), then loaded as a classifier.</summary>
    public (long Cases, long Loaded, int Crashes) RunExport(TimeSpan budget) =>
        RunFolders(budget, "export", ExportFiles.Write, new ExportMutator(_random).Mutate, (string folder, int _, string _, out bool loaded) => FuzzTargets.Export(folder, out loaded));

    public (long Cases, long Loaded, int Crashes) RunEncoder(TimeSpan budget)
    {
        var pristine = new Dictionary<int, ITextClassifier>();
        try
        {
            return RunFolders(budget, "encoder", EncoderBundleFiles.Write, new EncoderBundleMutator(_random).Mutate, (string folder, int source, string mutation, out bool loaded) =>
                FuzzTargets.EncoderBundle(
                    folder,
                    out loaded,
                    mutation.Contains(Bundles.ModelBundle.ManifestFileName, StringComparison.Ordinal) ? null : Pristine(folder, source)));
        }
        finally
        {
            foreach (ITextClassifier classifier in pristine.Values)
            {
                (classifier as IDisposable)?.Dispose();
            }
        }

        // The pristine bundle's classifier, loaded from the first case's copy before its damage is checked: the
        // seeds are written under a temp folder the runner removes, so it is loaded from the seed beside the work
        // copy (…/pristine-encoder-N).
        ITextClassifier Pristine(string work, int source)
        {
            if (!pristine.TryGetValue(source, out ITextClassifier? classifier))
            {
                classifier = TextClassifierLoader.Load(Path.Combine(Path.GetDirectoryName(work)!, $"pristine-encoder-{source}"));
                pristine[source] = classifier;
            }

            return classifier;
        }
    }

    private void Keep(string target, byte[] input, string failure, Action<byte[]> save)
    {
        // One kept input per distinct failure (its first line), so a shallow bug does not flood the folder,
        // and where in the SDK it was thrown, so one exception type from several places is several findings.
        string key = target + ": " + failure.Split('\n')[0].TrimEnd();
        string? frame = FirstFrame(failure);
        // Numbers (a position, a row, a count) do not make a failure another one.
        if (_failures.Add(System.Text.RegularExpressions.Regex.Replace(key, "[0-9]+", "#") + frame))
        {
            Directory.CreateDirectory(crashFolder);
            save(target is "text" or "data" or "parquet" ? input : SHA256.HashData(input));
            Console.WriteLine($"CRASH {key}");
            if (frame is not null)
            {
                Console.WriteLine($"      {frame}");
            }
        }
    }

    // The first frame of the SDK in a failure's stack trace, to tell findings apart at a glance.
    private static string? FirstFrame(string failure)
    {
        foreach (string line in failure.Split('\n'))
        {
            if (line.TrimStart().StartsWith("at TextClassification.", StringComparison.Ordinal) && !line.Contains(".Fuzz.", StringComparison.Ordinal))
            {
                return line.Trim();
            }
        }

        return null;
    }
}
