using TextClassification.Training.Data;

namespace TextClassification.Cli;

/// <summary><c>textclf predict --input &lt;data-file&gt;</c>: every record's text, answered in order as the file is read.</summary>
internal static partial class PredictCommand
{
    // --input: texts classified together, so a long file uses every core; small enough that the first answers come soon
    // and a closed reader stops the work early.
    private const int FileChunkSize = 1024;

    // --input: every record's text, answered in order, a chunk at a time as the file is read: memory holds one chunk, not
    // the file (a 300 MB file had taken 1 GB and given its first answer only once read whole). A malformed record ends
    // the answers where it stands: the records before it are answered, then the error names its line, as where the model
    // fails on a record.
    private static int ClassifyFile(
        CliConsole console, ITextClassifier classifier, string bundle, string path, string textColumn, string labelColumn, DatasetFormat format, int? k, bool asJson, bool multiLabel, ColumnSettingNames settings, CancellationToken cancellationToken)
    {
        CommonOptions.RequireDataFile(path, format);
        using var answers = new FileAnswers(console, classifier, path, format, k, asJson, multiLabel, cancellationToken);
        try
        {
            DatasetReader.StreamTexts(path, textColumn, labelColumn, format, answers.Add, cancellationToken, settings);
        }
        catch (AnswersStoppedException stopped)
        {
            return stopped.ExitCode;
        }
        catch (DataFormatException ex)
        {
            if (answers.AnswerPending() is { } exitCode)
            {
                return exitCode;
            }

            if (ex.FirstLineIsOneUnnamedColumn)
            {
                // "where is my order" read as a header: --input reads data files, whose first line names the columns.
                throw new DataFormatException(ex.FilePath, ex.LineNumber, ex.ColumnNumber, $"{ex.Problem} {PlainTextsHint(bundle, path, OperatingSystem.IsWindows())}", ex);
            }

            throw;
        }

        if (answers.AnswerPending() is { } lastExitCode)
        {
            return lastExitCode;
        }

        // Canceled as the last answer was written: still a cancel, not a success (as for standard input).
        cancellationToken.ThrowIfCancellationRequested();
        return ExitCodes.Success;
    }

    /// <summary>The records of an <c>--input</c> file, gathered as they are read and answered a chunk at a time with the
    /// batch call (every core, and one encoder run a chunk for ONNX models), in the file's order.</summary>
    private sealed class FileAnswers(
        CliConsole console, ITextClassifier classifier, string path, DatasetFormat format, int? k, bool asJson, bool multiLabel, CancellationToken cancellationToken) : IDisposable
    {
        private readonly LabeledText[] _records = new LabeledText[FileChunkSize];
        private readonly string[] _texts = new string[FileChunkSize];
        private readonly JsonLines _jsonLines = new();

        // A Parquet file has rows where the text formats have lines (the JSON answers' "line" holds the row number).
        private readonly Func<int, string> _fileRecord = number => $"the text at {CommonOptions.RecordUnit(path, format)} {number} of {path}";
        private int _count;

        /// <summary>Takes the next record; answers the chunk once it is full.</summary>
        /// <exception cref="AnswersStoppedException">The answers stopped (the model failed on a record, or nobody reads them
        /// any more): the read ends with the command's exit code.</exception>
        public void Add(LabeledText record)
        {
            _records[_count] = record;
            _texts[_count] = record.Text;
            if (++_count == _records.Length && AnswerPending() is { } exitCode)
            {
                throw new AnswersStoppedException(exitCode);
            }
        }

        /// <summary>Answers the records taken and not yet answered. Null where every one was answered; otherwise the exit code
        /// to stop with (the error is printed).</summary>
        public int? AnswerPending()
        {
            int count = _count;
            _count = 0;
            if (count == 0)
            {
                return null;
            }

            // Where the model fails on the chunk, its records are classified one at a time, so those before the one it
            // fails on are answered and the error names that record, as standard input's lines.
            IReadOnlyList<Prediction>? predictions = ClassifyTogether(classifier, new ArraySegment<string>(_texts, 0, count), cancellationToken);
            for (int i = 0; i < count; i++)
            {
                // Before each answer, as for standard input's batches: Ctrl+C after the first answer of a chunk had still
                // printed the rest of it, and exit 0 where the chunk was the file's last (review 53a).
                cancellationToken.ThrowIfCancellationRequested();
                LabeledText record = _records[i];
                if (Checked(console, classifier, predictions, i, record.Text, record.LineNumber, _fileRecord) is not { } prediction)
                {
                    return ExitCodes.Failure;
                }

                if (!WriteAnswer(console, _jsonLines, record.Text, prediction, k, asJson, multiLabel, record.LineNumber))
                {
                    return ExitCodes.OutputClosed;
                }
            }

            // The texts answered are not kept alive by the buffers until the next chunk overwrites them.
            Array.Clear(_records, 0, count);
            Array.Clear(_texts, 0, count);
            return null;
        }

        public void Dispose() => _jsonLines.Dispose();
    }

    /// <summary>Ends an <c>--input</c> file's read from inside its record sink once the answers have stopped.</summary>
    private sealed class AnswersStoppedException(int exitCode) : Exception($"The answers stopped with exit code {exitCode}.")
    {
        public int ExitCode { get; } = exitCode;
    }
}
