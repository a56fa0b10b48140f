using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using TextClassification.Diagnostics;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Diagnostics;

/// <summary>The meter and activity source are process-wide, so these tests run alone (no other test classifies
/// meanwhile and adds to the counts).</summary>
[CollectionDefinition(nameof(TelemetryTestGroup), DisableParallelization = true)]
public sealed class TelemetryTestGroup;

[Collection(nameof(TelemetryTestGroup))]
public sealed class TelemetryTests : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = new();

    public TelemetryTests()
    {
        // Train the shared model before listening: training may classify (validation) and would add to the counts.
        _ = TestModels.Small.Labels;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == TextClassificationTelemetry.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var map = new Dictionary<string, object?>();
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            map[tag.Key] = tag.Value;
        }

        _measurements.Enqueue((instrument.Name, value, map));
    }

    private List<(string Instrument, double Value, Dictionary<string, object?> Tags)> Of(string instrument) =>
        [.. _measurements.Where(m => m.Instrument == instrument)];

    [Fact]
    public void Classify_counts_texts_labels_and_latency()
    {
        List<string> texts = SyntheticData.Texts(12, seed: 3)[7..];
        Prediction[] predictions = [.. texts.Select(TestModels.Small.Classify)];

        Assert.Equal(5, Of(TextClassificationTelemetry.ClassificationsInstrument).Sum(m => m.Value));
        var byLabel = Of(TextClassificationTelemetry.PredictionsInstrument)
            .GroupBy(m => (string)m.Tags["label"]!)
            .ToDictionary(g => g.Key, g => g.Sum(m => m.Value));
        var expected = predictions.GroupBy(p => p.Label).ToDictionary(g => g.Key, g => (double)g.Count());
        Assert.Equal(expected, byLabel);
        var durations = Of(TextClassificationTelemetry.DurationInstrument);
        Assert.Equal(5, durations.Count);
        Assert.All(durations, d => Assert.True(d.Value > 0 && d.Tags["operation"] as string == "classify"));
    }

    [Fact]
    public void Reloads_are_counted_by_outcome_and_model()
    {
        // The counter had the outcome alone: a service of two models could not tell which one failed (an outside audit).
        using var temp = new TempFolder("tc-reload-telemetry");
        string named = BundleEditing.SaveBundle(temp, TestModels.Small, "named");
        string unnamed = BundleEditing.SaveBundle(temp, TestModels.Small, "unnamed");
        using var first = TextClassification.Reloading.ReloadingTextClassifier.Create(named, Manual("spam"));
        using var second = TextClassification.Reloading.ReloadingTextClassifier.Create(unnamed, Manual(name: null));

        TestModels.SmallOtherSeed.Save(named);
        Assert.True(first.Reload());
        File.WriteAllText(BundleEditing.ManifestPath(named), "{ not json");
        Assert.False(first.Reload());
        File.WriteAllText(BundleEditing.ManifestPath(unnamed), "{ not json");
        Assert.False(second.Reload());

        // Other test classes reload bundles of their own meanwhile: only these two models' counts are looked at.
        (string Outcome, object? Model)[] reloads = [.. Of(TextClassificationTelemetry.ReloadsInstrument)
            .Where(m => m.Tags.GetValueOrDefault("model") is "spam" || Equals(m.Tags.GetValueOrDefault("model"), Path.GetFullPath(unnamed)))
            .Select(m => ((string)m.Tags["outcome"]!, m.Tags["model"]))];
        Assert.Equal([("success", "spam"), ("failure", "spam"), ("failure", (object?)Path.GetFullPath(unnamed))], reloads);

        static TextClassification.Reloading.ReloadingTextClassifierOptions Manual(string? name) =>
            new() { UseFileSystemWatcher = false, PollInterval = TimeSpan.Zero, ModelName = name };
    }

    [Fact]
    public void A_batch_counts_every_text_and_records_one_batch_latency()
    {
        List<string> texts = SyntheticData.Texts(12, seed: 4);
        Assert.Equal(12, texts.Count);

        TestModels.Small.ClassifyBatch(texts);

        Assert.Equal(12, Of(TextClassificationTelemetry.ClassificationsInstrument).Sum(m => m.Value));
        var duration = Assert.Single(Of(TextClassificationTelemetry.DurationInstrument));
        Assert.Equal("classify_batch", duration.Tags["operation"]);
    }

    [Fact]
    public void An_abstention_is_counted_as_such_and_under_no_label()
    {
        // The per-label counter had counted the best guess of every text, "none of these" included.
        TextClassifier abstaining = TestModels.Small.WithAbstain(new TextClassification.Bundles.AbstainSection { Threshold = TextClassification.Bundles.AbstainSection.AlwaysAbstain });

        abstaining.ClassifyBatch(SyntheticData.Texts(7, seed: 5));

        Assert.Equal(7, Of(TextClassificationTelemetry.ClassificationsInstrument).Sum(m => m.Value));
        Assert.Equal(7, Of(TextClassificationTelemetry.AbstentionsInstrument).Sum(m => m.Value));
        Assert.Empty(Of(TextClassificationTelemetry.PredictionsInstrument));
    }

    [Fact]
    public void A_multi_label_prediction_counts_every_label_it_assigns()
    {
        TextClassifier model = TextClassification.Training.Trainers.NGramTrainer.Train(
            TextClassification.Tests.MultiLabel.MultiLabelData.Generate(300, seed: 2),
            TestModels.FastOptions(seed: 2) with { MultiLabelDelimiter = TextClassification.Tests.MultiLabel.MultiLabelData.Delimiter }).Classifier;
        List<string> texts = [.. TextClassification.Tests.MultiLabel.MultiLabelData.Generate(40, seed: 3).Select(row => row.Text)];
        _measurements.Clear(); // training scored its validation split

        IReadOnlyList<Prediction> predictions = model.ClassifyBatch(texts);

        var expected = predictions.SelectMany(p => p.PredictedLabels).GroupBy(label => label).ToDictionary(g => g.Key, g => (double)g.Count());
        var byLabel = Of(TextClassificationTelemetry.PredictionsInstrument)
            .GroupBy(m => (string)m.Tags["label"]!)
            .ToDictionary(g => g.Key, g => g.Sum(m => m.Value));
        Assert.Contains(predictions, p => p.PredictedLabels.Count > 1);
        Assert.Equal(expected, byLabel);
        Assert.Equal(predictions.Count(p => p.PredictedLabels.Count == 0), Of(TextClassificationTelemetry.AbstentionsInstrument).Sum(m => m.Value));
    }

    [Fact]
    public void The_onnx_classifiers_record_texts_labels_and_latency()
    {
        // They had recorded nothing: a service serving an export exported no counters.
        using var export = new TextClassification.Tests.Onnx.TinyBertExport(["neg", "pos"]);
        using var classifier = TextClassification.Onnx.OnnxTextClassifier.Create(export.Folder);

        Prediction one = classifier.Classify("good");
        IReadOnlyList<Prediction> batch = classifier.ClassifyBatch(["bad", "good film", "fine"]);
        IReadOnlyList<Prediction> pairs = classifier.ClassifyPairBatch(["a cat"], ["a dog"]);
        // The caller's mistakes: not counted, in a batch or alone.
        Assert.Throws<ArgumentNullException>(() => classifier.ClassifyBatch(["fine", null!]));
        Assert.Throws<ArgumentNullException>(() => classifier.Classify(null!));
        Assert.Throws<ArgumentNullException>(() => { _ = classifier.ClassifyAsync(null!).AsTask(); }); // at the call, not in the task

        Assert.Equal(5, Of(TextClassificationTelemetry.ClassificationsInstrument).Sum(m => m.Value));
        var byLabel = Of(TextClassificationTelemetry.PredictionsInstrument)
            .GroupBy(m => (string)m.Tags["label"]!)
            .ToDictionary(g => g.Key, g => g.Sum(m => m.Value));
        var expected = batch.Prepend(one).Concat(pairs).GroupBy(p => p.Label).ToDictionary(g => g.Key, g => (double)g.Count());
        Assert.Equal(expected, byLabel);
        Assert.Equal(["classify", "classify_batch", "classify_batch"], Of(TextClassificationTelemetry.DurationInstrument).Select(d => (string)d.Tags["operation"]!));
        Assert.Empty(Of(TextClassificationTelemetry.ErrorsInstrument));

        // A classification that fails is counted by its exception's type.
        classifier.Dispose();
        Assert.Throws<ObjectDisposedException>(() => classifier.Classify("good"));
        Assert.Equal(typeof(ObjectDisposedException).FullName, Assert.Single(Of(TextClassificationTelemetry.ErrorsInstrument)).Tags["error.type"]);
    }

    [Fact]
    public async Task A_null_text_is_the_callers_mistake_and_counts_as_nothing()
    {
        // Classify(null) had counted as a failed classification while a batch holding null counted nothing.
        Assert.Throws<ArgumentNullException>(() => TestModels.Small.Classify(null!));
        Assert.Throws<ArgumentNullException>(() => { _ = TestModels.Small.ClassifyAsync(null!).AsTask(); }); // at the call, not in the task
        Assert.Throws<ArgumentNullException>(() => TestModels.Small.ClassifyBatch(["a", null!]));

        Assert.Empty(Of(TextClassificationTelemetry.ErrorsInstrument));
        Assert.Empty(Of(TextClassificationTelemetry.ClassificationsInstrument));

        // A canceled token gives a canceled task, not an exception at the call (as ClassifyBatchAsync's).
        ValueTask<Prediction> canceled = TestModels.Small.ClassifyAsync("a", new CancellationToken(canceled: true));
        Assert.True(canceled.IsCanceled);
        await Assert.ThrowsAsync<TaskCanceledException>(async () => await canceled);
    }

    [Fact]
    public void Activities_are_started_only_for_listeners()
    {
        var started = new ConcurrentQueue<Activity>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TextClassificationTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = started.Enqueue,
        };
        ActivitySource.AddActivityListener(activities);

        TestModels.Small.Classify("rain and wind tomorrow");
        TestModels.Small.ClassifyBatch(["goal in the final minute", "shares fell"]);

        Assert.Equal(["TextClassification.Classify", "TextClassification.ClassifyBatch"], started.Select(a => a.OperationName));
        Assert.Equal(2, started.Last().GetTagItem("textclassification.texts"));
    }
}
