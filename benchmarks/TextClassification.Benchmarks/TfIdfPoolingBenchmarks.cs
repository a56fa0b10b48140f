using BenchmarkDotNet.Attributes;
using TextClassification.Encoders;

namespace TextClassification.Benchmarks;

/// <summary>TF-IDF pooling of the embedding bag (the default): TensorPrimitives against the scalar reference, on
/// 80 features with repeats, as a 40-word text with bigrams gives.</summary>
public class TfIdfPoolingBenchmarks
{
    private EmbeddingBag _bag = null!;
    private int[] _buckets = null!;
    private int[] _scratch = null!;
    private float[] _output = null!;

    [Params(64, 256)]
    public int Dimension { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        const int Rows = 50_000;
        int[] bucketsByRow = new int[Rows];
        float[] idf = new float[Rows];
        for (int i = 0; i < Rows; i++)
        {
            bucketsByRow[i] = i * 7;
            idf[i] = 1f + (float)(random.NextDouble() * 9);
        }

        float[] table = new float[Rows * Dimension];
        for (int i = 0; i < table.Length; i++)
        {
            table[i] = (float)random.NextDouble();
        }

        _bag = new EmbeddingBag(new FeatureIndex(bucketsByRow), table, Dimension, idf);
        _buckets = new int[80];
        for (int i = 0; i < _buckets.Length; i++)
        {
            _buckets[i] = random.Next(60) * 7; // few distinct rows: repeats, as in real text
        }

        _scratch = new int[_buckets.Length];
        _output = new float[Dimension];
    }

    [Benchmark(Baseline = true)]
    public int Scalar()
    {
        _buckets.CopyTo(_scratch, 0); // pooling sorts its input in place
        return _bag.PoolTfIdfScalar(_scratch, _output);
    }

    [Benchmark]
    public int Simd()
    {
        _buckets.CopyTo(_scratch, 0);
        return _bag.PoolTfIdf(_scratch, _output);
    }
}
