using BenchmarkDotNet.Attributes;
using TextClassification.Encoders;

namespace TextClassification.Benchmarks;

/// <summary>TF-IDF pooling with and without software prefetching (index slots, IDF values, rows) on a table of a
/// trained model's size: 300,000 rows (imdb's word model has 285k, its linear member 362k), 1,000 texts of 600
/// buckets each drawn Zipf-like (rank⁻¹, as words are), so frequent rows stay cached and rare ones miss, as in real
/// text. One call pools every text once.</summary>
public class PrefetchBenchmarks
{
    private const int Rows = 300_000;
    private const int Texts = 1_000;
    private const int BucketsPerText = 600;

    private EmbeddingBag _plain = null!;
    private EmbeddingBag _prefetching = null!;
    private int[][] _texts = null!;
    private int[] _scratch = null!;
    private float[] _output = null!;

    [Params(2, 64)] // 2: a linear or naive Bayes member of a two-label set; 64: the word model
    public int Dimension { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        int[] bucketsByRow = new int[Rows];
        float[] idf = new float[Rows];
        for (int i = 0; i < Rows; i++)
        {
            bucketsByRow[i] = i * 7;
            idf[i] = 1f + (float)(random.NextDouble() * 9);
        }

        float[] table = BenchmarkData.RandomTable(random, Rows * Dimension);
        var index = new FeatureIndex(bucketsByRow);
        _plain = new EmbeddingBag(index, table, Dimension, idf, prefetch: false);
        _prefetching = new EmbeddingBag(index, table, Dimension, idf);

        // Zipf-like ranks: P(rank r) ∝ 1/r, drawn by inverting the harmonic CDF approximately (r = ⌊n^u⌋).
        _texts = new int[Texts][];
        for (int t = 0; t < Texts; t++)
        {
            int[] buckets = new int[BucketsPerText];
            for (int k = 0; k < buckets.Length; k++)
            {
                int rank = (int)Math.Pow(Rows, random.NextDouble()) - 1;
                buckets[k] = Math.Clamp(rank, 0, Rows - 1) * 7;
            }

            _texts[t] = buckets;
        }

        _scratch = new int[BucketsPerText];
        _output = new float[Dimension];

        // Prefetching changes no bit: every text pools to the same vector either way.
        float[] plain = new float[Dimension];
        foreach (int[] text in _texts)
        {
            text.CopyTo(_scratch, 0);
            int rows = _plain.PoolTfIdf(_scratch, plain);
            text.CopyTo(_scratch, 0);
            Agreement.Equal(nameof(PrefetchBenchmarks), "distinct rows", rows, _prefetching.PoolTfIdf(_scratch, _output));
            Agreement.Equal<float>(nameof(PrefetchBenchmarks), "pooled vector", plain, _output);
        }
    }

    [Benchmark(Baseline = true)]
    public int WithoutPrefetch() => PoolAll(_plain);

    [Benchmark]
    public int WithPrefetch() => PoolAll(_prefetching);

    private int PoolAll(EmbeddingBag bag)
    {
        int rows = 0;
        foreach (int[] text in _texts)
        {
            text.CopyTo(_scratch, 0); // pooling maps its input in place
            rows += bag.PoolTfIdf(_scratch, _output);
        }

        return rows;
    }
}
