using TextClassification.Bundles;
using TextClassification.Tokenization;

namespace TextClassification.Fuzz;

/// <summary>
/// The properties every input must keep. Each target returns null when the input passed, or a description of the
/// failure (an unexpected exception or a broken property); it never throws.
/// </summary>
internal static class FuzzTargets
{
    private static readonly string[] ProbeTexts = ["the stock market", "goal in the match", "rain and storm", "", "😀"];

    /// <summary>Tokenizers and the whole classification path on one text.</summary>
    public static string? Text(string text) => Guarded(() => Featurizers(text) ?? Classifiers(text) ?? WordPieces(text));

    /// <summary>Loading a (possibly damaged) bundle: success, or a <see cref="BundleFormatException"/>; a loaded model
    /// must classify.</summary>
    public static string? Bundle(string folder) => Bundle(folder, out _);

    /// <inheritdoc cref="Bundle(string)"/>
    public static string? Bundle(string folder, out bool loaded) => Bundle(folder, out loaded, sameAs: null);

    /// <summary>As <see cref="Bundle(string)"/>; a loaded model must also score the probe texts exactly as
    /// <paramref name="sameAs"/> does, where it is given.</summary>
    public static string? Bundle(string folder, out bool loaded, TextClassifier? sameAs) =>
        LoadThenProbe(() => TextClassifier.Load(folder), ex => ex.FilePath.Length > 0, model => BundleProbes(model, sameAs), out loaded);

    private static string? BundleProbes(TextClassifier model, TextClassifier? sameAs)
    {
        foreach (string text in ProbeTexts)
        {
            string? failure = CheckDistribution(model, text);
            if (failure is not null)
            {
                return "loaded, then: " + failure;
            }

            if (sameAs is not null && !model.Classify(text).Scores.SequenceEqual(sameAs.Classify(text).Scores))
            {
                return $"loaded after damage to its weight files alone, and scores '{text}' unlike the model saved";
            }
        }

        return null;
    }

    /// <summary>Loading a (possibly damaged) Hugging Face export folder (<see cref="OnnxTextClassifier.Create"/>): a
    /// classifier, or a <see cref="BundleFormatException"/> naming a file of the folder (or the folder), as its XML docs
    /// say. A loaded classifier's tokenizer encodes texts (ids inside the vocabulary, within its MaxLength, offsets inside
    /// the text; pairs too where its template builds them) and it classifies them (the graph has an embedding for every
    /// id) into a distribution over config.json's labels.</summary>
    public static string? Export(string folder) => Export(folder, out _);

    /// <inheritdoc cref="Export(string)"/>
    public static string? Export(string folder, out bool loaded) =>
        LoadThenProbe(() => Onnx.OnnxTextClassifier.Create(folder), ex => NamesPartOf(ex.FilePath, folder), classifier => ExportChecks(classifier, folder), out loaded);

    private static string? ExportChecks(Onnx.OnnxTextClassifier classifier, string folder)
    {
        using (classifier)
        {
            try
            {
                return ExportProbes(classifier) is { } failure ? "loaded, then: " + failure : null;
            }
            catch (BundleFormatException ex) when (ex.FilePath == Path.Combine(Path.GetFullPath(folder), "model.onnx") && !ExportFiles.DeclaresTables(folder))
            {
                // An id or position past the graph's tables that config.json did not let the load see.
                return null;
            }
        }
    }

    // The folder targets' shape: a load the library may refuse (a BundleFormatException that refused accepts: null,
    // loaded false), then the probes of what loaded; any other exception, from the load or the probes, is a finding.
    private static string? LoadThenProbe<T>(Func<T> load, Func<BundleFormatException, bool> refused, Func<T, string?> probe, out bool loaded)
    {
        bool opened = false;
        string? failure = Guarded(() =>
        {
            T model;
            try
            {
                model = load();
            }
            catch (BundleFormatException ex) when (refused(ex))
            {
                return null;
            }

            opened = true;
            return probe(model);
        });
        loaded = opened;
        return failure;
    }

    /// <summary>Loading a (possibly damaged) encoder + head bundle whose encoder is the copy it carries
    /// (<see cref="EncoderBundleFiles"/>) through <see cref="TextClassifierLoader.Load(string, Onnx.OnnxTextClassifierOptions?)"/>:
    /// a classifier, or a <see cref="BundleFormatException"/> naming a file of the bundle or of its encoder folder (or
    /// either folder). A loaded classifier gives a distribution over its labels for every probe text, and, where
    /// <paramref name="sameAs"/> is given (the damage missed the manifest), exactly its scores: a head is never run on
    /// another encoder than its own, nor on weights other than those saved.</summary>
    public static string? EncoderBundle(string folder) => EncoderBundle(folder, out _, sameAs: null);

    /// <inheritdoc cref="EncoderBundle(string)"/>
    public static string? EncoderBundle(string folder, out bool loaded, ITextClassifier? sameAs) =>
        LoadThenProbe(
            () => TextClassifierLoader.Load(folder),
            ex => NamesPartOf(ex.FilePath, folder) || NamesPartOf(ex.FilePath, Path.Combine(folder, ModelBundle.CarriedEncoderFolderName)),
            classifier => EncoderBundleProbes(classifier, sameAs),
            out loaded);

    private static string? EncoderBundleProbes(ITextClassifier classifier, ITextClassifier? sameAs)
    {
        using (classifier as IDisposable)
        {
            foreach (string text in ExportTexts)
            {
                Prediction prediction = classifier.Classify(text);
                if (CheckProbabilities(prediction, classifier.Labels.Count, multiLabel: false) is { } failure)
                {
                    return $"loaded, then: '{text}': {failure}";
                }

                if (sameAs is not null && !prediction.Scores.SequenceEqual(sameAs.Classify(text).Scores))
                {
                    return $"loaded after damage that missed its manifest, and scores '{text}' unlike the bundle saved";
                }
            }
        }

        return null;
    }

    // Whether an exception's file is the folder or a file in it.
    private static bool NamesPartOf(string filePath, string folder)
    {
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        return filePath.Length > 0 &&
            (string.Equals(Path.TrimEndingDirectorySeparator(filePath), full, StringComparison.Ordinal) ||
             string.Equals(Path.GetDirectoryName(filePath), full, StringComparison.Ordinal));
    }

    private static readonly string[] ExportTexts =
        ["the cat sat on the mat", "", "a very GOOD movie!!", "[CLS] [MASK] [USER] <url> x", "ünïcödé 中文 \uD800 😀", "\0\u00AD", "a b c d e f g h i j k l m n o p q r s t u v w x y z the cat sat on the mat and the dog sat on the mat but the plot is not great"];

    private static string? ExportProbes(Onnx.OnnxTextClassifier classifier)
    {
        WordPieceTokenizer tokenizer = classifier.Tokenizer;
        bool pairs = true;
        try
        {
            tokenizer.Encode("a", "b");
        }
        catch (NotSupportedException)
        {
            // A pair template this class does not build: documented, and only for pairs.
            pairs = false;
        }

        foreach (string text in ExportTexts)
        {
            if ((CheckEncoding(tokenizer, text, pairs) ?? CheckScores(classifier, text)) is { } failure)
            {
                return $"'{text}': {failure}";
            }
        }

        return null;
    }

    private static string? CheckScores(Onnx.OnnxTextClassifier classifier, string text) =>
        CheckProbabilities(classifier.Classify(text), classifier.Labels.Count, classifier.IsMultiLabel);

    // One probability per label, each in [0, 1], summing to 1 unless the labels are independent.
    private static string? CheckProbabilities(Prediction prediction, int labels, bool multiLabel)
    {
        if (prediction.Scores.Count != labels)
        {
            return $"{prediction.Scores.Count} scores for {labels} labels";
        }

        float sum = 0;
        foreach (float score in prediction.Scores)
        {
            if (!float.IsFinite(score) || score < 0 || score > 1)
            {
                return $"score {score} is not a probability";
            }

            sum += score;
        }

        return multiLabel || Math.Abs(sum - 1) <= 1e-3f ? null : $"scores sum to {sum}";
    }

    /// <summary>Reading a (possibly malformed) data file as each format: a dataset, or a <see cref="DataFormatException"/>
    /// naming a line; rows in line order with labels of one printable line; the same rows when the input arrives a few
    /// chars at a time (as from a pipe); and the same rows when read again. Read with its label column as a 0/1 label
    /// column too: every label the empty set or the column's name.</summary>
    public static string? Data(string content)
    {
        foreach (Training.Data.DatasetFormat format in DataFiles.Formats)
        {
            try
            {
                string? failure = DataAs(content, format);
                if (failure is not null)
                {
                    return $"{format}: {failure}";
                }
            }
#pragma warning disable CA1031 // Any exception is a finding.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                return $"{format}: {ex.GetType().FullName}: {ex.Message}{Environment.NewLine}{ex.StackTrace}";
            }
        }

        return null;
    }

    /// <summary>Rows written as a data file read back as written (<see cref="RoundTrips"/>).</summary>
    public static string? RoundTrip(RoundTripCase data) => Guarded(() => RoundTrips.Check(data));

    /// <summary>Reading a (possibly damaged) Parquet file: a dataset, or a <see cref="DataFormatException"/> naming the
    /// file; rows in row order from 1, each with a text and a label of one printable line; so too from a stream that cannot
    /// seek. Read with a multi-label delimiter and the list column too.</summary>
    public static string? Parquet(byte[] bytes) => Guarded(() =>
    {
        foreach (Training.Data.DatasetReadOptions options in ParquetOptions)
        {
            if (ParquetFailure(new MemoryStream(bytes), options) is { } failure)
            {
                return failure;
            }

            // Not compared with the seekable read: in a long fuzz run a damaged file's two reads once differed (which rows
            // were skipped), and the same file read alone in a fresh process does not; Parquet.Net pools its buffers, so a
            // damaged page may decode into what an earlier read left there. Each read must still keep the properties.
            if (ParquetFailure(new PipeStream(bytes), options) is { } piped)
            {
                return "read from a stream that cannot seek: " + piped;
            }
        }

        return null;
    });

    // The check's finding, or any exception it throws as one.
    private static string? Guarded(Func<string?> check)
    {
        try
        {
            return check();
        }
#pragma warning disable CA1031 // Any exception is a finding.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return $"{ex.GetType().FullName}: {ex.Message}{Environment.NewLine}{ex.StackTrace}";
        }
    }

    private static readonly Training.Data.DatasetReadOptions[] ParquetOptions =
    [
        new(),
        new() { LabelColumn = "labels", MultiLabelDelimiter = "|" },
    ];

    // What property a read of the file broke, or null: a DataFormatException naming the file, or rows in order with a text
    // and a label of one printable line.
    private static string? ParquetFailure(Stream stream, Training.Data.DatasetReadOptions options)
    {
        Training.Data.Dataset dataset;
        try
        {
            dataset = Training.Data.DatasetReader.ReadParquet(stream, "fuzz.parquet", options);
        }
        catch (Training.Data.DataFormatException ex) when (ex.LineNumber >= 0 && ex.Message.StartsWith("fuzz.parquet: ", StringComparison.Ordinal))
        {
            return null;
        }

        int previous = 0;
        foreach (Training.Data.LabeledText row in dataset.Rows)
        {
            if (row.LineNumber <= previous || row.Text.Length == 0 || row.Label.Length == 0 || row.Label.AsSpan().IndexOfAnyInRange('\0', '\u001F') >= 0)
            {
                return $"row {row.LineNumber} (after row {previous}) is out of order, or has an empty text, or a label that is empty or not one printable line";
            }

            previous = row.LineNumber;
        }

        return null;
    }

    // A stream that cannot seek, as a pipe is.
    private sealed class PipeStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    private static string? DataAs(string content, Training.Data.DatasetFormat format)
    {
        if (LabelColumnsAs(content, format) is { } columns)
        {
            return columns;
        }

        string? whole = Rows(new StringReader(content), format, out Training.Data.Dataset? dataset);
        // 1 to 7 chars a read, by the input's length, so reads end at every kind of place across inputs.
        string? trickled = Rows(new TrickleReader(content, 1 + (content.Length % 7)), format, out _);
        if (!string.Equals(whole, trickled, StringComparison.Ordinal))
        {
            return $"read whole and a few chars at a time differ:{Environment.NewLine}{whole}{Environment.NewLine}---{Environment.NewLine}{trickled}";
        }

        if (dataset is null)
        {
            return null;
        }

        int previous = 0;
        foreach (Training.Data.LabeledText row in dataset.Rows)
        {
            // Rows come in file order; only a JSON array on one line gives several rows one line.
            if (row.LineNumber < previous || (row.LineNumber == previous && format != Training.Data.DatasetFormat.JsonLines))
            {
                return $"row at line {row.LineNumber} after one at line {previous}";
            }

            previous = row.LineNumber;
            if (row.Label.Length == 0 || row.Label.AsSpan().IndexOfAnyInRange('\0', '\u001F') >= 0 || row.Text.Length == 0)
            {
                return $"row at line {row.LineNumber} has an empty text, or a label that is empty or not one printable line";
            }
        }

        return null;
    }

    // Read with the label column as a 0/1 column (DatasetReadOptions.LabelColumns; every other input with a threshold, so
    // fractions read too): a dataset whose every label is the empty set or the column's name, or a DataFormatException
    // naming a line.
    private static string? LabelColumnsAs(string content, Training.Data.DatasetFormat format)
    {
        var options = new Training.Data.DatasetReadOptions
        {
            LabelColumns = ["label"],
            MultiLabelDelimiter = "|",
            LabelColumnThreshold = content.Length % 2 == 0 ? 0.5 : null,
        };
        Training.Data.Dataset data;
        try
        {
            data = Training.Data.DatasetReader.Read(new StringReader(content), "fuzz-input", format, options);
        }
        catch (Training.Data.DataFormatException ex) when (ex.LineNumber >= 1)
        {
            return null;
        }

        foreach (Training.Data.LabeledText row in data.Rows)
        {
            if (row.Label is not ("|" or "label"))
            {
                return $"label columns: row at line {row.LineNumber} has the label '{row.Label}'";
            }
        }

        return null;
    }

    // The rows (line, label, text) or the error's line, as one string to compare; the dataset when it was read.
    private static string Rows(TextReader reader, Training.Data.DatasetFormat format, out Training.Data.Dataset? dataset)
    {
        dataset = null;
        try
        {
            dataset = Training.Data.DatasetReader.Read(reader, "fuzz-input", format);
        }
        catch (Training.Data.DataFormatException ex) when (ex.LineNumber >= 1)
        {
            return $"error at line {ex.LineNumber}";
        }

        var text = new System.Text.StringBuilder();
        foreach (Training.Data.LabeledText row in dataset.Rows)
        {
            text.Append(row.LineNumber).Append('\u0001').Append(row.Label).Append('\u0001').Append(row.Text).Append('\u0002');
        }

        foreach (Training.Data.SkippedRow skipped in dataset.Skipped)
        {
            text.Append("skipped ").Append(skipped.LineNumber).Append('\u0002');
        }

        return text.ToString();
    }

    private static string? Featurizers(string text)
    {
        foreach (HashedNGramOptions options in FuzzModels.FeaturizerOptions)
        {
            var vectorized = new HashedNGramFeaturizer(options, vectorized: true);
            var scalar = new HashedNGramFeaturizer(options, vectorized: false);
            int[] a = new int[vectorized.MaxFeatures];
            int[] b = new int[scalar.MaxFeatures];
            int countA = vectorized.Extract(text, a);
            int countB = scalar.Extract(text, b);
            if (!a.AsSpan(0, countA).SequenceEqual(b.AsSpan(0, countB)))
            {
                return $"featurizer {options}: vectorized gives {countA} features, scalar {countB}, or they differ";
            }

            foreach (int bucket in a.AsSpan(0, countA))
            {
                if (bucket < 0 || bucket >= options.Buckets)
                {
                    return $"featurizer {options}: bucket {bucket} out of range";
                }
            }
        }

        return null;
    }

    private static string? Classifiers(string text)
    {
        foreach (TextClassifier model in FuzzModels.Models)
        {
            string? failure = CheckDistribution(model, text);
            if (failure is not null)
            {
                return failure;
            }
        }

        return null;
    }

    private static string? CheckDistribution(TextClassifier model, string text)
    {
        Prediction prediction = model.Classify(text);
        if (CheckProbabilities(prediction, model.Labels.Count, multiLabel: false) is { } failure)
        {
            return failure;
        }

        float[] scores = new float[model.Labels.Count];
        model.Score(text, scores);
        return scores.AsSpan().SequenceEqual(prediction.Scores.ToArray()) ? null : "Score differs from Classify";
    }

    private static string? WordPieces(string text)
    {
        foreach (WordPieceTokenizer tokenizer in FuzzModels.WordPieces)
        {
            if (CheckEncoding(tokenizer, text, pairs: true) is { } failure)
            {
                return failure;
            }
        }

        return null;
    }

    // The encoding of a text (and, where the tokenizer builds pairs, of the text with itself): [CLS] and [SEP] within
    // MaxLength, ids inside the vocabulary, offsets inside the text.
    private static string? CheckEncoding(WordPieceTokenizer tokenizer, string text, bool pairs)
    {
        int maxLength = tokenizer.Options.MaxLength;
        WordPieceEncoding encoding = tokenizer.Encode(text);
        if (encoding.Ids.Length < 2 || encoding.Ids.Length > maxLength || encoding.Offsets.Length != encoding.Ids.Length)
        {
            return $"WordPiece (MaxLength {maxLength}) gave {encoding.Ids.Length} ids";
        }

        foreach (int id in encoding.Ids)
        {
            if (id < 0 || id >= tokenizer.Vocabulary.Count)
            {
                return $"WordPiece id {id} outside the vocabulary";
            }
        }

        foreach (TokenOffset offset in encoding.Offsets)
        {
            if (offset.Start < 0 || offset.End < offset.Start || offset.End > text.Length)
            {
                return $"WordPiece offset {offset} outside the text of {text.Length} chars";
            }
        }

        if (!pairs)
        {
            return SameAsBatch(tokenizer, encoding, text, null);
        }

        WordPieceEncoding pair = tokenizer.Encode(text, text);
        if (pair.Ids.Length < 3 || pair.Ids.Length > maxLength)
        {
            return $"WordPiece pair (MaxLength {maxLength}) gave {pair.Ids.Length} ids";
        }

        return SameAsBatch(tokenizer, encoding, text, null) ?? SameAsBatch(tokenizer, pair, text, text);
    }

    // Encode and the batch path (EncodeBatch, what the ONNX classifiers and encoders run) are two implementations of one
    // encoding: the same ids, token types, offsets and attention mask, row by row. Checking only the ranges of each missed
    // a planted bug that gave [SEP] the second segment's type (review 52f).
    private static string? SameAsBatch(WordPieceTokenizer tokenizer, WordPieceEncoding encoding, string text, string? pair)
    {
        using var batch = new TokenBatch();
        if (pair is null)
        {
            tokenizer.EncodeBatch([text], batch);
        }
        else
        {
            tokenizer.EncodeBatch([text], [pair], batch);
        }

        int length = batch.GetLength(0);
        ReadOnlySpan<long> ids = batch.InputIds.Span[..batch.SequenceLength];
        ReadOnlySpan<long> types = batch.TokenTypeIds.Span[..batch.SequenceLength];
        ReadOnlySpan<long> mask = batch.AttentionMask.Span[..batch.SequenceLength];
        string what = pair is null ? "text" : "pair";
        if (length != encoding.Ids.Length || !batch.GetOffsets(0)[..length].SequenceEqual(encoding.Offsets))
        {
            return $"WordPiece {what}: the batch row has {length} tokens, Encode {encoding.Ids.Length}, or their offsets differ";
        }

        for (int i = 0; i < batch.SequenceLength; i++)
        {
            bool token = i < length;
            if (mask[i] != (token ? 1 : 0) || (token && (ids[i] != encoding.Ids[i] || types[i] != encoding.TypeIds[i])))
            {
                return $"WordPiece {what}: position {i} of the batch row (id {ids[i]}, type {types[i]}, mask {mask[i]}) differs from Encode's";
            }
        }

        return null;
    }
}
