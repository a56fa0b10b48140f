using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TextClassification.Training.Evaluation;

/// <summary>
/// Writes <see cref="ClassificationMetrics"/> as indented JSON with camelCase keys.
/// </summary>
/// <remarks>
/// The document is an object with the keys <c>accuracy</c>, <c>macroF1</c>, <c>weightedF1</c>,
/// <c>macroPrecision</c>, <c>macroRecall</c>, <c>weightedPrecision</c>, <c>weightedRecall</c>, <c>logLoss</c>,
/// <c>rocAucMacro</c>, <c>expectedCalibrationError</c>, <c>topKAccuracy</c> (an object keyed by k, <c>"1"</c> …
/// <c>"5"</c>), <c>trainSeconds</c>, <c>evalSeconds</c>, <c>count</c>, when checked <c>seenInTraining</c> (rows whose
/// text the training data also holds) and <c>unseen</c> (<c>{"accuracy", "macroF1", "weightedF1", "count"}</c> of the
/// other rows, their scores <c>null</c> when every row was seen; left out when none was; see <see cref="TrainingOverlap"/>), for a model that can abstain <c>abstain</c>
/// (<c>{"threshold", "answered", "coverage", "answeredAccuracy"}</c>, with <c>"unknownLabelRows"</c> and
/// <c>"unknownLabelAbstained"</c> where the test data has labels the model lacks; see <see cref="AbstainMetrics"/>),
/// <c>labels</c> (array of strings),
/// <c>confusionMatrix</c> (array of rows of ints; rows are gold labels, columns predicted labels, both in
/// <c>labels</c> order), <c>perLabel</c> (an object keyed by label name whose values are
/// <c>{"precision", "recall", "f1", "support", "rocAuc"}</c>) and <c>calibrationBins</c> (an array of
/// <c>{"lower", "upper", "count", "meanConfidence", "accuracy"}</c>). The keys fixed by ARCHITECTURE.md keep their
/// names and meaning; the others were added after it. ROC curves are not written (the report plots them).
/// NaN and infinite values, which JSON cannot represent, are written as <c>null</c>.
/// </remarks>
public static class MetricsJson
{
    // Labels in any script, emoji included, stay readable in the file (the output is a file, never embedded in HTML).
    internal static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = ReadableJsonEncoder.Instance };

    /// <summary>Serialises <paramref name="metrics"/> to an indented JSON string.</summary>
    /// <param name="metrics">The metrics to write.</param>
    /// <returns>The JSON document.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="metrics"/> is null.</exception>
    public static string Serialize(ClassificationMetrics metrics)
    {
        return Encoding.UTF8.GetString(SerializeToUtf8(metrics));
    }

    /// <summary>
    /// Writes <paramref name="metrics"/> as indented UTF-8 JSON to <paramref name="path"/>, atomically: the
    /// document is written to a temporary file in the same folder, which then replaces <paramref name="path"/> (the
    /// file a symbolic link leads to, where it is one). The folder is created when missing. <c>/dev/stdout</c> writes
    /// to standard output, and other streams (a pipe, a FIFO, <c>/dev/null</c>) are written into directly.
    /// </summary>
    /// <param name="metrics">The metrics to write.</param>
    /// <param name="path">The destination file; overwritten when it exists.</param>
    /// <exception cref="ArgumentNullException"><paramref name="metrics"/> or <paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or whitespace.</exception>
    public static void Write(ClassificationMetrics metrics, string path)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);

        WriteFileAtomically(SerializeToUtf8(metrics), path);
    }

    /// <summary>Writes <paramref name="json"/> through <see cref="OutputFile.Write"/>: a regular file atomically, a
    /// stream (<c>/dev/stdout</c>, a pipe) directly.</summary>
    internal static void WriteFileAtomically(byte[] json, string path) => OutputFile.Write(json, path);

    private static byte[] SerializeToUtf8(ClassificationMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            writer.WriteStartObject();
            WriteNumber(writer, "accuracy", metrics.Accuracy);
            WriteNumber(writer, "macroF1", metrics.MacroF1);
            WriteNumber(writer, "weightedF1", metrics.WeightedF1);
            WriteNumber(writer, "macroPrecision", metrics.MacroPrecision);
            WriteNumber(writer, "macroRecall", metrics.MacroRecall);
            WriteNumber(writer, "weightedPrecision", metrics.WeightedPrecision);
            WriteNumber(writer, "weightedRecall", metrics.WeightedRecall);
            WriteNumber(writer, "logLoss", metrics.LogLoss);
            WriteNumber(writer, "rocAucMacro", metrics.RocAucMacro);
            WriteNumber(writer, "expectedCalibrationError", metrics.ExpectedCalibrationError);
            writer.WriteStartObject("topKAccuracy");
            for (int k = 0; k < metrics.TopKAccuracy.Count; k++)
            {
                WriteNumber(writer, (k + 1).ToString(CultureInfo.InvariantCulture), metrics.TopKAccuracy[k]);
            }

            writer.WriteEndObject();
            WriteNumber(writer, "trainSeconds", metrics.TrainSeconds ?? double.NaN);
            WriteNumber(writer, "evalSeconds", metrics.EvalSeconds ?? double.NaN);
            writer.WriteNumber("count", metrics.Count);
            WriteOverlap(writer, metrics.SeenInTraining, metrics.Count, metrics.Unseen is { } unseen ? (unseen.Accuracy, unseen.MacroF1, unseen.WeightedF1, unseen.Count) : null);

            if (metrics.Abstain is { } abstain)
            {
                writer.WriteStartObject("abstain");
                WriteNumber(writer, "threshold", abstain.Threshold);
                writer.WriteNumber("answered", abstain.Answered);
                WriteNumber(writer, "coverage", abstain.Coverage);
                WriteNumber(writer, "answeredAccuracy", abstain.AnsweredAccuracy);
                if (abstain.UnknownLabelRows > 0)
                {
                    // Rows of test labels the model lacks, and how many of them it abstained on ("none of these").
                    writer.WriteNumber("unknownLabelRows", abstain.UnknownLabelRows);
                    writer.WriteNumber("unknownLabelAbstained", abstain.UnknownLabelAbstained);
                }
                writer.WriteEndObject();
            }

            writer.WriteStartArray("labels");
            for (int c = 0; c < metrics.Labels.Count; c++)
            {
                writer.WriteStringValue(metrics.Labels[c]);
            }

            writer.WriteEndArray();

            WriteMatrix(writer, "confusionMatrix", metrics.ConfusionMatrix);

            writer.WriteStartObject("perLabel");
            for (int c = 0; c < metrics.PerLabel.Count; c++)
            {
                LabelMetrics label = metrics.PerLabel[c];
                writer.WriteStartObject(label.Label);
                WriteNumber(writer, "precision", label.Precision);
                WriteNumber(writer, "recall", label.Recall);
                WriteNumber(writer, "f1", label.F1);
                writer.WriteNumber("support", label.Support);
                WriteNumber(writer, "rocAuc", label.RocAuc);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();

            writer.WriteStartArray("calibrationBins");
            foreach (CalibrationBin bin in metrics.CalibrationBins)
            {
                writer.WriteStartObject();
                WriteNumber(writer, "lower", bin.Lower);
                WriteNumber(writer, "upper", bin.Upper);
                writer.WriteNumber("count", bin.Count);
                WriteNumber(writer, "meanConfidence", bin.MeanConfidence);
                WriteNumber(writer, "accuracy", bin.Accuracy);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <summary>Writes <paramref name="matrix"/> as an array of row arrays, each row on one line: the indented writer
    /// puts every number on a line of its own, which made the file of a 3,000-label model 81 MB.</summary>
    internal static void WriteMatrix(Utf8JsonWriter writer, string name, int[][] matrix)
    {
        writer.WriteStartArray(name);

        // A raw value gets no line break or indentation from the writer: each row brings its own.
        byte[] indent = writer.Options.Indented
            ? Encoding.UTF8.GetBytes(writer.Options.NewLine + new string(writer.Options.IndentCharacter, writer.CurrentDepth * writer.Options.IndentSize))
            : [];
        var row = new ArrayBufferWriter<byte>();
        foreach (int[] values in matrix)
        {
            row.ResetWrittenCount();
            row.Write(indent);
            row.GetSpan(1)[0] = (byte)'[';
            row.Advance(1);
            for (int i = 0; i < values.Length; i++)
            {
                // At most 11 digits and sign, plus the comma.
                Span<byte> span = row.GetSpan(12);
                int written = 0;
                if (i > 0)
                {
                    span[written++] = (byte)',';
                }

                _ = Utf8Formatter.TryFormat(values[i], span[written..], out int digits);
                row.Advance(written + digits);
            }

            row.GetSpan(1)[0] = (byte)']';
            row.Advance(1);
            writer.WriteRawValue(row.WrittenSpan, skipInputValidation: true);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes <c>seenInTraining</c> and <c>unseen</c> (the accuracy — subset accuracy for multi-label —,
    /// macro-F1, weighted F1 and count of the rows not seen in training) when the overlap was measured.</summary>
    internal static void WriteOverlap(Utf8JsonWriter writer, int? seenInTraining, int count, (double Accuracy, double MacroF1, double WeightedF1, int Count)? unseen)
    {
        if (seenInTraining is int seen)
        {
            writer.WriteNumber("seenInTraining", seen);
        }

        if (unseen is { } rest)
        {
            WriteUnseen(writer, rest.Accuracy, rest.MacroF1, rest.WeightedF1, rest.Count);
        }
        else if (seenInTraining is int all && all == count)
        {
            // Every row was seen in training: no unseen rows to score, said as such rather than left out.
            WriteUnseen(writer, double.NaN, double.NaN, double.NaN, 0);
        }
    }

    private static void WriteUnseen(Utf8JsonWriter writer, double accuracy, double macroF1, double weightedF1, int count)
    {
        writer.WriteStartObject("unseen");
        WriteNumber(writer, "accuracy", accuracy);
        WriteNumber(writer, "macroF1", macroF1);
        WriteNumber(writer, "weightedF1", weightedF1);
        writer.WriteNumber("count", count);
        writer.WriteEndObject();
    }

    /// <summary>Writes a finite number as is and NaN or ±infinity as <c>null</c>.</summary>
    internal static void WriteNumber(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
