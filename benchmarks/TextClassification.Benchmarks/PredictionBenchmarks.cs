using BenchmarkDotNet.Attributes;
using TextClassification.Encoders;

namespace TextClassification.Benchmarks;

/// <summary>Single-text latency of the n-gram model on a 20-word text (target: under 20 µs), allocation-free
/// <see cref="ITextClassifier.Score"/> against <see cref="ITextClassifier.Classify"/>, which allocates its result.</summary>
[MemoryDiagnoser]
public class PredictionBenchmarks
{
    private TextClassifier _classifier = null!;
    private float[] _scores = null!;

    /// <summary>Which members: <c>Default</c> (the word model, the linear member and the naive Bayes member, the last two
    /// sharing one featurisation), <c>Unshared</c> (the same three, the naive Bayes member given its own copy of the
    /// index so it featurises the text again: what sharing saves), <c>NoNaiveBayes</c> (word model + linear member) or
    /// <c>Word</c> (the word model alone).</summary>
    [Params("Default", "Unshared", "NoNaiveBayes", "Word")]
    public string Members { get; set; } = "Default";

    [GlobalSetup]
    public void Setup()
    {
        TextClassifier? shared = Members == "Unshared" ? BenchmarkData.TrainSampleModel() : null;
        _classifier = Members switch
        {
            "Default" => BenchmarkData.TrainSampleModel(),
            "Unshared" => Unshared(shared!),
            "NoNaiveBayes" => BenchmarkData.TrainSampleModel(naiveBayes: false),
            _ => BenchmarkData.TrainSampleModel(ensemble: false),
        };
        _scores = new float[_classifier.Labels.Count];

        // Classify and Score give the same scores; the unshared copy gives the scores of the model it copies.
        float[] classified = [.. Classify20Words().Scores];
        Score20Words();
        Agreement.Equal<float>(nameof(PredictionBenchmarks), "Classify's scores against Score's", classified, _scores);
        if (shared is not null)
        {
            float[] sharing = new float[shared.Labels.Count];
            shared.Score(BenchmarkData.TwentyWordText, sharing);
            Agreement.Equal<float>(nameof(PredictionBenchmarks), "the unshared copy's scores against the sharing model's", sharing, _scores);
        }
    }

    [Benchmark(Baseline = true)]
    public Prediction Classify20Words() => _classifier.Classify(BenchmarkData.TwentyWordText);

    [Benchmark]
    public float Score20Words()
    {
        _classifier.Score(BenchmarkData.TwentyWordText, _scores);
        return _scores[0];
    }

    // The same classifier with its last member on a copy of its index and IDF, so no member shares featurisation.
    private static TextClassifier Unshared(TextClassifier model)
    {
        NGramModel last = model.Members[^1];
        int[] buckets = new int[last.Encoder.Index.Count];
        last.Encoder.Index.CopyBucketsByRow(buckets);
        var encoder = new EmbeddingBag(new FeatureIndex(buckets), last.Encoder.Table, last.Encoder.Dimension, [.. last.Encoder.Idf!]);
        NGramModel[] members = [.. model.Members];
        members[^1] = new NGramModel(last.Featurizer, encoder, last.Head);
        // Combined as the model combines them (the root mean, at its temperature): with the defaults (the mean, 1) the
        // variant also timed another combination than Default's.
        return new TextClassifier([.. model.Labels], members, training: null, combination: model.Combination, temperature: model.Temperature);
    }
}
