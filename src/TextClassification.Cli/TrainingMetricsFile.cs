using System.Text.Json;
using TextClassification.Training.Evaluation;

namespace TextClassification.Cli;

/// <summary>
/// The <c>--metrics-json</c> file of <c>train</c> without <c>--test</c>: every key of the contract's metrics file, with
/// the training time and the labels, and <c>null</c> for what only test data measures (a value that does not exist is
/// null, never a made-up number). It had been a usage error that trained nothing, then a file of the two keys alone,
/// where a harness reading <c>accuracy</c> found no such key.
/// </summary>
internal static class TrainingMetricsFile
{
    /// <summary>The contract's keys that only test data gives values, null here, in the order the test metrics file
    /// writes them (<c>trainSeconds</c> between <c>rocAucMacro</c> and <c>evalSeconds</c>, <c>labels</c> after).</summary>
    private static readonly string[] MeasuredBeforeTrainSeconds = ["accuracy", "macroF1", "weightedF1", "macroPrecision", "macroRecall", "logLoss", "rocAucMacro"];

    /// <summary>Writes the contract's keys to <paramref name="path"/> (<c>trainSeconds</c> and <c>labels</c> with their
    /// values, the others null) as the metrics files are written (atomically, or into a stream such as standard output).</summary>
    public static void Write(string path, double trainSeconds, IReadOnlyList<string> labels)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, MetricsJson.WriterOptions))
        {
            writer.WriteStartObject();
            foreach (string key in MeasuredBeforeTrainSeconds)
            {
                writer.WriteNull(key);
            }

            MetricsJson.WriteNumber(writer, "trainSeconds", trainSeconds);
            writer.WriteNull("evalSeconds");
            writer.WriteStartArray("labels");
            foreach (string label in labels)
            {
                writer.WriteStringValue(label);
            }

            writer.WriteEndArray();
            writer.WriteNull("confusionMatrix");
            writer.WriteNull("perLabel");
            writer.WriteEndObject();
        }

        MetricsJson.WriteFileAtomically(stream.ToArray(), path);
    }
}
