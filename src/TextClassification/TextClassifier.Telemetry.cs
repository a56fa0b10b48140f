using System.Diagnostics;
using TextClassification.Diagnostics;

namespace TextClassification;

/// <content>Classification with the library's metrics and traces (<see cref="TextClassificationTelemetry"/>).</content>
public sealed partial class TextClassifier
{
    /// <summary>Classifies one text and records it: counters always (when listened to), its latency when
    /// <paramref name="timeIt"/> (a batch records its own latency instead).</summary>
    private Prediction ClassifyRecorded(string text, Activity? activity, bool timeIt)
    {
        long started = timeIt ? TextClassificationTelemetry.StartTimestamp() : 0;
        try
        {
            float[] scores = new float[_labels.Length];
            Score(text, scores);
            var prediction = Prediction.Owned(_labelView, scores, ConfidenceThreshold, _thresholdView);
            TextClassificationTelemetry.RecordClassified(prediction, started, timeIt);
            return prediction;
        }
        catch (Exception ex) when (TextClassificationTelemetry.RecordError(ex, activity))
        {
            // Never reached: the filter records the failure and returns false, so the exception propagates unchanged.
            throw;
        }
    }
}
