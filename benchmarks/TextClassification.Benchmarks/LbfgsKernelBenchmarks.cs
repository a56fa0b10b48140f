using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using TextClassification.Training.Optimization;

namespace TextClassification.Benchmarks;

/// <summary>
/// One step of L-BFGS's two-loop recursion, <c>q ← q − α·y</c> followed by the next step's <c>s·q</c>: two
/// TensorPrimitives passes (before session 4) against one fused pass (<see cref="VectorKernels.ScaledAxpyDot"/>), on a
/// vector that fits in the caches and on one the size of hate_speech's linear member (0.95M parameters).
/// </summary>
public class LbfgsKernelBenchmarks
{
    private float[] _q = null!;
    private float[] _y = null!;
    private float[] _s = null!;

    [Params(65_536, 1_000_000)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _q = Enumerable.Range(0, Length).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        _y = Enumerable.Range(0, Length).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        _s = Enumerable.Range(0, Length).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();

        // On copies: the same q and, within the rounding of another order of summation, the same dot product.
        float[] q = _q;
        float[] twoPasses = [.. q];
        float[] fused = [.. q];
        _q = twoPasses;
        double expected = TwoPasses();
        _q = fused;
        double actual = Fused();
        _q = q;
        Agreement.Equal<float>(nameof(LbfgsKernelBenchmarks), "q", twoPasses, fused);
        Agreement.Close(nameof(LbfgsKernelBenchmarks), "s·q", [(float)expected], [(float)actual]);
    }

    // α is tiny, so q barely moves however often the benchmark repeats.
    [Benchmark(Baseline = true)]
    public double TwoPasses()
    {
        TensorPrimitives.MultiplyAdd(_y, -1e-9f, _q, _q);
        return TensorPrimitives.Dot<float>(_s, _q);
    }

    [Benchmark]
    public double Fused() => VectorKernels.ScaledAxpyDot(_q, -1e-9f, _y, 1f, _q, _s);
}
