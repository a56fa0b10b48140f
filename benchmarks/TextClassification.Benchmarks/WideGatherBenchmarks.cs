using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using TextClassification.Encoders;

namespace TextClassification.Benchmarks;

/// <summary>
/// The SGD word model's per-text row arithmetic at its default width of 64 (session 11), each against what it replaced
/// (the baseline of its category): the forward pooling, a weighted sum of the text's rows kept in registers
/// (<see cref="RowArithmetic.GatherWide"/>) against <see cref="RowArithmetic.AddScaled"/> row after row into a sum in
/// memory; and the update of the rows, with the gradient held in registers (<see cref="RowArithmetic.ScatterWide"/>)
/// against <see cref="RowArithmetic.AddScaled"/> per row. The same bits either way. 256 texts of
/// <see cref="Features"/> distinct rows over a table of <see cref="Rows"/> rows, frequent rows more likely.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class WideGatherBenchmarks
{
    private const int Width = RowArithmetic.WideWidth;

    private float[] _table = null!;
    private int[][] _texts = null!;
    private float[] _inputs = null!;
    private readonly float[] _sum = new float[Width];
    private readonly float[] _gradient = [.. Enumerable.Range(0, Width).Select(i => (i % 7) - 3f)];

    [Params(20, 400)] // a short text's word n-grams (sst2); a long review's (imdb)
    public int Features { get; set; }

    [Params(20_000, 320_000)] // a table in the caches (5 MB); sst2 + imdb's (82 MB)
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _table = BenchmarkData.RandomTable(random, Rows * Width);
        _texts = BenchmarkData.RandomTexts(random, Features, Rows);
        _inputs = Enumerable.Range(0, Features).Select(_ => (float)random.NextDouble()).ToArray();
        Verify();
    }

    // The same bits either way: the pooled sums, and the table after one update of every text (on copies).
    private void Verify()
    {
        ref float start = ref MemoryMarshal.GetArrayDataReference(_table);
        float[] rowSum = new float[Width];
        foreach (int[] rows in _texts)
        {
            Array.Clear(rowSum);
            for (int k = 0; k < rows.Length; k++)
            {
                RowArithmetic.AddScaled(ref Unsafe.Add(ref start, rows[k] * Width), _inputs[k] * 0.1f, ref rowSum[0], Width);
            }

            RowArithmetic.GatherWide(ref start, rows, _inputs, 0.1f, _sum);
            Agreement.Equal<float>(nameof(WideGatherBenchmarks), "a text's pooled sum", rowSum, _sum);
        }

        float[] table = _table;
        float[] rowByRow = [.. table];
        float[] inRegisters = [.. table];
        _table = rowByRow;
        UpdateRowByRow();
        _table = inRegisters;
        UpdateInRegisters();
        _table = table;
        Agreement.Equal<float>(nameof(WideGatherBenchmarks), "updated table", rowByRow, inRegisters);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 256)]
    [BenchmarkCategory("pool")]
    public float RowByRow()
    {
        ref float table = ref MemoryMarshal.GetArrayDataReference(_table);
        float total = 0;
        foreach (int[] rows in _texts)
        {
            Array.Clear(_sum);
            for (int k = 0; k < rows.Length; k++)
            {
                RowArithmetic.AddScaled(ref Unsafe.Add(ref table, rows[k] * Width), _inputs[k] * 0.1f, ref _sum[0], Width);
            }

            total += _sum[0];
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = 256)]
    [BenchmarkCategory("pool")]
    public float InRegisters()
    {
        ref float table = ref MemoryMarshal.GetArrayDataReference(_table);
        float total = 0;
        foreach (int[] rows in _texts)
        {
            RowArithmetic.GatherWide(ref table, rows, _inputs, 0.1f, _sum);
            total += _sum[0];
        }

        return total;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 256)]
    [BenchmarkCategory("update")]
    public void UpdateRowByRow()
    {
        ref float table = ref MemoryMarshal.GetArrayDataReference(_table);
        foreach (int[] rows in _texts)
        {
            for (int k = 0; k < rows.Length; k++)
            {
                RowArithmetic.AddScaled(ref _gradient[0], -1e-7f * _inputs[k], ref Unsafe.Add(ref table, rows[k] * Width), Width);
            }
        }
    }

    [Benchmark(OperationsPerInvoke = 256)]
    [BenchmarkCategory("update")]
    public void UpdateInRegisters()
    {
        ref float table = ref MemoryMarshal.GetArrayDataReference(_table);
        foreach (int[] rows in _texts)
        {
            RowArithmetic.ScatterWide(ref table, rows, _inputs, -1e-7f, _gradient);
        }
    }
}
