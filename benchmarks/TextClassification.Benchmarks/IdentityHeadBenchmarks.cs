using BenchmarkDotNet.Attributes;
using TextClassification.Heads;

namespace TextClassification.Benchmarks;

/// <summary>The linear and naive Bayes members' head: the identity as bundles before format version 5 stored and ran
/// it (a dense labels × labels matrix, one dot product per label) against the identity head (one vector add).</summary>
public class IdentityHeadBenchmarks
{
    private LinearHead _dense = null!;
    private LinearHead _identity = null!;
    private float[] _input = null!;
    private float[] _logits = null!;

    [Params(6, 77, 1000)] // trec6, banking77, a large product catalogue
    public int Labels { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        float[] bias = new float[Labels];
        _input = new float[Labels];
        for (int i = 0; i < Labels; i++)
        {
            bias[i] = (float)random.NextDouble();
            _input[i] = (float)random.NextDouble();
        }

        float[] matrix = new float[Labels * Labels];
        for (int i = 0; i < Labels; i++)
        {
            matrix[(i * Labels) + i] = 1f;
        }

        _dense = new LinearHead(matrix, bias, Labels);
        _identity = LinearHead.Identity(Labels, bias);
        _logits = new float[Labels];

        // Bit-identical logits (the bundle format change promised no prediction moves).
        float[] dense = new float[Labels];
        _dense.Forward(_input, dense);
        _identity.Forward(_input, _logits);
        Agreement.Equal<float>(nameof(IdentityHeadBenchmarks), "logits", dense, _logits);
    }

    [Benchmark(Baseline = true)]
    public float DenseIdentity()
    {
        _dense.Forward(_input, _logits);
        return _logits[0];
    }

    [Benchmark]
    public float IdentityHead()
    {
        _identity.Forward(_input, _logits);
        return _logits[0];
    }
}
