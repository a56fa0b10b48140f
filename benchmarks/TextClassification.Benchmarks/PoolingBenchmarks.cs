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
        _bag = BenchmarkData.RandomBag(Dimension, tfIdf: false, random);
        _buckets = BenchmarkData.RandomBuckets(80, distinctRows: 50_000, random);
        _output = new float[Dimension];

        float[] scalar = new float[Dimension];
        Agreement.Equal(nameof(PoolingBenchmarks), "rows found", _bag.PoolMeanScalar(_buckets, scalar), Simd());
        Agreement.Close(nameof(PoolingBenchmarks), "pooled vector", scalar, _output);
    }

    [Benchmark(Baseline = true)]
    public int Scalar() => _bag.PoolMeanScalar(_buckets, _output);

    [Benchmark]
    public int Simd() => _bag.PoolMean(_buckets, _output);
}
