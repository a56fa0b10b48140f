using BenchmarkDotNet.Attributes;
using TextClassification.Encoders;

namespace TextClassification.Benchmarks;

/// <summary>
/// The linear member's per-text work in training: sum a text's rows (gather) and add the residual back into their
/// gradient rows (scatter), the vectorised kernels against their scalar references. 110 features per text over a
/// 130k-row table, as a short text with char 3–5-grams gives on sst2.
/// </summary>
public class LinearKernelBenchmarks
{
    private const int Rows = 130_000;
    private const int Features = 110;

    private float[] _table = null!;
    private float[] _gradient = null!;
    private int[][] _texts = null!;
    private float[] _inputs = null!;
    private float[] _sum = null!;
    private float[] _residual = null!;

    [Params(2, 6)] // labels: binary sentiment; trec6's six question types
    public int Labels { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _table = BenchmarkData.RandomTable(random, (Rows * Labels) + RowArithmetic.Padding);
        _gradient = new float[_table.Length];
        _texts = BenchmarkData.RandomTexts(random, Features, Rows);

        _inputs = Enumerable.Range(0, Features).Select(_ => (float)random.NextDouble() * 0.2f).ToArray();
        _sum = new float[RowArithmetic.Padding];
        _residual = new float[RowArithmetic.Padding];
        for (int c = 0; c < Labels; c++)
        {
            _residual[c] = (float)(random.NextDouble() - 0.5);
        }

        Verify();
    }

    // One pass of each over the 256 texts: the same sums and, within rounding, the same gradient.
    private void Verify()
    {
        float[] scalarGradient = new float[_gradient.Length];
        float[] scalarSum = new float[Labels];
        foreach (int[] rows in _texts)
        {
            RowArithmetic.GatherScalar(_table, rows, _inputs, Labels, scalarSum);
            RowArithmetic.GatherPadded(ref _table[0], rows, _inputs, Labels, _sum);
            Agreement.Close(nameof(LinearKernelBenchmarks), "a text's sum", scalarSum, _sum.AsSpan(0, Labels));
            RowArithmetic.ScatterScalar(scalarGradient, rows, _inputs, Labels, _residual);
            RowArithmetic.ScatterPadded(ref _gradient[0], rows, _inputs, Labels, _residual);
        }

        Agreement.Close(nameof(LinearKernelBenchmarks), "gradient", scalarGradient, _gradient);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 256)]
    public float Scalar()
    {
        foreach (int[] rows in _texts)
        {
            RowArithmetic.GatherScalar(_table, rows, _inputs, Labels, _sum);
            RowArithmetic.ScatterScalar(_gradient, rows, _inputs, Labels, _residual);
        }

        return _sum[0];
    }

    [Benchmark(OperationsPerInvoke = 256)]
    public float Padded()
    {
        foreach (int[] rows in _texts)
        {
            RowArithmetic.GatherPadded(ref _table[0], rows, _inputs, Labels, _sum);
            RowArithmetic.ScatterPadded(ref _gradient[0], rows, _inputs, Labels, _residual);
        }

        return _sum[0];
    }
}
