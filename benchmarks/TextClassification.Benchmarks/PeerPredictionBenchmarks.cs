using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using TextClassification.Benchmarks.Comparison;
using TextClassification.Training.Data;
using Input = TextClassification.Benchmarks.Comparison.MlNetPeer.Input;
using Output = TextClassification.Benchmarks.Comparison.MlNetPeer.Output;

namespace TextClassification.Benchmarks;

/// <summary>
/// One 20-word text through ours and through ML.NET in the same run, each trained on the quick-start data as the
/// <c>compare</c> command trains them (ours: default options on one thread; ML.NET: <c>FeaturizeText</c> →
/// <c>SdcaMaximumEntropy</c>, answered by a <c>PredictionEngine</c>): the single-text speed the peer table claims,
/// as a ratio to the peer on one machine at one time.
/// </summary>
[MemoryDiagnoser]
public class PeerPredictionBenchmarks
{
    private TextClassifier _ours = null!;
    private PredictionEngine<Input, Output> _mlNet = null!;
    private readonly Input _input = new() { Text = BenchmarkData.TwentyWordText };

    [GlobalSetup]
    public void Setup()
    {
        IReadOnlyList<LabeledText> rows = BenchmarkData.SampleRows();
        _ours = BenchmarkData.TrainSampleModel();
        var ml = new MLContext(42);
        IDataView data = ml.Data.LoadFromEnumerable(rows.Select(row => new Input { Label = row.Label, Text = row.Text }).ToList());
        ITransformer model = MlNetPeer.Pipeline(ml).Fit(data);
        _mlNet = ml.Model.CreatePredictionEngine<Input, Output>(model);

        // Two models answer differently; what both must do is name one of the training labels for the same text.
        var labels = rows.Select(row => row.Label).ToHashSet(StringComparer.Ordinal);
        Agreement.Equal(nameof(PeerPredictionBenchmarks), "ML.NET's label is a training label", true, labels.Contains(MlNetPredict()));
        Agreement.Equal(nameof(PeerPredictionBenchmarks), "our label is a training label", true, labels.Contains(OursClassify()));
    }

    [GlobalCleanup]
    public void Cleanup() => _mlNet.Dispose();

    [Benchmark(Baseline = true)]
    public string MlNetPredict() => _mlNet.Predict(_input).PredictedLabel;

    [Benchmark]
    public string OursClassify() => _ours.Classify(BenchmarkData.TwentyWordText).Label;
}
