using System.Diagnostics;
using System.Globalization;
using TextClassification.Training.Data;

namespace TextClassification.Benchmarks.Comparison;

/// <summary>
/// The fastText CLI (Debian package <c>fasttext</c>, 0.9.2; override with the FASTTEXT environment variable):
/// <c>fasttext supervised -wordNgrams 2 -epoch 25 -lr 0.5 -thread {cores} -seed {seed}</c>, its defaults otherwise.
/// </summary>
internal sealed class FastTextPeer : IPeer
{
    private readonly string? _fastText;
    private readonly int _threads = Environment.ProcessorCount;
    private readonly int _seed;

    /// <param name="seed">The comparison's <c>--seed</c>, passed as <c>-seed</c> (fastText's own default is 0).</param>
    /// <param name="tool">The fastText program; null: the FASTTEXT variable, else <c>fasttext</c> on PATH.</param>
    public FastTextPeer(int seed, string? tool = null)
    {
        _seed = seed;
        tool ??= Environment.GetEnvironmentVariable("FASTTEXT") is { Length: > 0 } custom ? custom : "fasttext";
        _fastText = ExternalTool.Find(tool);
        Unavailable = _fastText is null ? $"{tool} not found (apt-get install fasttext, or set FASTTEXT)" : null;
    }

    public string Key => "fasttext";

    public string Name => "fastText";

    public string Description =>
        $"fastText: `fasttext supervised -wordNgrams 2 -epoch 25 -lr 0.5 -thread {_threads} -seed {_seed}` (the issue's flags; " +
        $"-thread = this machine's {_threads} cores, so runs are not bit-reproducible; defaults otherwise: dim 100, " +
        "2M buckets). Train s: wall time from starting `fasttext supervised` to its end-of-training line (`-verbose 1`'s " +
        "\"Progress: 100.0%\", printed once its threads are done, up to 0.1 s after): reading the file and filling the " +
        "~800 MB table included, writing model.bin and model.vec excluded, as no other peer's time includes saving a model. Pred/s: test-set size divided by the time `fasttext predict model.bin -` takes to " +
        "answer all test texts over a pipe, started after a first warm-up line was answered (model loading excluded).";

    public bool InProcess => false;

    public string? Unavailable { get; }

    public PeerRun Run(DatasetSplit split, bool probabilities = false)
    {
        if (_fastText is null)
        {
            throw new InvalidOperationException(Unavailable);
        }

        using var scratch = new ExternalTool.ScratchFolder("textclf-fasttext-");
        string trainFile = scratch.File("train.txt");
        string model = scratch.File("model");
        var codes = new LabelCodes(split);
        WriteTrainingFile(trainFile, split.Train.Rows, codes);

        (double trainSeconds, string? note) = Train(trainFile, model, codes.Prefix);

        (string[] predicted, double predictSeconds) = Predict(model + ".bin", split.Test.Rows);

        // An empty line (a text of no known word) is no label, an error like any wrong one.
        var predictions = new string[predicted.Length];
        for (int i = 0; i < predicted.Length; i++)
        {
            predictions[i] = codes.Label(predicted[i].Trim()) ?? string.Empty;
        }

        return new PeerRun(
            predictions,
            trainSeconds,
            split.Test.Rows.Count / predictSeconds,
            note,
            Probabilities: probabilities ? Probabilities(model + ".bin", scratch.File("test.txt"), split, codes) : null);
    }

    /// <summary>
    /// Runs <c>fasttext supervised</c> at <c>-verbose 1</c> and returns the seconds from its start to its end-of-training
    /// line: after that line fastText only saves the model (~800 MB of model.bin and the .vec file, a third or more of
    /// the process's wall time on the small sets), which no other peer's train time includes. Without the line (another
    /// fastText build) the whole process's time, with a note saying so.
    /// </summary>
    private (double Seconds, string? Note) Train(string trainFile, string model, string labelPrefix)
    {
        var clock = Stopwatch.StartNew();
        using Process process = ExternalTool.Start(
            _fastText!,
            [
                "supervised", "-input", trainFile, "-output", model,
                "-wordNgrams", "2", "-epoch", "25", "-lr", "0.5",
                "-thread", _threads.ToString(CultureInfo.InvariantCulture), "-seed", _seed.ToString(CultureInfo.InvariantCulture), "-label", labelPrefix, "-verbose", "1",
            ]);
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        var error = new System.Text.StringBuilder();
        double? trained = null;

        // fastText writes "\rProgress: 100.0% …\n" to standard error once its threads have joined, before saving;
        // ReadLine ends a line at the \r too, so the progress line reads on its own.
        while (process.StandardError.ReadLine() is { } line)
        {
            if (trained is null && line.StartsWith("Progress:", StringComparison.Ordinal))
            {
                trained = clock.Elapsed.TotalSeconds;
            }

            error.AppendLine(line);
        }

        process.WaitForExit();
        clock.Stop();
        _ = output.Result;
        ExternalTool.ThrowOnFailure(process, _fastText!, error.ToString());
        return trained is { } seconds
            ? (seconds, null)
            : (clock.Elapsed.TotalSeconds, "no end-of-training line: train s includes writing the model");
    }

    /// <summary>
    /// --calibration: <c>fasttext predict-prob model test.txt K</c> with K = every training label, untimed. fastText
    /// prints each label with its softmax probability (those it gives no line for, e.g. a text of no known word, get
    /// 1/K each).
    /// </summary>
    private PeerProbabilities Probabilities(string model, string testFile, DatasetSplit split, LabelCodes codes)
    {
        IReadOnlyList<LabeledText> rows = split.Test.Rows;
        using (var writer = new StreamWriter(testFile, false, ExternalTool.Utf8))
        {
            foreach (LabeledText row in rows)
            {
                writer.Write(Line(row.Text));
            }
        }

        IReadOnlyList<string> labels = codes.Labels;
        string output = ExternalTool.Run(_fastText!, "predict-prob", model, testFile, labels.Count.ToString(CultureInfo.InvariantCulture));
        string[] lines = output.Split('\n');
        float[] values = new float[(long)rows.Count * labels.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            Span<float> row = values.AsSpan(i * labels.Count, labels.Count);
            string[] fields = i < lines.Length ? lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
            if (fields.Length < 2)
            {
                row.Fill(1f / labels.Count);
                continue;
            }

            for (int f = 0; f + 1 < fields.Length; f += 2)
            {
                row[codes.Index(fields[f])] = float.Parse(fields[f + 1], CultureInfo.InvariantCulture);
            }
        }

        return new PeerProbabilities([.. labels], values);
    }

    /// <summary>Feeds one warm-up line, then times all test texts through a running <c>fasttext predict model -</c>.</summary>
    private (string[] Predictions, double Seconds) Predict(string model, IReadOnlyList<LabeledText> rows)
    {
        using Process process = ExternalTool.Start(_fastText!, ["predict", model, "-"], redirectInput: true);
        Task<string> error = process.StandardError.ReadToEndAsync();
        StreamWriter input = process.StandardInput;
        input.Write(Line(rows[0].Text));
        input.Flush();
        _ = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("fasttext predict gave no output: " + error.Result);

        var clock = Stopwatch.StartNew();
        Task writer = Task.Run(() =>
        {
            foreach (LabeledText row in rows)
            {
                input.Write(Line(row.Text));
            }

            input.Close();
        });
        var predictions = new string[rows.Count];
        for (int i = 0; i < predictions.Length; i++)
        {
            predictions[i] = process.StandardOutput.ReadLine() ?? string.Empty;
        }

        clock.Stop();
        writer.Wait();
        process.WaitForExit();
        ExternalTool.ThrowOnFailure(process, _fastText!, error.Result);
        return (predictions, clock.Elapsed.TotalSeconds);
    }

    private static string Line(string text) => ExternalTool.OneLine(text) + "\n";

    private static void WriteTrainingFile(string path, IReadOnlyList<LabeledText> rows, LabelCodes codes)
    {
        using var writer = new StreamWriter(path, false, ExternalTool.Utf8);
        foreach (LabeledText row in rows)
        {
            writer.Write(codes.Code(row.Label));
            writer.Write(' ');
            writer.Write(Line(row.Text));
        }
    }

    /// <summary>
    /// The labels as fastText reads them: each training label as the prefix and its number (fastText splits a label at
    /// any whitespace, so "a b" had to become "a_b", the same token as a label "a_b", and a vertical tab split it), the
    /// prefix one that starts no word of any text (every word that starts with it is a label to fastText: a text with
    /// "__label__x" in it trained as a row of two labels, and predictions could name a label that never was one).
    /// </summary>
    private sealed class LabelCodes
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        private readonly List<string> _labels = [];

        public LabelCodes(DatasetSplit split)
        {
            foreach (LabeledText row in split.Train.Rows)
            {
                if (!_index.ContainsKey(row.Label))
                {
                    _index[row.Label] = _labels.Count;
                    _labels.Add(row.Label);
                }
            }

            string prefix = "__label__";
            while (split.Train.Rows.Concat(split.Test.Rows).Any(row => row.Text.Contains(prefix, StringComparison.Ordinal)))
            {
                prefix = "_" + prefix;
            }

            Prefix = prefix;
        }

        /// <summary>fastText's <c>-label</c> prefix.</summary>
        public string Prefix { get; }

        /// <summary>The training labels, numbered in order of first appearance.</summary>
        public IReadOnlyList<string> Labels => _labels;

        /// <summary>How fastText's training file names a label.</summary>
        public string Code(string label) => Prefix + _index[label].ToString(CultureInfo.InvariantCulture);

        /// <summary>The number of the label a fastText output token names; throws on a token that names none.</summary>
        public int Index(string token) =>
            token.StartsWith(Prefix, StringComparison.Ordinal)
            && int.TryParse(token.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            && index < _labels.Count
                ? index
                : throw new InvalidOperationException($"fastText answered '{token}', which names no training label.");

        /// <summary>The dataset's label a fastText prediction names, or null for an empty answer.</summary>
        public string? Label(string token) => token.Length == 0 ? null : _labels[Index(token)];
    }
}
