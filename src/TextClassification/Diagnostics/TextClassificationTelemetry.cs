using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TextClassification.Diagnostics;

/// <summary>
/// The library's instruments: a <see cref="Meter"/> and an <see cref="System.Diagnostics.ActivitySource"/>, both named
/// <see cref="Name"/>. Subscribe with OpenTelemetry (<c>AddMeter(TextClassificationTelemetry.Name)</c>,
/// <c>AddSource(TextClassificationTelemetry.Name)</c>) or a <see cref="MeterListener"/> / <see cref="ActivityListener"/>.
/// </summary>
/// <remarks>
/// Every recording is guarded by <see cref="Instrument.Enabled"/> or <see cref="ActivitySource.HasListeners"/>, so a
/// process that listens to nothing pays a few field reads per classification and allocates nothing.
/// Instruments: <c>textclassification.classifications</c> (counter, texts classified),
/// <c>textclassification.classification.duration</c> (histogram, seconds per text or per batch, tag <c>operation</c>),
/// <c>textclassification.predictions</c> (counter, tag <c>label</c>: each label in <see cref="Prediction.PredictedLabels"/>,
/// so a multi-label prediction counts every label it assigns), <c>textclassification.abstentions</c> (counter: texts
/// given no label, an abstaining model's "none of these" or a multi-label prediction with no label over its threshold),
/// <c>textclassification.errors</c> (counter, tag <c>error.type</c>) and <c>textclassification.model.reloads</c>
/// (counter, tags <c>outcome</c>: <c>success</c> or <c>failure</c>, and <c>model</c>:
/// <see cref="Reloading.ReloadingTextClassifierOptions.ModelName"/>, or the bundle folder's path).
/// </remarks>
public static class TextClassificationTelemetry
{
    /// <summary>The name of the meter and of the activity source.</summary>
    public const string Name = "TextClassification";

    /// <summary>Name of the counter of texts classified.</summary>
    public const string ClassificationsInstrument = "textclassification.classifications";

    /// <summary>Name of the latency histogram (seconds).</summary>
    public const string DurationInstrument = "textclassification.classification.duration";

    /// <summary>Name of the per-label counter of predictions (tag <c>label</c>).</summary>
    public const string PredictionsInstrument = "textclassification.predictions";

    /// <summary>Name of the counter of texts given no label (<see cref="Prediction.PredictedLabels"/> empty).</summary>
    public const string AbstentionsInstrument = "textclassification.abstentions";

    /// <summary>Name of the counter of failed classifications (tag <c>error.type</c>).</summary>
    public const string ErrorsInstrument = "textclassification.errors";

    /// <summary>Name of the counter of model reloads (tags <c>outcome</c> and <c>model</c>).</summary>
    public const string ReloadsInstrument = "textclassification.model.reloads";

    private static readonly string Version = typeof(TextClassificationTelemetry).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    private static readonly Meter Meter = new(Name, Version);

    private static readonly Counter<long> Classifications = Meter.CreateCounter<long>(
        ClassificationsInstrument, unit: "{text}", description: "Texts classified.");

    // Latency buckets from 5 µs to 10 s: a classification takes microseconds, a large batch seconds.
    private static readonly Histogram<double> Duration = Meter.CreateHistogram(
        DurationInstrument,
        unit: "s",
        description: "Time to classify one text (operation=classify) or one batch (operation=classify_batch).",
        tags: null,
        advice: new InstrumentAdvice<double>
        {
            HistogramBucketBoundaries = [0.000005, 0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        });

    private static readonly Counter<long> Predictions = Meter.CreateCounter<long>(
        PredictionsInstrument, unit: "{prediction}", description: "Predictions by predicted label.");

    private static readonly Counter<long> Abstentions = Meter.CreateCounter<long>(
        AbstentionsInstrument, unit: "{text}", description: "Texts given no label (\"none of these\").");

    private static readonly Counter<long> Errors = Meter.CreateCounter<long>(
        ErrorsInstrument, unit: "{error}", description: "Classifications that threw, by exception type.");

    private static readonly Counter<long> Reloads = Meter.CreateCounter<long>(
        ReloadsInstrument, unit: "{reload}", description: "Model reload attempts by outcome.");

    private static readonly KeyValuePair<string, object?> ClassifyOperation = new("operation", "classify");
    private static readonly KeyValuePair<string, object?> BatchOperation = new("operation", "classify_batch");
    private static readonly KeyValuePair<string, object?> ReloadSucceeded = new("outcome", "success");
    private static readonly KeyValuePair<string, object?> ReloadFailed = new("outcome", "failure");

    /// <summary>The activity of one classification.</summary>
    internal const string ClassifyActivityName = "TextClassification.Classify";

    /// <summary>The activity of one batch.</summary>
    internal const string ClassifyBatchActivityName = "TextClassification.ClassifyBatch";

    internal static ActivitySource Source { get; } = new(Name, Version);

    /// <summary>A start timestamp when the latency histogram is listened to, else 0 (no clock read).</summary>
    internal static long StartTimestamp() => Duration.Enabled ? Stopwatch.GetTimestamp() : 0;

    /// <summary>Starts an activity for one operation, or returns null (allocating nothing) when nobody listens.</summary>
    internal static Activity? StartActivity(string name, int texts)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        Activity? activity = Source.StartActivity(name, ActivityKind.Internal);
        activity?.SetTag("textclassification.texts", texts);
        return activity;
    }

    /// <summary>Records one classified text: the counter, the per-label counter (each predicted label) or the
    /// abstentions, and, when timed, its latency.</summary>
    internal static void RecordClassified(Prediction prediction, long startTimestamp, bool timeIt)
    {
        if (Classifications.Enabled)
        {
            Classifications.Add(1);
        }

        if (Predictions.Enabled || Abstentions.Enabled)
        {
            IReadOnlyList<string> labels = prediction.PredictedLabels;
            for (int i = 0; i < labels.Count; i++)
            {
                Predictions.Add(1, new KeyValuePair<string, object?>("label", labels[i]));
            }

            if (labels.Count == 0)
            {
                Abstentions.Add(1);
            }
        }

        if (timeIt && startTimestamp != 0)
        {
            Duration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, ClassifyOperation);
        }
    }

    /// <summary>Records the latency of a whole batch.</summary>
    internal static void RecordBatch(long startTimestamp)
    {
        if (startTimestamp != 0)
        {
            Duration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, BatchOperation);
        }
    }

    /// <summary>Runs and records one classification of a classifier that has no recording of its own (the ONNX
    /// classifiers, whose inference takes milliseconds, so one delegate call is nothing): its activity, latency,
    /// counters, and failure (a cancellation is not a failure).</summary>
    internal static Prediction Classified<TState>(TState state, Func<TState, Prediction> classify)
    {
        using Activity? activity = StartActivity(ClassifyActivityName, 1);
        long started = StartTimestamp();
        try
        {
            Prediction prediction = classify(state);
            RecordClassified(prediction, started, timeIt: true);
            return prediction;
        }
        catch (Exception ex) when (ex is not OperationCanceledException && RecordError(ex, activity))
        {
            throw; // never reached: the filter records the failure and returns false
        }
    }

    /// <summary>Runs and records one batch, as <see cref="Classified{TState}"/> does one text.</summary>
    internal static IReadOnlyList<Prediction> ClassifiedBatch<TState>(TState state, int texts, Func<TState, IReadOnlyList<Prediction>> classify)
    {
        using Activity? activity = StartActivity(ClassifyBatchActivityName, texts);
        long started = StartTimestamp();
        try
        {
            IReadOnlyList<Prediction> predictions = classify(state);
            for (int i = 0; i < predictions.Count; i++)
            {
                RecordClassified(predictions[i], 0, timeIt: false);
            }

            RecordBatch(started);
            return predictions;
        }
        catch (Exception ex) when (ex is not OperationCanceledException && RecordError(ex, activity))
        {
            throw; // never reached: the filter records the failure and returns false
        }
    }

    /// <summary>Counts a failure and marks the activity; returns false so it can sit in an exception filter
    /// (<c>catch (Exception ex) when (RecordError(ex, activity))</c>) without unwinding the stack.</summary>
    internal static bool RecordError(Exception exception, Activity? activity)
    {
        if (Errors.Enabled)
        {
            Errors.Add(1, new KeyValuePair<string, object?>("error.type", exception.GetType().FullName));
        }

        activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
        return false;
    }

    /// <summary>Counts a reload attempt of <paramref name="model"/>.</summary>
    internal static void RecordReload(bool succeeded, string model)
    {
        if (Reloads.Enabled)
        {
            Reloads.Add(1, succeeded ? ReloadSucceeded : ReloadFailed, new KeyValuePair<string, object?>("model", model));
        }
    }
}
