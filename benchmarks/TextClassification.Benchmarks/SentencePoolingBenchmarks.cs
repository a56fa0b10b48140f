using BenchmarkDotNet.Attributes;
using TextClassification.Pooling;

namespace TextClassification.Benchmarks;

/// <summary>Masked mean pooling + L2 normalisation of a <c>last_hidden_state</c> [32, 128, 384] (rows 64–128 tokens
/// long, the rest padding): TensorPrimitives against the scalar reference.</summary>
[MemoryDiagnoser]
public class SentencePoolingBenchmarks
{
    private const int Batch = 32;
    private const int Sequence = 128;
    private const int Dimension = 384;
    private float[] _hidden = null!;
    private long[] _mask = null!;
    private float[] _output = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _hidden = new float[Batch * Sequence * Dimension];
        for (int i = 0; i < _hidden.Length; i++)
        {
            _hidden[i] = (float)((random.NextDouble() * 2) - 1);
        }

        _mask = new long[Batch * Sequence];
        for (int b = 0; b < Batch; b++)
        {
            _mask.AsSpan(b * Sequence, random.Next(64, Sequence + 1)).Fill(1);
        }

        _output = new float[Batch * Dimension];

        Scalar();
        float[] scalar = [.. _output];
        Simd();
        Agreement.Close(nameof(SentencePoolingBenchmarks), "pooled rows", scalar, _output, 1e-5f);
    }

    [Benchmark(Baseline = true)]
    public void Scalar() => SentencePooling.PoolScalar(_hidden, _mask, Batch, Dimension, SentencePoolingMode.Mean, true, _output);

    [Benchmark]
    public void Simd() => SentencePooling.Pool(_hidden, _mask, Batch, Dimension, SentencePoolingMode.Mean, true, _output);
}
