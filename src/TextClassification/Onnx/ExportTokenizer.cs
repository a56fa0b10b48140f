using System.Text.Json;
using TextClassification.Bundles;
using TextClassification.Tokenization;

namespace TextClassification.Onnx;

/// <summary>
/// Loads a Hugging Face export's tokenizer as transformers loads it: <c>tokenizer.json</c>, else <c>vocab.txt</c> with
/// <c>tokenizer_config.json</c>'s settings; the special tokens the configs name (<see cref="ExportSpecialTokens"/>) are
/// matched in the raw text on both, and decide the pad token over <c>tokenizer.json</c>'s. Shared by
/// <see cref="OnnxTextClassifier"/> and <see cref="OnnxSentenceEncoder"/>.
/// </summary>
internal static class ExportTokenizer
{
    /// <summary>Loads the folder's tokenizer (tokenizer.json before vocab.txt) with its sequence length: a graph with a
    /// fixed sequence axis decides it (and every batch is padded to it); else <paramref name="requested"/> (the
    /// caller's MaxLength) wins, then tokenizer.json's own truncation length, then 512 — never past the model's
    /// <c>max_position_embeddings</c> nor, unless requested, past tokenizer_config.json's <c>model_max_length</c>
    /// (<paramref name="requested"/> is checked against it by <see cref="OnnxTextClassifier.CheckMaxLength"/> before the
    /// graph is opened).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="requested"/> differs from the graph's fixed sequence
    /// length (named <paramref name="optionsName"/>, the caller's options argument).</exception>
    /// <exception cref="BundleFormatException">The tokenizer files are invalid, or give more ids than <paramref name="vocabularySize"/>
    /// (config.json's <c>vocab_size</c>, the rows of the model's embedding table).</exception>
    /// <remarks><paramref name="positions"/> is config.json's <c>max_position_embeddings</c>, or where
    /// <paramref name="positionsSource"/> says (<see cref="OnnxPositionTable.Limit"/>: the graph's table).</remarks>
    public static WordPieceTokenizer Load(string folder, int? requested, int? positions, int? vocabularySize, OnnxModel model, string optionsName, bool relativePositions = false, string? positionsSource = null)
    {
        if (model.FixedSequenceLength is { } fixedLength && requested is { } other && other != fixedLength)
        {
            throw new ArgumentOutOfRangeException(optionsName, other, $"MaxLength {other} differs from the {fixedLength} tokens the graph in {folder} was exported for (its sequence axis is fixed); leave MaxLength unset or re-export with a dynamic axis.");
        }

        if (model.FixedSequenceLength is { } fixedAxis && positions is { } table && fixedAxis > table && !relativePositions)
        {
            // Every batch is padded to the fixed length, so every text, however short, would fail inside ONNX Runtime
            // with a broadcast error naming neither file. (Not for relative positions, DeBERTa's, which have no table
            // to run past: a review.)
            throw new BundleFormatException(
                Path.Combine(folder, OnnxTextClassifier.ModelFileName),
                $"its sequence axis is fixed at {fixedAxis} tokens, but {positionsSource ?? $"max_position_embeddings in {Path.Combine(folder, HuggingFaceConfig.FileName)} is {table}"}: " +
                "the model has no positions for the rest, so every text would fail. Re-export with a dynamic sequence axis (or at most that many tokens), or correct config.json.");
        }

        if (positions is < 3 and { } tooFew && requested is null && model.FixedSequenceLength is null)
        {
            // As model_max_length below: it failed as "MaxLength must be at least 3" blamed on vocab.txt (review 52b).
            throw new BundleFormatException(
                Path.Combine(folder, HuggingFaceConfig.FileName),
                $"max_position_embeddings is {tooFew}, which leaves no position for a token between [CLS] and [SEP]: correct it.");
        }

        int limit = Math.Min(512, positions ?? 512);
        using JsonDocument? config = TokenizerConfig.Read(folder);
        if (config is not null)
        {
            // Read nowhere else: left truncation was silently right truncation (review 57c).
            TokenizerConfig.RequireRightTruncation(config.RootElement, Path.Combine(folder, TokenizerConfig.FileName));
        }

        if (config is not null && TokenizerConfig.ModelMaxLength(config.RootElement) is { } modelMaxLength)
        {
            // transformers truncates to model_max_length (truncation=True), which may be below the position table. Under
            // 3 it leaves no room for a token: named here, where it failed as "MaxLength must be at least 3" blamed on
            // vocab.txt, and so even where the caller's MaxLength, which replaces it below, was valid (review 49a).
            if (modelMaxLength < 3 && requested is null && model.FixedSequenceLength is null)
            {
                throw new BundleFormatException(
                    Path.Combine(folder, TokenizerConfig.FileName),
                    $"model_max_length is {modelMaxLength}, which leaves no room for a token between [CLS] and [SEP]: correct it, or set MaxLength.");
            }

            limit = Math.Min(limit, Math.Max(3, modelMaxLength));
        }

        string json = Path.Combine(folder, "tokenizer.json");
        string vocab = Path.Combine(folder, "vocab.txt");
        try
        {
            WordPieceTokenizer loaded;
            if (File.Exists(json))
            {
                loaded = LoadTokenizerJson(folder, json, limit, config?.RootElement);
            }
            else if (File.Exists(vocab))
            {
                // Without tokenizer.json, transformers' BertTokenizer takes do_lower_case and the rest from
                // tokenizer_config.json: a cased model must not be lower-cased.
                var options = new WordPieceOptions { MaxLength = limit };
                if (config is not null)
                {
                    // Read nowhere else: without basic tokenization transformers gives other ids (review 57c's open item).
                    TokenizerConfig.RequireBasicTokenization(config.RootElement, Path.Combine(folder, TokenizerConfig.FileName));
                    options = TokenizerConfig.ApplyNormalizer(config.RootElement, Path.Combine(folder, TokenizerConfig.FileName), options);
                }

                ExportSpecialTokens named = ExportSpecialTokens.Read(folder, config?.RootElement);
                try
                {
                    loaded = LoadVocabularyWithAddedTokens(folder, vocab, named.ApplyNames(options), config?.RootElement, named);
                }
                catch (ArgumentException ex) when (ex is not ArgumentOutOfRangeException && ex.Message.Contains("is not in the vocabulary", StringComparison.Ordinal))
                {
                    // Say where the missing name came from: it was bert-base-uncased's default even where a map named others.
                    throw new InvalidDataException($"{ArgumentMessages.Reason(ex)} {TokenizerConfig.SpecialTokenNamesSource}", ex);
                }
            }
            else
            {
                throw new BundleFormatException(folder, NoTokenizerProblem(folder));
            }

            // tokenizer.json may carry its own truncation length (saved tokenizer state); the caller's MaxLength
            // overrides it, as transformers' own max_length argument does, and the position table is the hard limit.
            // The ids the tokenizer can give: a blank last line of vocab.txt is an entry WordPiece never emits.
            int ids = loaded.Vocabulary.Count;
            while (ids > 0 && string.IsNullOrEmpty(loaded.Vocabulary.TryGetToken(ids - 1)))
            {
                ids--;
            }

            if (vocabularySize is { } rows && ids > rows)
            {
                // The graph's embedding table has no row for the higher ids: the first text holding such a token failed
                // inside ONNX Runtime ("Gather … idx=7592 out of bounds"), naming neither the folder nor the text.
                throw new BundleFormatException(
                    File.Exists(json) ? json : vocab,
                    $"the tokenizer has {ids} ids, but vocab_size in {Path.Combine(folder, HuggingFaceConfig.FileName)} is {rows}: the model has no embedding for ids {rows} and up. Is the tokenizer from another model?");
            }

            int maxLength = model.FixedSequenceLength ?? requested ?? Math.Min(loaded.Options.MaxLength, limit);
            bool pad = model.FixedSequenceLength is not null;
            return maxLength == loaded.Options.MaxLength && pad == loaded.Options.PadToMaxLength
                ? loaded
                : WordPieceTokenizer.Create(loaded.Vocabulary, loaded.Options with { MaxLength = maxLength, PadToMaxLength = pad });
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException and not ArgumentOutOfRangeException)
        {
            // The readers name their file ("tokenizer.json: …"), as the exception names its path: said once.
            string path = File.Exists(json) ? json : vocab;
            string named = Path.GetFileName(path) + ": ";
            string reason = ex.Message.StartsWith(named, StringComparison.Ordinal) ? ex.Message[named.Length..] : ex.Message;
            throw new BundleFormatException(path, reason, ex);
        }
    }

    /// <summary>
    /// A <c>tokenizer.json</c> export, as transformers' fast tokenizer reads it with the export's configs: the file's
    /// vocabulary, normalizer, post-processor (which places <c>[CLS]</c>/<c>[SEP]</c>) and added tokens; the normalizer
    /// rebuilt from <c>tokenizer_config.json</c>'s settings where they differ; the pad token the configs name (transformers
    /// pads with its <c>pad_token</c>, whatever <c>tokenizer.json</c>'s <c>padding</c> says; audit 38: a vocabulary of
    /// <c>&lt;s&gt; &lt;/s&gt; &lt;unk&gt; &lt;pad&gt;</c> with <c>"padding": null</c> was refused for lacking <c>[PAD]</c>); and the
    /// named special tokens the vocabulary holds matched in the raw text too, as transformers adds them to the tokenizer.
    /// </summary>
    private static WordPieceTokenizer LoadTokenizerJson(string folder, string json, int limit, JsonElement? config)
    {
        WordPieceVocabulary vocabulary;
        WordPieceOptions options;
        using (FileStream stream = File.OpenRead(json))
        {
            (vocabulary, options) = TokenizerJsonReader.Read(stream, new WordPieceOptions { MaxLength = limit });
        }

        // transformers' BertTokenizerFast rebuilds the normalizer where tokenizer_config.json's do_lower_case (and the
        // other two) differ from tokenizer.json's: a cased model saved with a stale tokenizer.json. Only where they
        // tokenize differently, so no other encoder's fingerprint moves.
        if (config is { } root && TokenizerConfig.RebuildsBertNormalizer(root))
        {
            WordPieceOptions normalizer = TokenizerConfig.ApplyNormalizer(root, Path.Combine(folder, TokenizerConfig.FileName), options);
            if (!TokenizerConfig.NormalizeAlike(normalizer, options) && TokenizerConfig.HasBertNormalizer(json))
            {
                options = normalizer;
            }
        }

        ExportSpecialTokens named = ExportSpecialTokens.Read(folder, config);
        (IReadOnlyList<string> specials, IReadOnlyList<string> normalized) = ExportSpecialTokens.Merge(
            options.SpecialTokens, options.NormalizedTokens, named.All, token => vocabulary.TryGetId(token, out _));
        options = options with { PaddingToken = named.Padding ?? options.PaddingToken, SpecialTokens = specials, NormalizedTokens = normalized };
        try
        {
            return WordPieceTokenizer.Create(vocabulary, options);
        }
        catch (ArgumentException ex) when (ex is not ArgumentOutOfRangeException)
        {
            string where = ex.Message.Contains(nameof(WordPieceOptions.PaddingToken), StringComparison.Ordinal)
                ? $" The pad token is the one tokenizer_config.json or {ExportSpecialTokens.MapFileName} names (pad_token), else tokenizer.json's padding.pad_token, " +
                  "else transformers' [PAD]: name the model's pad token as pad_token in tokenizer_config.json, or add [PAD] to the vocabulary."
                : "";
            throw new InvalidDataException($"tokenizer.json: {ArgumentMessages.Reason(ex)}{where}", ex);
        }
    }

    /// <summary>A <c>vocab.txt</c> export's tokenizer, its added tokens (<c>tokenizer_config.json</c>'s
    /// <c>added_tokens_decoder</c>, <c>added_tokens.json</c>) matched as <c>tokenizer.json</c>'s are (they were ignored,
    /// so <c>[USER]</c> became <c>[ user ]</c>), and so are the special tokens it has (<see cref="ExportSpecialTokens.WithBertDefaults"/>):
    /// a renamed <c>&lt;/s&gt;</c> was text.</summary>
    internal static WordPieceTokenizer LoadVocabularyWithAddedTokens(string folder, string vocab, WordPieceOptions options, JsonElement? tokenizerConfig, ExportSpecialTokens named)
    {
        List<AddedToken> added = ExportAddedTokens.Read(folder, tokenizerConfig, named);
        List<KeyValuePair<string, int>> entries = WordPieceVocabulary.ReadEntries(vocab);
        int vocabularyEntries = entries.Count;
        WordPieceOptions withAdded = added.Count == 0
            ? options with { SpecialTokens = [], NormalizedTokens = [] }
            : AddedTokens.Apply(
                added, options, entries, reason => new InvalidDataException($"{reason} (listed by {TokenizerConfig.FileName}'s added_tokens_decoder or by {ExportAddedTokens.LegacyFileName})."));

        var tokens = new HashSet<string>(entries.Count, StringComparer.Ordinal);
        foreach ((string token, _) in entries)
        {
            tokens.Add(token);
        }

        (IReadOnlyList<string> specials, IReadOnlyList<string> normalized) = ExportSpecialTokens.Merge(
            withAdded.SpecialTokens, withAdded.NormalizedTokens, named.WithBertDefaults(), tokens.Contains);

        // An export that matches what vocab.txt alone always matched (BERT's five; transformers 4.34+ lists them in
        // added_tokens_decoder of every export) is built exactly as before, so the encoder's fingerprint (which reads the
        // options) stays the same and bundles trained on it still load.
        if (entries.Count == vocabularyEntries && normalized.Count == 0 && SameMatched(specials, options.SpecialTokens, tokens))
        {
            return WordPieceTokenizer.Create(vocab, options);
        }

        return WordPieceTokenizer.Create(WordPieceVocabulary.Create(entries), withAdded with { SpecialTokens = specials, NormalizedTokens = normalized });
    }

    // Whether two special-token lists match the same tokens of the vocabulary.
    private static bool SameMatched(IReadOnlyList<string> a, IReadOnlyList<string> b, HashSet<string> vocabulary)
    {
        HashSet<string> matched = Matched(a, vocabulary);
        return matched.SetEquals(Matched(b, vocabulary));

        static HashSet<string> Matched(IReadOnlyList<string> tokens, HashSet<string> vocabulary)
        {
            var matched = new HashSet<string>(StringComparer.Ordinal);
            foreach (string token in tokens)
            {
                if (vocabulary.Contains(token) && WordPieceModel.IsMatchable(token))
                {
                    matched.Add(token);
                }
            }

            return matched;
        }
    }

    /// <summary>Why <paramref name="folder"/> has no tokenizer, naming the folder above where that has one and
    /// <paramref name="folder"/> is named onnx: the Hugging Face Hub's repositories keep the graph in onnx/model.onnx and
    /// the tokenizer beside config.json above it. Any other folder's parent may hold another model's vocabulary, whose
    /// ids are not this graph's (review 50f).</summary>
    internal static string NoTokenizerProblem(string folder)
    {
        const string Problem = "a Hugging Face export needs tokenizer.json or vocab.txt";
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        string? above = string.Equals(Path.GetFileName(full), "onnx", StringComparison.OrdinalIgnoreCase) ? Path.GetDirectoryName(full) : null;
        string? found = above is null ? null : Array.Find(["tokenizer.json", "vocab.txt"], name => File.Exists(Path.Combine(above, name)));
        return found is null
            ? Problem + "."
            : $"{Problem} beside its graph; the folder above ({above}) has {found} (the Hugging Face Hub's layout, the graph in onnx/): copy the tokenizer files ({found}, tokenizer_config.json, special_tokens_map.json) and config.json into this folder.";
    }
}
