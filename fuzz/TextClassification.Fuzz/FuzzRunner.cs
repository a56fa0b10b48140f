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
    public (long Cases, int Crashes) RunData(TimeSpan budget) =>
        RunStrings(budget, DataFiles.Seeds(seed), "data", FuzzTargets.Data, maxLength: 1 << 16);

    /// <summary>Parquet files: seeds written with Parquet.Net (ParquetFiles), damaged as bytes; a failing input is kept as
    /// data-parquet-*.parquet. Always a seed mutated, no corpus grown: a damaged file mutated again is mostly refused at its
    /// magic or footer, and such inputs had crowded out the ones that reach the pages.</summary>
    public (long Cases, int Crashes) RunParquet(TimeSpan budget)
    {
        List<byte[]> corpus = ParquetFiles.Seeds(seed);
        var clock = Stopwatch.StartNew();
        long cases = 0;
        int before = Crashes;
        while (clock.Elapsed < budget)
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
    public (long Cases, long Loaded, int Crashes) RunBundle(TimeSpan budget)
    {
        string temp = Path.Combine(Path.GetTempPath(), $"tc-fuzz-{Guid.NewGuid():N}");
        try
        {
            TextClassifier[] models = FuzzModels.Models;
            string[] pristine = new string[models.Length];
            for (int m = 0; m < models.Length; m++)
            {
                pristine[m] = Path.Combine(temp, $"pristine-{m}");
                models[m].Save(pristine[m]);
            }

            var mutator = new BundleMutator(_random);
            string work = Path.Combine(temp, "work");
            var clock = Stopwatch.StartNew();
            long cases = 0;
            long loaded = 0;
            int before = Crashes;
            while (clock.Elapsed < budget)
            {
                Corpus.CopyFolder(pristine[_random.Next(pristine.Length)], work);
                string mutation = mutator.Mutate(work);
                cases++;
                string? failure = FuzzTargets.Bundle(work, out bool ok);
                loaded += ok ? 1 : 0;
                if (failure is not null)
                {
                    Keep("bundle", Corpus.HashFolder(work), $"{mutation}: {failure}", hash =>
                    {
                        string name = $"bundle-{Convert.ToHexStringLower(hash)[..12]}";
                        Corpus.CopyFolder(work, Path.Combine(crashFolder, name));
                        File.WriteAllText(Path.Combine(crashFolder, name + ".txt"), $"{mutation}{Environment.NewLine}{failure}");
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

    private void Keep(string target, byte[] input, string failure, Action<byte[]> save)
    {
        // One kept input per distinct failure (its first line), so a shallow bug does not flood the folder.
        string key = target + ": " + failure.Split('\n')[0];
        if (_failures.Add(key))
        {
            Directory.CreateDirectory(crashFolder);
            save(target is "text" or "data" or "parquet" ? input : SHA256.HashData(input));
            Console.WriteLine($"CRASH {key}");
        }
    }
}
