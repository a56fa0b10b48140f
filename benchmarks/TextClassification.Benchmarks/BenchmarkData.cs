using TextClassification.Encoders;
using TextClassification.Training.Data;
using TextClassification.Training.Trainers;

namespace TextClassification.Benchmarks;

/// <summary>Data the suites share: the quick-start intents shipped in samples/data (<see cref="SampleFile"/>), and a
/// model trained on them.</summary>
internal static class BenchmarkData
{
    /// <summary>A 20-word support message (the latency target's text).</summary>
    public const string TwentyWordText =
        "hi there I ordered a pair of running shoes last week and the tracking page still says the label was created";

    /// <summary>Featurizes every text into <paramref name="buffer"/> and returns the feature count (the featurization
    /// benchmarks' loop).</summary>
    public static int ExtractAll(TextClassification.Tokenization.HashedNGramFeaturizer featurizer, string[] texts, int[] buffer)
    {
        int total = 0;
        foreach (string text in texts)
        {
            total += featurizer.Extract(text, buffer);
        }

        return total;
    }

    /// <summary>Checks that both featurizers give every text the same buckets in the same order (the featurization
    /// suites' setup check).</summary>
    public static void VerifySameFeatures(string suite, TextClassification.Tokenization.HashedNGramFeaturizer scalar,
        TextClassification.Tokenization.HashedNGramFeaturizer vectorized, string[] texts)
    {
        int[] expected = new int[scalar.MaxFeatures];
        int[] actual = new int[vectorized.MaxFeatures];
        foreach (string text in texts)
        {
            int count = scalar.Extract(text, expected);
            int found = vectorized.Extract(text, actual);
            Agreement.Equal<int>(suite, $"features of '{text}'", expected.AsSpan(0, count), actual.AsSpan(0, found));
        }
    }

    /// <summary>A table of <paramref name="length"/> floats uniform in [−0.5, 0.5).</summary>
    public static float[] RandomTable(Random random, int length)
    {
        float[] table = new float[length];
        for (int i = 0; i < table.Length; i++)
        {
            table[i] = (float)(random.NextDouble() - 0.5);
        }

        return table;
    }

    /// <summary>256 texts of <paramref name="features"/> distinct rows of <paramref name="rows"/> each, in the order
    /// drawn (as the training matrix keeps first appearances), frequent rows more likely (the cube of a uniform draw).</summary>
    public static int[][] RandomTexts(Random random, int features, int rows)
    {
        var texts = new int[256][];
        for (int t = 0; t < texts.Length; t++)
        {
            var drawn = new HashSet<int>();
            while (drawn.Count < features)
            {
                drawn.Add((int)(rows * Math.Pow(random.NextDouble(), 3)));
            }

            texts[t] = [.. drawn];
        }

        return texts;
    }

    /// <summary>The variable through which the benchmark program hands <see cref="SampleFile"/>'s full path to
    /// BenchmarkDotNet's child processes, which run in build folders of their own.</summary>
    public const string SampleFileVariable = "TEXTCLASSIFICATION_BENCHMARK_SAMPLES";

    public static IReadOnlyList<LabeledText> SampleRows() => DatasetReader.Read(SampleFile()).Rows;

    /// <summary>
    /// samples/data/support-intents.tsv: the path in <see cref="SampleFileVariable"/> when it is set, else the first
    /// found above the binary or above the working directory. A build outside the repository (<c>--artifacts-path</c>)
    /// has neither its binary nor BenchmarkDotNet's child processes under it: they found no file and every suite that
    /// reads it was NA.
    /// </summary>
    /// <exception cref="FileNotFoundException">No such file above either folder.</exception>
    public static string SampleFile()
    {
        if (Environment.GetEnvironmentVariable(SampleFileVariable) is { Length: > 0 } given)
        {
            return given;
        }

        return FindSampleFile(AppContext.BaseDirectory, Environment.CurrentDirectory)
            ?? throw new FileNotFoundException(
                $"samples/data/support-intents.tsv not found above {AppContext.BaseDirectory} nor above the working directory {Environment.CurrentDirectory}.");
    }

    /// <summary>The full path of samples/data/support-intents.tsv in the first of <paramref name="starts"/> that has one
    /// in it or in a folder above it, or null.</summary>
    internal static string? FindSampleFile(params string[] starts)
    {
        foreach (string start in starts)
        {
            string? directory = Path.GetFullPath(start);
            while (directory is not null)
            {
                string candidate = Path.Combine(directory, "samples", "data", "support-intents.tsv");
                if (File.Exists(candidate))
                {
                    return candidate;
                }

                directory = Path.GetDirectoryName(directory);
            }
        }

        return null;
    }

    public static TextClassifier TrainSampleModel(bool ensemble = true, bool naiveBayes = true)
    {
        var options = new NGramTrainerOptions { Threads = 1 };
        options = ensemble
            ? options with { LinearModel = options.LinearModel! with { NaiveBayes = naiveBayes } }
            : options with { EnsembleTokenizer = null, LinearModel = null };
        return NGramTrainer.Train(SampleRows(), options).Classifier;
    }

    /// <summary>A random 50,000-row embedding bag (buckets 0, 7, 14, …), with random IDF values when
    /// <paramref name="tfIdf"/> (TF-IDF pooling), for the pooling benchmarks.</summary>
    public static EmbeddingBag RandomBag(int dimension, bool tfIdf, Random random)
    {
        const int Rows = 50_000;
        int[] bucketsByRow = new int[Rows];
        float[] idf = new float[Rows];
        for (int i = 0; i < Rows; i++)
        {
            bucketsByRow[i] = i * 7;
            idf[i] = 1f + (float)(random.NextDouble() * 9);
        }

        float[] table = new float[Rows * dimension];
        for (int i = 0; i < table.Length; i++)
        {
            table[i] = (float)random.NextDouble();
        }

        return new EmbeddingBag(new FeatureIndex(bucketsByRow), table, dimension, tfIdf ? idf : null);
    }

    /// <summary><paramref name="count"/> buckets of <see cref="RandomBag"/>, drawn from its first
    /// <paramref name="distinctRows"/> rows.</summary>
    public static int[] RandomBuckets(int count, int distinctRows, Random random)
    {
        int[] buckets = new int[count];
        for (int i = 0; i < buckets.Length; i++)
        {
            buckets[i] = random.Next(distinctRows) * 7;
        }

        return buckets;
    }
}
