using BenchmarkDotNet.Attributes;
using TextClassification.Encoders;

namespace TextClassification.Benchmarks;

/// <summary>Masked mean pooling of the embedding bag: TensorPrimitives against the scalar reference.</summary>
public class PoolingBenchmarks
{
    private EmbeddingBag _bag = null!;
    private int[] _buckets = null!;
    private float[] _output = null!;

    [Params(64, 256)]
    public int Dimension { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        const int Rows = 50_000;
        int[] bucketsByRow = new int[Rows];
        for (int i = 0; i < Rows; i++)
        {
            bucketsByRow[i] = i * 7;
        }

        float[] table = new float[Rows * Dimension];
        for (int i = 0; i < table.Length; i++)
        {
            table[i] = (float)random.NextDouble();
        }

        _bag = new EmbeddingBag(new FeatureIndex(bucketsByRow), table, Dimension);
        _buckets = new int[80];
        for (int i = 0; i < _buckets.Length; i++)
        {
            _buckets[i] = random.Next(Rows) * 7;
        }

        _output = new float[Dimension];
    }

    [Benchmark(Baseline = true)]
    public int Scalar() => _bag.PoolMeanScalar(_buckets, _output);

    [Benchmark]
    public int Simd() => _bag.PoolMean(_buckets, _output);
}
