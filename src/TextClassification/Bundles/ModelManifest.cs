using System.Text.Json.Serialization;

namespace TextClassification.Bundles;

/// <summary>
/// The content of <c>textclassifier.json</c>, the single source of truth of a bundle: labels, problem type,
/// tokenizer, encoder, pooling and head settings, the files with their sizes and hashes, and what training recorded.
/// </summary>
public sealed record ModelManifest
{
    /// <summary>The value of <see cref="Format"/> in every bundle.</summary>
    public const string FormatName = "textclassifier";

    /// <summary>The newest <see cref="FormatVersion"/> this library reads. It writes 1 for a single model, 2 for an
    /// ensemble (<see cref="Ensemble"/>) and 3 where a tokenizer reads letter case (<see cref="TokenizerSection.CaseShapes"/>)
    /// or skip-bigrams (<see cref="TokenizerSection.SkipBigrams"/>), and 4 where a tokenizer splits scripts written
    /// without spaces (<see cref="TokenizerSection.SplitUnspacedScripts"/>) or reads accents decomposed
    /// (<see cref="TokenizerSection.NormalizeAccents"/>), and 5 where a model's head is the identity
    /// (<see cref="HeadSection.Type"/> <c>identity</c>: the linear and naive Bayes members, whose head file holds the
    /// bias alone), and 6 where a tokenizer reads char n-grams across runs of a script written without spaces
    /// (<see cref="TokenizerSection.UnspacedRunNGrams"/>), and 7 where a word keeps a trailing "#" or "+"
    /// (<see cref="TokenizerSection.SymbolSuffixes"/>), and 8 where words are read without their diacritics
    /// (<see cref="TokenizerSection.FoldDiacritics"/>) or full-width forms as ASCII (<see cref="TokenizerSection.FoldWidth"/>),
    /// and 9 where HTML markup is read out of the text (<see cref="TokenizerSection.StripMarkup"/>), and 10 where Arabic and
    /// Hebrew vowel marks are folded (<see cref="TokenizerSection.FoldAbjadMarks"/>) or conjoining Hangul jamo composed
    /// (<see cref="TokenizerSection.ComposeHangul"/>), and 11 where compatibility forms are read as the letters they stand
    /// for (<see cref="TokenizerSection.FoldCompatibilityForms"/>), and 12 where format chars inside a word do not split it
    /// (<see cref="TokenizerSection.SkipFormatChars"/>), and 13 where Cyrillic and Greek look-alike letters inside a Latin word
    /// are read as the Latin letters (<see cref="TokenizerSection.FoldConfusables"/>), and 14 where a run of letters spaced
    /// or dotted apart is read as the word it spells (<see cref="TokenizerSection.JoinSpacedLetters"/>), and 15 where the
    /// combined probabilities are scaled by a temperature (<see cref="Temperature"/>), so each bundle stays readable by the oldest release that predicts the same with it: an older one refuses a
    /// newer bundle instead of silently featurizing it without those features. The typed-labels source generator refuses a
    /// newer bundle too (TCG002), by its own copy of this number, which a test keeps equal.</summary>
    public const int CurrentFormatVersion = 15;

    /// <summary>Always <see cref="FormatName"/>.</summary>
    public string Format { get; set; } = FormatName;

    /// <summary>Version of the bundle layout.</summary>
    public int FormatVersion { get; set; } = CurrentFormatVersion;

    /// <summary>The value of <see cref="ProblemType"/> for single-label models (softmax head).</summary>
    public const string SingleLabel = "singleLabel";

    /// <summary>The value of <see cref="ProblemType"/> for multi-label models (sigmoid head, <see cref="Thresholds"/>).</summary>
    public const string MultiLabel = "multiLabel";

    /// <summary><see cref="SingleLabel"/> (softmax head) or <see cref="MultiLabel"/> (sigmoid head, one-vs-all).</summary>
    public string ProblemType { get; set; } = SingleLabel;

    /// <summary>Decision threshold of every label, in <see cref="Labels"/> order, each in [0, 1]: required for
    /// <see cref="MultiLabel"/> models (a label is predicted when its probability reaches its threshold), absent
    /// otherwise.</summary>
    public IReadOnlyList<float>? Thresholds { get; init; }

    /// <summary>Labels in model order.</summary>
    public required IReadOnlyList<string> Labels { get; init; }

    /// <summary>Tokenizer settings.</summary>
    public required TokenizerSection Tokenizer { get; init; }

    /// <summary>Encoder settings.</summary>
    public required EncoderSection Encoder { get; init; }

    /// <summary>Pooling settings.</summary>
    public required PoolingSection Pooling { get; init; }

    /// <summary>Head settings.</summary>
    public required HeadSection Head { get; init; }

    /// <summary>How the models of <see cref="Ensemble"/> are combined: absent or <see cref="MeanCombination"/> for the
    /// arithmetic mean, <see cref="RootMeanCombination"/> (format version 3) for <see cref="TextClassification.EnsembleCombination.RootMean"/>.</summary>
    public string? EnsembleCombination { get; init; }

    /// <summary>The value of <see cref="EnsembleCombination"/> for the arithmetic mean.</summary>
    public const string MeanCombination = "mean";

    /// <summary>The value of <see cref="EnsembleCombination"/> for the root mean.</summary>
    public const string RootMeanCombination = "rootMean";

    /// <summary>The temperature the combined probabilities are scaled by (format version 15; absent for 1, none):
    /// <see cref="TextClassification.TextClassifier.Temperature"/>. Single-label n-gram models only, in
    /// [<see cref="TextClassification.TextClassifier.MinTemperature"/>, <see cref="TextClassification.TextClassifier.MaxTemperature"/>].</summary>
    public double? Temperature { get; init; }

    /// <summary>Further models (format version 2) whose probabilities are combined (<see cref="EnsembleCombination"/>) with those of the model described by
    /// <see cref="Tokenizer"/>, <see cref="Encoder"/>, <see cref="Pooling"/> and <see cref="Head"/>; null for a single
    /// model.</summary>
    public IReadOnlyList<EnsembleMemberSection>? Ensemble { get; init; }

    /// <summary>Every weight file of the bundle with its size and SHA-256, keyed by file name.</summary>
    public required IReadOnlyDictionary<string, BundleFileEntry> Files { get; init; }

    /// <summary>The confidence threshold below which predictions abstain ("none of these"), when one was chosen.</summary>
    public AbstainSection? Abstain { get; init; }

    /// <summary>How the model was trained and how it scored, when it was trained by this library.</summary>
    public TrainingSection? Training { get; init; }

    /// <summary>Library and version that wrote the bundle.</summary>
    public string? CreatedBy { get; init; }
}

/// <summary>Tokenizer section of the manifest.</summary>
public sealed record TokenizerSection
{
    /// <summary>"hashedNGrams".</summary>
    public required string Type { get; init; }

    /// <summary>Lower-case before hashing.</summary>
    public bool Lowercase { get; set; } = true;

    /// <summary>Longest word n-gram.</summary>
    public int WordNGrams { get; set; } = 2;

    /// <summary>Shortest char n-gram (0: none).</summary>
    public int CharNGramMin { get; init; }

    /// <summary>Longest char n-gram (0: none).</summary>
    public int CharNGramMax { get; init; }

    /// <summary>Hash buckets.</summary>
    public int Buckets { get; init; }

    /// <summary>Tokens read per text (truncation).</summary>
    public int MaxTokens { get; init; }

    /// <summary>One feature per word in capitals or capitalised after the first word (format version 3); left out of
    /// the file when false.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool CaseShapes { get; init; }

    /// <summary>One feature per token paired with the token two before it (format version 3); left out of the file when
    /// false.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool SkipBigrams { get; init; }

    /// <summary>Each char of a script written without spaces (Thai, Japanese kana, …) is a token (format version 4);
    /// left out of the file when false, and false in bundles written before it existed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool SplitUnspacedScripts { get; init; }

    /// <summary>True when a setting of format version 3 is on.</summary>
    internal bool NeedsVersion3 => CaseShapes || SkipBigrams;

    /// <summary>Letters are read in canonical decomposition, so "é" and "e" + U+0301 are one word (format version 4);
    /// left out of the file when false, and false in bundles written before it existed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool NormalizeAccents { get; init; }

    /// <summary>True when a setting of format version 4 is on.</summary>
    internal bool NeedsVersion4 => SplitUnspacedScripts || NormalizeAccents;

    /// <summary>Char n-grams across runs of a script written without spaces (format version 6); left out of the file
    /// when false, and false in bundles written before it existed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool UnspacedRunNGrams { get; init; }

    /// <summary>A word keeps a trailing "#" or "+" ("c#", "c++"; format version 7); left out of the file when false, and
    /// false in bundles written before it existed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool SymbolSuffixes { get; init; }

    /// <summary>Words are read without the diacritics of Latin, Greek and Cyrillic letters, the word as written one more
    /// feature (format version 8; it needs <see cref="NormalizeAccents"/>); left out of the file when false, and false in
    /// bundles written before it existed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool FoldDiacritics { get; init; }

    /// <summary>Full-width Latin letters, digits and symbols are read as ASCII (format version 8); left out of the file
    /// when false, and false in bundles written before it existed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool FoldWidth { get; init; }

    /// <summary>True when a setting of format version 8 is on.</summary>
    internal bool NeedsVersion8 => FoldDiacritics || FoldWidth;

    /// <summary>HTML tags, comments and character references are read out of the text before tokenizing (format version
    /// 9); left out of the file when false, and false in bundles written before it existed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool StripMarkup { get; init; }

    /// <summary>Arabic harakat, Hebrew points and cantillation and the Arabic tatweel are folded with the diacritics
    /// (format version 10; it needs <see cref="FoldDiacritics"/>); left out of the file when false, and false in bundles
    /// written before it existed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool FoldAbjadMarks { get; init; }

    /// <summary>Conjoining Hangul jamo are read as the syllable they spell (format version 10; it needs
    /// <see cref="NormalizeAccents"/>); left out of the file when false, and false in bundles written before it existed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool ComposeHangul { get; init; }

    /// <summary>True when a setting of format version 10 is on.</summary>
    internal bool NeedsVersion10 => FoldAbjadMarks || ComposeHangul;

    /// <summary>Half-width katakana, Arabic presentation forms, mathematical and enclosed alphanumerics, small capitals
    /// and Latin ligatures are read as the letters they stand for (format version 11; it needs <see cref="NormalizeAccents"/>);
    /// left out of the file when false, and false in bundles written before it existed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool FoldCompatibilityForms { get; init; }

    /// <summary>A run of format chars (Unicode Cf) between word chars does not split the word (format version 12);
    /// left out of the file when false, and false in bundles written before it existed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool SkipFormatChars { get; init; }

    /// <summary>Cyrillic and Greek letters that look like Latin ones are read as those Latin letters in a word that also
    /// holds a Latin letter (format version 13); left out of the file when false, and false in bundles written before it
    /// existed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool FoldConfusables { get; init; }

    /// <summary>A run of at least three letters standing alone, each followed by the same separator ("F R E E",
    /// "f.r.e.e"), is read as the word it spells (format version 14); left out of the file when false, and false in
    /// bundles written before it existed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool JoinSpacedLetters { get; init; }
}

/// <summary>Encoder section of the manifest.</summary>
public sealed record EncoderSection
{
    /// <summary>"embeddingBag".</summary>
    public required string Type { get; init; }

    /// <summary>Width of an embedding row.</summary>
    public int Dimension { get; init; }

    /// <summary>Rows in the table.</summary>
    public int Rows { get; init; }

    /// <summary>File of <see cref="Rows"/> little-endian int32 bucket ids, one per row.</summary>
    public required string FeaturesFile { get; init; }

    /// <summary>File of Rows × Dimension little-endian float32 weights, row-major.</summary>
    public required string WeightsFile { get; init; }

    /// <summary>File of Rows little-endian float32 inverse document frequencies, one per row; present when the
    /// pooling is "tfidf".</summary>
    public string? IdfFile { get; init; }

    /// <summary>For an <c>onnx</c> encoder: the encoder folder (model.onnx + vocabulary), relative to the bundle.</summary>
    public string? Path { get; init; }

    /// <summary>For an <c>onnx</c> encoder: <see cref="Onnx.OnnxSentenceEncoder.Fingerprint"/> of the encoder the head
    /// was trained on (SHA-256 of its graph, vocabulary and settings). Loading refuses an encoder folder whose
    /// fingerprint differs, since the head's weights fit that encoder's vectors only. Absent in bundles written before
    /// it was recorded (then not checked).</summary>
    public string? Fingerprint { get; init; }
}

/// <summary>Pooling section of the manifest.</summary>
public sealed record PoolingSection
{
    /// <summary>"mean" or "tfidf" (rows weighted by (1 + ln tf) · idf, weights L2-normalised).</summary>
    public required string Type { get; init; }

    /// <summary>L2-normalise the pooled vector.</summary>
    public bool Normalize { get; init; }
}

/// <summary>Head section of the manifest.</summary>
public sealed record HeadSection
{
    /// <summary>"linear" (<c>logits = W·x + b</c>), "identity" (<c>logits = x + b</c>, format version 5: the encoder's
    /// rows already hold per-label scores, and <see cref="Inputs"/> equals <see cref="Outputs"/>), or, for a head on an
    /// ONNX sentence encoder, "mlp".</summary>
    public required string Type { get; init; }

    /// <summary>"softmax" (single-label) or "sigmoid" (multi-label).</summary>
    public required string Activation { get; init; }

    /// <summary>File of labels × inputs float32 weights (row-major) followed by one float32 bias per label; for an
    /// "identity" head, the bias alone.</summary>
    public required string WeightsFile { get; init; }

    /// <summary>Input width.</summary>
    public int Inputs { get; init; }

    /// <summary>Output width (the number of labels).</summary>
    public int Outputs { get; init; }

    /// <summary>Width of the hidden ReLU layer of an <c>mlp</c> head (0 for a linear head).</summary>
    public int Hidden { get; init; }
}

/// <summary>One further model of an ensemble bundle: the same four stages as the top-level model.</summary>
public sealed record EnsembleMemberSection
{
    /// <summary>Tokenizer settings.</summary>
    public required TokenizerSection Tokenizer { get; init; }

    /// <summary>Encoder settings.</summary>
    public required EncoderSection Encoder { get; init; }

    /// <summary>Pooling settings.</summary>
    public required PoolingSection Pooling { get; init; }

    /// <summary>Head settings.</summary>
    public required HeadSection Head { get; init; }
}

/// <summary>The abstain setting of a model: predictions whose best probability is below <see cref="Threshold"/> are
/// "none of these". Recorded with what it was chosen for and what it gave on the held-out data.</summary>
public sealed record AbstainSection
{
    /// <summary>The largest threshold: the float just above 1, which no probability reaches, so every prediction
    /// abstains (chosen when a precision target cannot be met at all).</summary>
    public static readonly double AlwaysAbstain = MathF.BitIncrement(1f);

    /// <summary>Confidence threshold in [0, 1], or <see cref="AlwaysAbstain"/>.</summary>
    public double Threshold { get; init; }

    /// <summary>Whether <paramref name="threshold"/> is a valid <see cref="Threshold"/>.</summary>
    /// <param name="threshold">A candidate threshold.</param>
    /// <returns>True when it is in [0, 1] or is <see cref="AlwaysAbstain"/>.</returns>
    public static bool IsValidThreshold(double threshold) => threshold >= 0 && threshold <= AlwaysAbstain;

    /// <summary>"precision" (answered texts' accuracy) or "coverage" (share of texts answered), or null when set by hand.</summary>
    public string? Target { get; init; }

    /// <summary>The target's value, e.g. 0.95.</summary>
    public double? TargetValue { get; init; }

    /// <summary>Share of the held-out texts answered at <see cref="Threshold"/>.</summary>
    public double? Coverage { get; init; }

    /// <summary>Accuracy on the answered held-out texts; null when none was answered.</summary>
    public double? AnsweredAccuracy { get; init; }

    /// <summary>Held-out texts the threshold was chosen on.</summary>
    public int? CalibrationExamples { get; init; }
}

/// <summary>Size and SHA-256 (lower-case hex) of one bundle file.</summary>
/// <param name="Bytes">The file's length in bytes.</param>
/// <param name="Sha256">The SHA-256 of the file's bytes, 64 lower-case hex digits.</param>
public sealed record BundleFileEntry(long Bytes, string Sha256);

/// <summary>What training recorded in the manifest.</summary>
public sealed record TrainingSection
{
    /// <summary>Name of the trainer.</summary>
    public string? Trainer { get; init; }

    private readonly IReadOnlyDictionary<string, string>? _settings;
    private readonly IReadOnlyDictionary<string, double>? _metrics;

    /// <summary>Settings used, as text. A read-only copy of what was given: a model hands its section out, and the
    /// dictionary given could be cast back and changed (every later save of the model would then carry it).</summary>
    public IReadOnlyDictionary<string, string>? Settings { get => _settings; init => _settings = ReadOnlyCopy(value); }

    /// <summary>Scalar metrics (accuracy, macroF1, …) on the data named by the key prefix; a read-only copy, as
    /// <see cref="Settings"/>.</summary>
    public IReadOnlyDictionary<string, double>? Metrics { get => _metrics; init => _metrics = ReadOnlyCopy(value); }

    /// <summary>When training finished (UTC).</summary>
    public DateTimeOffset? TrainedAt { get; init; }

    /// <summary>How long training took, in seconds (what <c>textclf train</c> reports as <c>trainSeconds</c>), so
    /// <c>eval</c> can report it too; null when not recorded.</summary>
    public double? Seconds { get; init; }

    // Entries in the given order (a new dictionary enumerates in insertion order), so a saved manifest is unchanged.
    private static System.Collections.ObjectModel.ReadOnlyDictionary<string, T>? ReadOnlyCopy<T>(IReadOnlyDictionary<string, T>? entries)
    {
        if (entries is null)
        {
            return null;
        }

        var copy = new Dictionary<string, T>(entries.Count, StringComparer.Ordinal);
        foreach (KeyValuePair<string, T> entry in entries)
        {
            copy.Add(entry.Key, entry.Value);
        }

        return new System.Collections.ObjectModel.ReadOnlyDictionary<string, T>(copy);
    }
}

/// <summary>System.Text.Json source-generated metadata for the manifest (camelCase, no reflection).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(ModelManifest))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;
