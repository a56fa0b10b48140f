using System.Buffers;
using TextClassification.Bundles;
using TextClassification.Pooling;
using TextClassification.Tokenization;

namespace TextClassification.Onnx;

/// <summary>
/// A sentence encoder exported to ONNX (a folder with <c>model.onnx</c> and <c>tokenizer.json</c> or
/// <c>vocab.txt</c>; <c>config.json</c> optional): texts → WordPiece → ONNX Runtime → <c>last_hidden_state</c>
/// [B, S, D] pooled by <see cref="SentencePooling"/> (masked mean or [CLS]), or a pooled [B, D] output used as is →
/// optional L2 normalisation. Batches are padded to their longest text. Thread-safe; dispose to release the session.
/// </summary>
public sealed class OnnxSentenceEncoder : IDisposable
{
    // A sentence-transformers export's own sentence vector first; then the token vectors, pooled as the options say
    // (a BERT export's pooler_output, tanh of a layer over [CLS] trained for next-sentence prediction, would ignore
    // the pooling setting and makes a weaker sentence vector); then the pooled outputs.
    internal static readonly string[] Outputs = ["sentence_embedding", "last_hidden_state", "pooler_output", "embeddings"];

    private readonly OnnxModel _model;
    private readonly OnnxSentenceEncoderOptions _options;

    private OnnxSentenceEncoder(WordPieceTokenizer tokenizer, OnnxModel model, OnnxSentenceEncoderOptions options, string fingerprint, string modelPath)
    {
        Tokenizer = tokenizer;
        ModelPath = modelPath;
        _model = model;
        _options = options;
        Fingerprint = fingerprint;
    }

    /// <summary>SHA-256 (hex) of what determines the vectors: the graph's bytes, the loaded vocabulary (tokens in id
    /// order, so a vocab.txt with other line endings gives the same), the tokenizer settings (sequence length
    /// included), pooling and normalisation. Embedding caches are keyed by it, and encoder + head bundles record it.</summary>
    public string Fingerprint { get; }

    /// <summary>The full path of the graph the encoder runs (<c>model.onnx</c> in its folder), for messages.</summary>
    internal string ModelPath { get; }

    /// <summary>Length of every sentence vector.</summary>
    public int Dimension => _model.OutputWidth;

    /// <summary>The tokenizer.</summary>
    public WordPieceTokenizer Tokenizer { get; }

    /// <summary>Texts per ONNX Runtime run: <see cref="OnnxSentenceEncoderOptions.MaxBatchSize"/>, or the graph's fixed
    /// batch size.</summary>
    internal int RunRows => _model.BatchSize(_options.MaxBatchSize);

    /// <summary>A copy of the settings it was created with (changing it changes nothing: the vectors must stay what
    /// <see cref="Fingerprint"/> says).</summary>
    public OnnxSentenceEncoderOptions Options => _options.Snapshot();

    /// <summary>Loads an encoder folder.</summary>
    /// <param name="folder">Folder with <c>model.onnx</c> and <c>tokenizer.json</c> or <c>vocab.txt</c>.</param>
    /// <param name="options">Settings; null for defaults.</param>
    /// <returns>The encoder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="folder"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="folder"/> is empty or white space.</exception>
    /// <exception cref="BundleFormatException">A file is missing or the graph has no usable output.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range, or <c>MaxLength</c> exceeds the model's
    /// <c>max_position_embeddings</c>.</exception>
    public static OnnxSentenceEncoder Create(string folder, OnnxSentenceEncoderOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        // A copy: the encoder is immutable, so a caller changing its options object afterwards changes nothing.
        options = options?.Snapshot() ?? new OnnxSentenceEncoderOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchSize, 1);
        if (!Enum.IsDefined(options.Pooling))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Pooling, $"{nameof(OnnxSentenceEncoderOptions.Pooling)} must be {nameof(SentencePoolingMode.Mean)} or {nameof(SentencePoolingMode.Cls)}.");
        }

        if (options.Session is null)
        {
            throw new ArgumentNullException(nameof(options), $"{nameof(OnnxSentenceEncoderOptions.Session)} is null.");
        }

        options.Session.Validate(nameof(options));
        folder = Path.GetFullPath(folder);
        string modelPath = Path.Combine(folder, OnnxTextClassifier.ModelFileName);
        if (!Directory.Exists(folder))
        {
            throw new BundleFormatException(folder, "the encoder folder does not exist.");
        }

        if (!File.Exists(modelPath))
        {
            // The Hugging Face Hub's sentence-transformers repositories keep the graph in onnx/, the tokenizer above it.
            string nested = Path.Combine("onnx", OnnxTextClassifier.ModelFileName);
            throw new BundleFormatException(folder, File.Exists(Path.Combine(folder, nested))
                ? $"an ONNX encoder folder needs {OnnxTextClassifier.ModelFileName} beside its tokenizer files; this one keeps it in {nested} (the Hugging Face Hub's layout): " +
                  $"copy the tokenizer files (tokenizer.json or vocab.txt, tokenizer_config.json, special_tokens_map.json) and config.json into its onnx folder and give that folder."
                : $"an ONNX encoder folder needs {OnnxTextClassifier.ModelFileName}.");
        }

        string configPath = Path.Combine(folder, HuggingFaceConfig.FileName);
        HuggingFaceConfig? config = File.Exists(configPath) ? HuggingFaceConfig.Read(configPath) : null;
        OnnxTextClassifier.CheckMaxLength(options.MaxLength, config?.MaxPositionEmbeddings, configPath, nameof(options));
        (int? positions, string? positionsSource) = OnnxPositionTable.Limit(
            config?.MaxPositionEmbeddings, config?.HasRelativePositions ?? false, options.MaxLength, modelPath, configPath, nameof(options));
        // The export that classifies already is the likely mistake (review 50e): named, as a feature-extraction export
        // given to predict is named an encoder.
        OnnxModel model = OnnxTextClassifier.OpenModel(modelPath, options.Session, Outputs, (["logits"],
            " A graph that gives logits is a sequence-classification export: it classifies as it is, with its own labels (textclf predict <folder>, or TextClassifierLoader.Load); " +
            "to train a head of your own, export the model for feature extraction (optimum-cli export onnx --task feature-extraction), whose graph gives last_hidden_state."));
        try
        {
            WordPieceTokenizer tokenizer = ExportTokenizer.Load(folder, options.MaxLength, positions, config?.VocabSize, model, nameof(options), config?.HasRelativePositions ?? false, positionsSource);
            string fingerprint;
            try
            {
                fingerprint = ComputeFingerprint(modelPath, tokenizer, options, model);
            }
            catch (InvalidDataException ex)
            {
                throw new BundleFormatException(modelPath, ex.Message, ex);
            }

            return new OnnxSentenceEncoder(tokenizer, model, options, fingerprint, modelPath);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Embeds texts into <paramref name="destination"/> (<c>texts.Count × Dimension</c>, row-major).</summary>
    /// <param name="texts">The texts.</param>
    /// <param name="destination">Receives one vector per text.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <exception cref="ArgumentNullException"><paramref name="texts"/> is null.</exception>
    /// <exception cref="ArgumentException">A text is null or <paramref name="destination"/> is too short.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    /// <exception cref="ObjectDisposedException">The encoder was disposed.</exception>
    public void Embed(IReadOnlyList<string> texts, Span<float> destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        int d = Dimension;
        if (destination.Length < (long)texts.Count * d)
        {
            throw new ArgumentException($"destination needs {(long)texts.Count * d} values, has {destination.Length}.", nameof(destination));
        }

        cancellationToken.ThrowIfCancellationRequested(); // for an empty list too, which has no batch to check it before
        _model.ThrowIfDisposed(); // likewise: no run finds it (an empty list had been embedded, and classified, after Dispose)
        int chunk = RunRows;
        string[] chunkTexts = new string[Math.Min(chunk, texts.Count)];
        using var batch = new TokenBatch();
        for (int start = 0; start < texts.Count; start += chunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(chunk, texts.Count - start);
            for (int i = 0; i < count; i++)
            {
                chunkTexts[i] = texts[start + i] ?? throw new ArgumentException($"Text at index {start + i} is null.", nameof(texts));
            }

            Tokenizer.EncodeBatch(chunkTexts.AsSpan(0, count), batch);
            Span<float> output = destination.Slice(start * d, count * d);
            if (_model.OutputRank == 2)
            {
                float[] pooled = ArrayPool<float>.Shared.Rent(count * d);
                try
                {
                    _model.Run(batch.InputIds, batch.AttentionMask, batch.TokenTypeIds, count, batch.SequenceLength, pooled.AsMemory(0, count * d));
                    pooled.AsSpan(0, count * d).CopyTo(output);
                }
                finally
                {
                    ArrayPool<float>.Shared.Return(pooled);
                }

                if (_options.Normalize)
                {
                    for (int i = 0; i < count; i++)
                    {
                        SentencePooling.L2Normalize(output.Slice(i * d, d));
                    }
                }

                continue;
            }

            int size = count * batch.SequenceLength * d;
            float[] hidden = ArrayPool<float>.Shared.Rent(size);
            try
            {
                _model.Run(batch.InputIds, batch.AttentionMask, batch.TokenTypeIds, count, batch.SequenceLength, hidden.AsMemory(0, size));
                SentencePooling.Pool(hidden.AsSpan(0, size), batch.AttentionMask.Span, count, d, _options.Pooling, _options.Normalize, output);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(hidden);
            }
        }
    }

    /// <summary>Embeds one text.</summary>
    /// <param name="text">The text.</param>
    /// <returns>Its vector, <see cref="Dimension"/> long.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The encoder was disposed.</exception>
    public float[] Embed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        float[] vector = new float[Dimension];
        Embed([text], vector);
        return vector;
    }

    // What decides the vectors: the graph's bytes and those of the external weight files it names (exports past 2 GB
    // keep their weights in model.onnx_data), the vocabulary the tokenizer loaded (tokens in id order, so the line
    // endings of vocab.txt, or an unused tokenizer file beside it, change nothing) and the settings. The output read
    // is added only where the graph offers more than one of them, so encoders with one output keep the fingerprint
    // they had before the output order changed (pooler_output was preferred to last_hidden_state until then).
    private static string ComputeFingerprint(string modelPath, WordPieceTokenizer tokenizer, OnnxSentenceEncoderOptions options, OnnxModel model)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        AppendFile(hash, modelPath);
        string folder = Path.GetDirectoryName(modelPath)!;
        foreach (string location in OnnxExternalData.Locations(modelPath))
        {
            // Only files named inside the model's folder are read (ONNX Runtime refuses other locations when it loads
            // the graph), and no device (/dev/zero would be hashed forever). A symbolic link is followed: the
            // Hugging Face cache links every file of a snapshot to its blob.
            string path = Path.GetFullPath(Path.Combine(folder, location));
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"|{location}|"));
            if (path.StartsWith(Path.TrimEndingDirectorySeparator(folder) + Path.DirectorySeparatorChar, StringComparison.Ordinal) &&
                File.Exists(path) && !IsDevice(File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path))
            {
                AppendFile(hash, path);
            }
        }

        WordPieceVocabulary vocabulary = tokenizer.Vocabulary;
        for (int id = 0; id < vocabulary.Count; id++)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(vocabulary.TryGetToken(id) ?? string.Empty));
            hash.AppendData("\n"u8);
        }

        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(FormattableString.Invariant($"|{SettingsText(tokenizer.Options)}|{options.Pooling}|{options.Normalize}")));
        if (model.OutputCandidates > 1)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"|output {model.OutputName}"));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// The tokenizer settings as fingerprints have always read them: the text the <see cref="WordPieceOptions"/>
    /// record printed before <see cref="WordPieceOptions.NormalizedTokens"/> existed (session 23), written out here
    /// so that neither a new property nor another compiler's name for a collection type moves every encoder's
    /// fingerprint (which would make every encoder + head bundle refuse to load). Normalized added tokens, where there
    /// are any, are appended with their contents, and so are special tokens beyond the usual ones (BERT's five, the
    /// tokenizer's named unknown/classification/separator/padding tokens, <c>&lt;mask&gt;</c>): a special token added to
    /// tokenizer.json changes the vectors of texts that hold it (session 28; before, such an edit kept the fingerprint,
    /// so old bundles loaded and retraining reused the cached vectors).
    /// </summary>
    internal static string SettingsText(WordPieceOptions o)
    {
        // The special-token list printed as its type's name, as the record did: the default (a C# collection
        // expression), tokenizer.json's list, or an array a caller gave.
        string special = o.SpecialTokens switch
        {
            List<string> => "System.Collections.Generic.List`1[System.String]",
            string[] => "System.String[]",
            _ => "<>z__ReadOnlyArray`1[System.String]",
        };
        string text =
            FormattableString.Invariant($"WordPieceOptions {{ Lowercase = {o.Lowercase}, StripAccents = {o.StripAccents}, CleanText = {o.CleanText}, ") +
            FormattableString.Invariant($"HandleChineseCharacters = {o.HandleChineseCharacters}, MaxInputCharsPerWord = {o.MaxInputCharsPerWord}, ") +
            FormattableString.Invariant($"ContinuingSubwordPrefix = {o.ContinuingSubwordPrefix}, UnknownToken = {o.UnknownToken}, ClassificationToken = {o.ClassificationToken}, ") +
            FormattableString.Invariant($"SeparatorToken = {o.SeparatorToken}, PaddingToken = {o.PaddingToken}, SpecialTokens = {special}, MaxLength = {o.MaxLength}, ") +
            FormattableString.Invariant($"PadToMaxLength = {o.PadToMaxLength} }}");
        if (o.NormalizedTokens.Count > 0)
        {
            text += "|normalized " + string.Join('\u0001', o.NormalizedTokens);
        }

        // Only tokens beyond the usual ones: fingerprints never held any names before session 28, so an encoder whose
        // special tokens are BERT's five, a subset of them, or its own unknown/classification/separator/padding and
        // mask tokens (MPNet's <s> </s> <pad> <unk> <mask>) keeps the fingerprint its bundles recorded.
        var extra = new List<string>();
        foreach (string token in o.SpecialTokens)
        {
            if (!UsualSpecialTokens.Contains(token) && token != o.UnknownToken && token != o.ClassificationToken &&
                token != o.SeparatorToken && token != o.PaddingToken)
            {
                extra.Add(token);
            }
        }

        extra.Sort(StringComparer.Ordinal);
        return extra.Count == 0 ? text : text + "|special " + string.Join('\u0001', extra);
    }

    // BERT's five special tokens and the mask token of the RoBERTa/MPNet family.
    private static readonly HashSet<string> UsualSpecialTokens = new(StringComparer.Ordinal) { "[CLS]", "[MASK]", "[PAD]", "[SEP]", "[UNK]", "<mask>" };

    private static bool IsDevice(string path) =>
        !OperatingSystem.IsWindows() && (path.StartsWith("/dev/", StringComparison.Ordinal) || path.StartsWith("/proc/", StringComparison.Ordinal));

    private static void AppendFile(System.Security.Cryptography.IncrementalHash hash, string path)
    {
        using FileStream stream = File.OpenRead(path);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            // At most the length the opened file reports: a device reached through a linked folder (/dev/zero, whose
            // length is 0) would otherwise be read forever.
            long left = stream.CanSeek ? stream.Length : 0;
            int read;
            while (left > 0 && (read = stream.Read(buffer, 0, (int)Math.Min(1 << 16, left))) > 0)
            {
                hash.AppendData(buffer, 0, read);
                left -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Releases the ONNX Runtime session.</summary>
    public void Dispose() => _model.Dispose();
}
