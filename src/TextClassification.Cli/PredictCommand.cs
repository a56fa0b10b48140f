using System.Buffers;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text;
using System.Text.Json;
using TextClassification.Bundles;
using TextClassification.Training.Data;
using TextClassification.Training.Evaluation;

namespace TextClassification.Cli;

/// <summary><c>textclf predict &lt;bundle-dir&gt; [--top-k K] [--json] [texts…]</c> (texts from stdin when none are given,
/// or from a data file's text column with <c>--input</c>).</summary>
internal static partial class PredictCommand
{
    // Texts and labels in any script, emoji included, as themselves (a terminal or a program reads the lines, never a web page).
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = ReadableJsonEncoder.Instance };

    /// <summary>Name of the argument holding the texts to classify.</summary>
    public const string TextsArgumentName = "texts";

    public static Command Create(CliConsole console)
    {
        Argument<string> bundle = CommonOptions.BundleDirectory();
        var texts = new Argument<string[]>(TextsArgumentName)
        {
            Description = "Texts to classify; when none are given, one text per line is read from stdin.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var topK = new Option<int?>("--top-k", "-k") { Description = "Print the K most probable labels instead of only the best (a multi-label model: instead of the labels that reach their thresholds; --json keeps those in \"labels\").", HelpName = "K" };
        OptionChecks.Add(topK, (k, typed) => k < 1 ? $"--top-k must be at least 1; got {typed}." : null);
        var json = new Option<bool>("--json")
        {
            Description = "Print JSON: one object per text (an array when several texts are given as arguments; JSON Lines from stdin).",
            // A flag that takes no value: by default a bool option takes "true" or "false" after it, so
            // "predict model --json true false" classified "false" alone, and "--json false" turned JSON off.
            Arity = ArgumentArity.Zero,
        };

        var input = new Option<string?>("--input", "-i")
        {
            Description = "Classify the text column of a data file (.tsv or .csv with a header line naming the columns, .jsonl or .parquet, as train reads them: quoted texts holding line breaks too) instead of texts given or read from stdin: one answer per record, in order (with --json, each with the \"line\" its record starts on). No label column is needed. A plain list of texts, one per line without a header line, is read from stdin instead (textclf predict <bundle-dir> < texts.txt).",
            HelpName = "data-file",
        };
        OptionChecks.NonEmptyPath(input);
        var textColumn = new Option<string?>("--text-column")
        {
            Description = "With --input: the column (or JSON property) holding the text. Default: the column the model was trained with (text when the bundle records none).",
            HelpName = "name",
        };
        var format = new Option<string?>("--format")
        {
            Description = "With --input: the file's format, tsv, csv, jsonl or parquet. Default: from its extension.",
            HelpName = "tsv|csv|jsonl|parquet",
        }.OneOfIgnoringCase(DataOptions.FormatNames);

        var command = new Command("predict", "Classify texts with a model bundle.") { bundle, texts, topK, json, input, textColumn, format };
        command.Validators.Add(result =>
        {
            if (result.GetResult(input) is null)
            {
                if (result.GetResult(textColumn) is not null || result.GetResult(format) is not null)
                {
                    result.AddError("--text-column and --format read the --input file; add --input <data-file>.");
                }
            }
            else if (result.GetResult(texts) is { Tokens.Count: > 0 })
            {
                result.AddError("Give texts to classify or --input <data-file>, not both.");
            }
            else if (OptionChecks.ValueOrDefault(result, textColumn) is { } column && column.Trim().Length == 0)
            {
                result.AddError("--text-column must name a column.");
            }
        });
        CommandActions.SetGuardedAction(command, console, (parseResult, cancellationToken) =>
        {
            ITextClassifier classifier = CommonOptions.LoadBundle(parseResult.GetRequiredValue(bundle), cancellationToken);
            string[] arguments = parseResult.GetValue(texts) ?? [];
            int? k = parseResult.GetValue(topK);
            bool asJson = parseResult.GetValue(json);
            TextWriter output = console.Out;
            bool multiLabel = MultiLabelEvaluator.IsMultiLabel(classifier);
            if (!asJson && LabelThatBreaksLines(classifier) is { } broken)
            {
                // Refused before any answer: "c\nd\t0.97" as two lines put every later answer against the wrong text.
                console.Error.WriteLine($"error: the model's label \"{LabelSet.Escape(broken)}\" holds a line break, tab or other control character, which the plain output (one line per text, tab-separated) cannot print as it is: add --json, whose strings escape it.");
                return ExitCodes.Failure;
            }

            if (parseResult.GetValue(input) is { } dataFile)
            {
                IReadOnlyDictionary<string, string>? recorded = CommonOptions.RecordedTraining(classifier, parseResult.GetRequiredValue(bundle))?.Settings;
                string? given = parseResult.GetValue(textColumn)?.Trim();
                string column = given ?? DataOptions.RecordedTextColumn(recorded);
                // A column other than the default named by the model, not the user, is said to be so where the file lacks
                // it (the error read as if the user had asked for it).
                ColumnSettingNames settings = given is null && !string.Equals(column, CommonOptions.DefaultTextColumn, StringComparison.Ordinal)
                    ? ColumnSettingNames.CommandLine with { TextColumn = $"--text-column (the column the model was trained on, '{column}', unless --text-column names another)" }
                    : ColumnSettingNames.CommandLine;
                return ClassifyFile(console, classifier, parseResult.GetRequiredValue(bundle), dataFile, column, DataOptions.RecordedLabelColumn(recorded), DataOptions.FormatOf(parseResult.GetValue(format)), k, asJson, multiLabel, settings, cancellationToken);
            }

            if (arguments.Length > 0)
            {
                // Every text is classified before anything is written: a failure leaves no half-written JSON array.
                var answers = new string[arguments.Length];
                for (int i = 0; i < arguments.Length; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (Checked(console, classifier, null, i, arguments[i], i + 1, ArgumentText) is not { } prediction)
                    {
                        return ExitCodes.Failure;
                    }

                    answers[i] = Format(arguments[i], prediction, k, asJson, multiLabel);
                }

                bool array = asJson && arguments.Length > 1;
                if (array)
                {
                    output.WriteLine('[');
                }

                for (int i = 0; i < answers.Length; i++)
                {
                    output.WriteLine(array ? $"  {answers[i]}{(i + 1 < answers.Length ? "," : string.Empty)}" : answers[i]);
                }

                if (array)
                {
                    output.WriteLine(']');
                }

                // As for lines from stdin: answers dropped by a closed pipe (`| head -1`) are not a success.
                return console.OutReaderGone?.Invoke() == true ? ExitCodes.OutputClosed : ExitCodes.Success;
            }

            // Stream stdin: every line is one text (an empty line too), answered as soon as it is read. A byte-order mark
            // before the first line (a file saved by some Windows editors) is not part of its text.
            // Read on a thread of its own, so Ctrl+C or SIGTERM stops the command while it waits for a line.
            using var lines = new CancellableLineReader(console.In, readAhead: !console.InIsTerminal);
            using var jsonLines = new JsonLines();
            var batch = new List<string>(StandardInputBatch);
            string? text;
            bool first = true;
            int lineNumber = 0;
            while ((text = ReadStandardInput(lines, cancellationToken)) is not null)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (first && text.StartsWith('\uFEFF'))
                {
                    text = text[1..];
                }

                first = false;

                // The lines already read ahead (a piped file) are classified together, as --input's are: every core, and
                // one encoder run a batch for an ONNX model (one text at a time had run an export's encoder per line). A
                // line typed or trickling in is answered alone, as soon as it comes.
                batch.Clear();
                batch.Add(text);
                while (batch.Count < StandardInputBatch && lines.TryReadAvailable(out string? next))
                {
                    batch.Add(next);
                }

                IReadOnlyList<Prediction>? predictions = batch.Count > 1 ? ClassifyTogether(classifier, batch, cancellationToken) : null;
                for (int i = 0; i < batch.Count; i++)
                {
                    // Before each answer, as when each line was read and answered alone: Ctrl+C after the first answer
                    // of a batch had still printed the rest of it (review 50f).
                    cancellationToken.ThrowIfCancellationRequested();
                    lineNumber++;
                    if (Checked(console, classifier, predictions, i, batch[i], lineNumber, StandardInputLine) is not { } prediction)
                    {
                        return ExitCodes.Failure;
                    }

                    if (!WriteAnswer(console, jsonLines, batch[i], prediction, k, asJson, multiLabel, line: null))
                    {
                        // `| head -1` has ended: nobody reads the answers (the console drops them), so stop, as a process
                        // SIGPIPE ended would.
                        return ExitCodes.OutputClosed;
                    }
                }
            }

            // Canceled as the input ended: still a cancel, not a success.
            cancellationToken.ThrowIfCancellationRequested();
            return ExitCodes.Success;
        });
        return command;
    }

    // Standard input: the most lines already read ahead that are classified together.
    private const int StandardInputBatch = 256;

    // The lines' predictions, or null where the model fails on the batch: each line is then classified alone, so the
    // lines before the one it fails on (a token id past an export's embedding table, which only that text has) are
    // answered and the failure comes at its line, as when every line was classified alone; a whole batch had gone
    // unanswered (review 50f). A cancellation is not a failure.
    private static IReadOnlyList<Prediction>? ClassifyTogether(ITextClassifier classifier, IReadOnlyList<string> batch, CancellationToken cancellationToken)
    {
        try
        {
            return classifier.ClassifyBatch(batch, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Writes one answer of a stream (stdin's lines, an <c>--input</c> file's records): a JSON line (with the
    /// record's <paramref name="line"/> where given) or the plain line. False once the reader has gone (<c>| head -1</c>
    /// ended: the console drops the answers), so the caller stops, as a process SIGPIPE ended would.</summary>
    private static bool WriteAnswer(CliConsole console, JsonLines jsonLines, string text, Prediction prediction, int? k, bool asJson, bool multiLabel, int? line)
    {
        if (asJson)
        {
            console.Out.WriteLine(jsonLines.Format(text, prediction, k, multiLabel, line));
        }
        else
        {
            console.Out.WriteLine(Format(text, prediction, k, json: false, multiLabel));
        }

        return console.OutReaderGone?.Invoke() != true;
    }

    // How an error names a line of standard input, and a text given as an argument.
    private static readonly Func<int, string> StandardInputLine = number => $"line {number} of the input";
    private static readonly Func<int, string> ArgumentText = number => $"text {number}";

    /// <summary>The prediction for text <paramref name="i"/> of a batch: the one classified with the batch, or where the
    /// batch failed (<paramref name="predictions"/> null) the text classified alone. Null once an error naming the text
    /// (<paramref name="which"/> of <paramref name="number"/>) is printed: the model failed on it (an export's token id past
    /// its embedding table), or gave it a score that is not a finite number.</summary>
    private static Prediction? Checked(
        CliConsole console, ITextClassifier classifier, IReadOnlyList<Prediction>? predictions, int i, string text, int number, Func<int, string> which)
    {
        Prediction prediction;
        try
        {
            prediction = predictions?[i] ?? classifier.Classify(text);
        }
        catch (Exception ex) when (ex is BundleFormatException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            // Named with its line, as a score that is not a number is; the message had named no line of the input. Its
            // control characters are escaped, as on every error line (CommandActions.Describe): it quotes the model file's
            // path (an encoder + head bundle's is its manifest's) and ONNX Runtime's words, which name the graph's node.
            console.Error.WriteLine($"error: {CommandActions.OneLine($"{which(number)}: {ex.Message}")}");
            return null;
        }

        if (NotFinite(prediction, which, number) is { } problem)
        {
            // The label it names is the model's, which --json lets hold control characters.
            console.Error.WriteLine($"error: {LabelSet.Escape(problem)}");
            return null;
        }

        return prediction;
    }

    /// <summary>The next line of standard input, or null at its end. A read that fails is said to be of standard input:
    /// a folder given as input (<c>&lt; data/</c>) said only "error: Is a directory", as if the bundle folder were
    /// wrong. A closed standard input's message names it already.</summary>
    private static string? ReadStandardInput(CancellableLineReader lines, CancellationToken cancellationToken)
    {
        try
        {
            return lines.ReadLine(cancellationToken);
        }
        catch (IOException ex) when (ex.Message != ClosedStandardInput.Message)
        {
            throw new IOException($"could not read standard input ({ex.Message.TrimEnd('.')}).", ex);
        }
    }

    /// <summary>How to classify a file of plain texts, one per line with no header line, which <c>--input</c> reads as a
    /// data file (its first text taken for the column names): from standard input, where every line is one text, as it
    /// is (an empty line too, and a tab or a quote is text). PowerShell has no <c>&lt;</c>, so Windows names its form too.</summary>
    internal static string PlainTextsHint(string bundle, string path, bool windows)
    {
        string command = $"textclf predict {DataOptions.ShellWord(bundle, windows)}";
        string file = DataOptions.ShellWord(path, windows);
        string powerShell = windows ? $" (in PowerShell: Get-Content {file} | {command})" : string.Empty;
        return $"If the file is a plain list of texts, one per line without a header line, classify it from standard input instead of --input: " +
            $"{command} < {file}{powerShell}, which reads every line as one text.";
    }

    /// <summary>The first label that the plain lines cannot print (a line break, tab or other control character, which
    /// training refuses but a Hugging Face export's id2label or an edited manifest may hold), or null.</summary>
    private static string? LabelThatBreaksLines(ITextClassifier classifier)
    {
        foreach (string label in classifier.Labels)
        {
            if (LabelSet.HasControlCharacter(label))
            {
                return label;
            }
        }

        return null;
    }

    /// <summary>What is wrong with a prediction whose scores are not all finite numbers (a broken model: an ONNX graph
    /// whose logits overflow gives NaN or infinity), naming <paramref name="which"/> text; null when they all are. Such
    /// scores were printed as "NaN", or failed the JSON writer with a message about .NET number handling. The text's name
    /// is made only then (<paramref name="which"/> of <paramref name="number"/>), not for every text answered.</summary>
    private static string? NotFinite(Prediction prediction, Func<int, string> which, int number)
    {
        for (int i = 0; i < prediction.Scores.Count; i++)
        {
            if (!float.IsFinite(prediction.Scores[i]))
            {
                return $"the model gave {which(number)} the score {prediction.Scores[i].ToString(CultureInfo.InvariantCulture)} for label '{prediction.Labels[i]}', which is not a finite number: the model is broken (logits that overflow?).";
            }
        }

        return null; // Score is one of Scores
    }

    /// <summary>One output line for a prediction: <c>label\tscore</c>, top-k <c>label:score</c> pairs, or a JSON object;
    /// the plain forms end in <c>\tabstained</c> when the score is below the model's confidence threshold.
    /// For a multi-label model (<paramref name="multiLabel"/>) without --top-k: the predicted labels as tab-separated
    /// <c>label:score</c> pairs, or <c>(none)</c> when no label reaches its threshold.</summary>
    public static string Format(string text, Prediction prediction, int? topK, bool json, bool multiLabel = false)
    {
        if (json)
        {
            return ToJson(text, prediction, topK, multiLabel);
        }

        if (multiLabel && topK is null)
        {
            if (prediction.PredictedLabels.Count == 0)
            {
                return "(none)";
            }

            var pairs = new string[prediction.PredictedLabels.Count];
            for (int i = 0; i < pairs.Length; i++)
            {
                string label = prediction.PredictedLabels[i];
                pairs[i] = $"{label}:{Score(prediction.ScoreOf(label))}";
            }

            return string.Join('\t', pairs);
        }

        if (topK is int k)
        {
            string pairs = string.Join('\t', prediction.TopK(k).Select(pair => $"{pair.Label}:{Score(pair.Score)}"));
            return prediction.Abstained ? pairs + "\tabstained" : pairs;
        }

        return prediction.Abstained
            ? $"{prediction.Label}\t{Score(prediction.Score)}\tabstained"
            : $"{prediction.Label}\t{Score(prediction.Score)}";
    }

    /// <summary><c>{"text":…,"label":…,"score":…[,"abstained":true],"scores":{…every label…}[,"topK":[{"label":…,"score":…},…]]}</c>
    /// on one line; <c>abstained</c> appears when the score is below the model's confidence threshold. For a multi-label
    /// model (<paramref name="multiLabel"/>) a <c>"labels"</c> array lists every label whose score reaches its threshold
    /// (<c>label</c> and <c>score</c> then name the most probable label).</summary>
    public static string ToJson(string text, Prediction prediction, int? topK, bool multiLabel = false, int? line = null)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, JsonOptions))
        {
            WriteObject(writer, text, prediction, topK, multiLabel, line);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    // The object ToJson describes.
    private static void WriteObject(Utf8JsonWriter writer, string text, Prediction prediction, int? topK, bool multiLabel, int? line)
    {
        writer.WriteStartObject();
        if (line is int number)
        {
            // predict --input: the line the text's record starts on in its file.
            writer.WriteNumber("line", number);
        }

        writer.WriteString("text", text);
        writer.WriteString("label", prediction.Label);
        writer.WriteNumber("score", prediction.Score);
        if (prediction.Abstained)
        {
            // Below the model's confidence threshold: "none of these" (the label is still the best guess).
            writer.WriteBoolean("abstained", true);
        }

        if (multiLabel)
        {
            writer.WriteStartArray("labels");
            IReadOnlyList<string> predicted = prediction.PredictedLabels;
            for (int i = 0; i < predicted.Count; i++)
            {
                writer.WriteStringValue(predicted[i]);
            }

            writer.WriteEndArray();
        }

        writer.WriteStartObject("scores");
        for (int i = 0; i < prediction.Labels.Count; i++)
        {
            writer.WriteNumber(prediction.Labels[i], prediction.Scores[i]);
        }

        writer.WriteEndObject();
        if (topK is int k)
        {
            writer.WriteStartArray("topK");
            IReadOnlyList<LabelScore> best = prediction.TopK(k);
            for (int i = 0; i < best.Count; i++)
            {
                writer.WriteStartObject();
                writer.WriteString("label", best[i].Label);
                writer.WriteNumber("score", best[i].Score);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static string Score(float score) => score.ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>The JSON lines of a stream of answers (stdin, --input), each written into buffers kept from one text to
    /// the next: a line had its own buffer writer (grown from 256 bytes), JSON writer and string, about 6 KB a text for
    /// 40 labels, many times what classifying the text allocates.</summary>
    private sealed class JsonLines : IDisposable
    {
        private readonly ArrayBufferWriter<byte> _bytes = new(1024);
        private readonly Utf8JsonWriter _writer;
        private char[] _chars = new char[1024];

        public JsonLines() => _writer = new Utf8JsonWriter(_bytes, JsonOptions);

        /// <summary>The line <see cref="ToJson"/> gives, valid until the next call.</summary>
        public ReadOnlySpan<char> Format(string text, Prediction prediction, int? topK, bool multiLabel, int? line = null)
        {
            _bytes.ResetWrittenCount();
            _writer.Reset(_bytes);
            WriteObject(_writer, text, prediction, topK, multiLabel, line);
            _writer.Flush();
            ReadOnlySpan<byte> utf8 = _bytes.WrittenSpan;
            int most = Encoding.UTF8.GetMaxCharCount(utf8.Length);
            if (_chars.Length < most)
            {
                _chars = new char[Math.Max(most, _chars.Length * 2)];
            }

            return _chars.AsSpan(0, Encoding.UTF8.GetChars(utf8, _chars));
        }

        public void Dispose() => _writer.Dispose();
    }
}
