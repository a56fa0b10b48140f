using BenchmarkDotNet.Attributes;

namespace TextClassification.Benchmarks;

/// <summary>The last step of the ensemble's root mean for one text: the square alone (temperature 1, bundles without a
/// temperature) against the square and a fitted temperature's power in one step (<c>RootMean.Finish(values, T)</c>,
/// vectorized log and exp), to size what a temperature adds to a prediction.</summary>
public class TemperatureBenchmarks
{
    private float[] _meanOfRoots = null!;
    private float[] _values = null!;

    [Params(6, 77, 1000)] // trec6, banking77, a large product catalogue
    public int Labels { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _meanOfRoots = new float[Labels];
        for (int i = 0; i < Labels; i++)
        {
            _meanOfRoots[i] = (float)Math.Exp(-random.NextDouble() * 10);
        }

        _values = new float[Labels];

        // Each side against the same arithmetic in double precision: (mean of roots)^(2/T), rescaled to sum to 1.
        Agreement.Close(nameof(TemperatureBenchmarks), "probabilities at T = 1", Reference(1f), Finished(Square), 1e-6f);
        Agreement.Close(nameof(TemperatureBenchmarks), "probabilities at T = 0.7", Reference(0.7f), Finished(SquareAtTemperature), 1e-6f);
    }

    private float[] Finished(Func<float> side)
    {
        side();
        return [.. _values];
    }

    private float[] Reference(float temperature)
    {
        double[] powers = [.. _meanOfRoots.Select(value => Math.Pow(value, 2.0 / temperature))];
        double sum = powers.Sum();
        return [.. powers.Select(power => (float)(power / sum))];
    }

    [Benchmark(Baseline = true)]
    public float Square()
    {
        _meanOfRoots.CopyTo(_values, 0);
        RootMean.Finish(_values);
        return _values[0];
    }

    [Benchmark]
    public float SquareAtTemperature()
    {
        _meanOfRoots.CopyTo(_values, 0);
        RootMean.Finish(_values, 0.7f);
        return _values[0];
    }
}
