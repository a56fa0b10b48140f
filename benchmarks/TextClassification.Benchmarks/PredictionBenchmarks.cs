using BenchmarkDotNet.Attributes;

namespace TextClassification.Benchmarks;

/// <summary>Single-text latency of the n-gram model on a 20-word text (target: under 20 µs), allocation-free
/// <see cref="ITextClassifier.Score"/> against <see cref="ITextClassifier.Classify"/>, which allocates its result.</summary>
[MemoryDiagnoser]
public class PredictionBenchmarks
{
    private TextClassifier _classifier = null!;
    private float[] _scores = null!;

    [GlobalSetup]
    public void Setup()
    {
        _classifier = BenchmarkData.TrainSampleModel();
        _scores = new float[_classifier.Labels.Count];
    }

    [Benchmark(Baseline = true)]
    public Prediction Classify20Words() => _classifier.Classify(BenchmarkData.TwentyWordText);

    [Benchmark]
    public float Score20Words()
    {
        _classifier.Score(BenchmarkData.TwentyWordText, _scores);
        return _scores[0];
    }
}
