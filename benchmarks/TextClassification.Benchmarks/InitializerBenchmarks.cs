using BenchmarkDotNet.Attributes;
using TextClassification.Training.Trainers;

namespace TextClassification.Benchmarks;

/// <summary>
/// Filling the word model's embedding table with its initial values (uniform in ±1/64): the counter-based generator,
/// vectorised and as its scalar reference, against what it replaced, <see cref="Random.NextDouble"/> per float. The
/// table is sst2's (84k rows × 64), already faulted in, so only the generator is timed.
/// </summary>
public class InitializerBenchmarks
{
    private const float Scale = 1f / 64;

    private readonly float[] _table = new float[84_071 * 64];

    /// <summary>The vectorised fill equals its scalar reference bit for bit, and both stay within ±1/64 as the
    /// <see cref="Random.NextDouble"/> fill they replaced does (the values themselves differ: another generator).</summary>
    [GlobalSetup]
    public void Setup()
    {
        float[] scalar = new float[_table.Length];
        UniformInitializer.FillScalar(scalar, 0, UniformInitializer.Key(42), Scale);
        CounterBasedVectorised();
        Agreement.Equal<float>(nameof(InitializerBenchmarks), "initial values", scalar, _table);
        float largest = System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(_table);
        Agreement.Equal(nameof(InitializerBenchmarks), "values within ±1/64", true, largest <= Scale);
    }

    [Benchmark(Baseline = true)]
    public void RandomNextDouble()
    {
        var random = new Random(42);
        float[] table = _table;
        for (int i = 0; i < table.Length; i++)
        {
            table[i] = (float)((random.NextDouble() * 2) - 1) * Scale;
        }
    }

    [Benchmark]
    public void CounterBasedScalar() => UniformInitializer.FillScalar(_table, 0, UniformInitializer.Key(42), Scale);

    [Benchmark]
    public void CounterBasedVectorised() => UniformInitializer.Fill(_table, 0, UniformInitializer.Key(42), Scale);
}
