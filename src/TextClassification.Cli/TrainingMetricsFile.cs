using System.Text.Json;
using TextClassification.Training.Evaluation;

namespace TextClassification.Cli;

/// <summary>
/// The <c>--metrics-json</c> file of <c>train</c> without <c>--test</c>: the training time and the labels, the keys of
/// the contract's metrics file that exist without test data. It had been a usage error that trained nothing.
/// </summary>
internal static class TrainingMetricsFile
{
    /// <summary>Writes <c>{"trainSeconds", "labels"}</c> to <paramref name="path"/> as the metrics files are written
    /// (atomically, or into a stream such as standard output).</summary>
    public static void Write(string path, double trainSeconds, IReadOnlyList<string> labels)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, MetricsJson.WriterOptions))
        {
            writer.WriteStartObject();
            MetricsJson.WriteNumber(writer, "trainSeconds", trainSeconds);
            writer.WriteStartArray("labels");
            foreach (string label in labels)
            {
                writer.WriteStringValue(label);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        MetricsJson.WriteFileAtomically(stream.ToArray(), path);
    }
}
