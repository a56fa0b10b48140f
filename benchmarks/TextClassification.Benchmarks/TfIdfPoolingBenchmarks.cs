using BenchmarkDotNet.Attributes;
using TextClassification.Encoders;

namespace TextClassification.Benchmarks;

/// <summary>TF-IDF pooling of the embedding bag (the default): the fast path against the scalar reference, on
/// 80 features with repeats, as a 40-word text with bigrams gives.</summary>
public class TfIdfPoolingBenchmarks
{
    private EmbeddingBag _bag = null!;
    private int[] _buckets = null!;
    private int[] _scratch = null!;
    private float[] _output = null!;

    [Params(2, 8, 64, 256)] // 2 and 8: linear members (as wide as the label count); 64 and 256: embeddings
    public int Dimension { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _bag = BenchmarkData.RandomBag(Dimension, tfIdf: true, random);
        _buckets = BenchmarkData.RandomBuckets(80, distinctRows: 60, random); // few distinct rows: repeats, as in real text
        _scratch = new int[_buckets.Length];
        _output = new float[Dimension];

        int rows = Scalar();
        float[] scalar = [.. _output];
        Agreement.Equal(nameof(TfIdfPoolingBenchmarks), "distinct rows", rows, Simd());
        Agreement.Close(nameof(TfIdfPoolingBenchmarks), "pooled vector", scalar, _output);
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
