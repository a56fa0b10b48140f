using BenchmarkDotNet.Attributes;

namespace TextClassification.Benchmarks;

/// <summary>Single-text latency of the n-gram model on a 20-word text (target: under 20 µs), allocation-free
/// <see cref="ITextClassifier.Score"/> against <see cref="ITextClassifier.Classify"/>, which allocates its result.</summary>
[MemoryDiagnoser]
public class PredictionBenchmarks
{
    private TextClassifier _classifier = null!;
    private float[] _scores = null!;

    /// <summary>The default two-model ensemble (words; words + char 3–5-grams), or the word model alone.</summary>
    [Params(true, false)]
    public bool Ensemble { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _classifier = BenchmarkData.TrainSampleModel(Ensemble);
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
