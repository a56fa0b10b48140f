using System.Text.Json.Nodes;
using TextClassification.Bundles;
using TextClassification.Tests.Support;
using TextClassification.Tokenization;
using Xunit.Abstractions;

namespace TextClassification.Tests.Bundles;

/// <summary>
/// Single-byte damage anywhere in a bundle. A weight file is covered by its SHA-256, so loading must either fail with
/// a <see cref="BundleFormatException"/> or (never, in practice) give the very same model. The manifest is the editable
/// source of truth, so a change there may legitimately rename a label or change a tokenizer setting — but then the
/// loaded model must be exactly what the damaged manifest says (documented defaults for a key that no longer
/// matches), and with labels and tokenizer unchanged it must predict bit-identically. Never any other exception.
/// </summary>
public sealed class BundleCorruptionMatrixTests : IDisposable
{
    private const int RandomFlips = 200;

    private readonly ITestOutputHelper _output;
    private readonly TempFolder _temp = new("tc-bundle-matrix");
    private readonly TextClassifier _original = TestModels.Small;
    private readonly string _bundle;
    private readonly List<string> _texts = SyntheticData.Texts(40, seed: 5);
    private readonly float[][] _expected;

    public BundleCorruptionMatrixTests(ITestOutputHelper output)
    {
        _output = output;
        _bundle = BundleEditing.SaveBundle(_temp, _original);
        _expected = TestModels.ScoresOf(_original, _texts);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Random_single_byte_flips_across_all_files_are_detected_or_harmless()
    {
        string[] files = Directory.GetFiles(_bundle).Order(StringComparer.Ordinal).ToArray();
        var random = new Random(20240611);
        var failures = new List<string>();
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int k = 0; k < RandomFlips; k++)
        {
            // Files in turn, so the small manifest and head file get as many flips as the large embedding table.
            string file = files[k % files.Length];
            long position = random.NextInt64(new FileInfo(file).Length);
            byte mask = (byte)random.Next(1, 256);
            Record(Flip(file, position, mask), outcomes, failures);
        }

        Report(outcomes, failures);
        Assert.True(outcomes.GetValueOrDefault("detected") > RandomFlips / 2, "most random flips should be detected");
    }

    [Fact]
    public void Every_manifest_byte_with_a_case_or_low_bit_flip_is_detected_or_faithful()
    {
        // Exhaustive over the manifest (a few thousand loads of a tiny model, well under a second each batch):
        // 0x20 toggles the case of a letter — a key that no longer matches is "missing" — and 0x01 changes digits.
        string manifest = BundleEditing.ManifestPath(_bundle);
        long length = new FileInfo(manifest).Length;
        var failures = new List<string>();
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (long position = 0; position < length; position++)
        {
            foreach (byte mask in new byte[] { 0x20, 0x01 })
            {
                Record(Flip(manifest, position, mask), outcomes, failures);
            }
        }

        Report(outcomes, failures);
        Assert.True(outcomes.GetValueOrDefault("detected") > 0);
    }

    private (string Outcome, string? Failure) Flip(string file, long position, byte mask)
    {
        bool isManifest = Path.GetFileName(file) == ModelBundle.ManifestFileName;
        byte[] pristine = File.ReadAllBytes(file);
        BundleEditing.FlipByte(file, position, mask);
        string where = $"{Path.GetFileName(file)}[{position}] ^= 0x{mask:X2} ({Context(pristine, position)})";
        try
        {
            TextClassifier loaded;
            try
            {
                loaded = TextClassifier.Load(_bundle);
            }
            catch (BundleFormatException)
            {
                return ("detected", null);
            }
#pragma warning disable CA1031 // Any other exception is exactly what this test reports.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                return ("crash", $"{where}: {ex.GetType().Name}: {ex.Message}");
            }

            bool sameScores = TestModels.ScoresOf(loaded, _texts).Zip(_expected).All(p => p.First.AsSpan().SequenceEqual(p.Second));
            if (!isManifest)
            {
                return loaded.Labels.SequenceEqual(_original.Labels) && sameScores
                    ? ("harmless", null)
                    : ("silent", $"{where}: a damaged weight file loaded into a different model");
            }

            (string[] labels, HashedNGramOptions tokenizer) = WhatTheManifestSays(File.ReadAllText(file));
            if (!loaded.Labels.SequenceEqual(labels))
            {
                return ("silent", $"{where}: labels [{string.Join(", ", loaded.Labels)}] differ from the manifest's [{string.Join(", ", labels)}]");
            }

            if (loaded.Featurizer.Options != tokenizer)
            {
                return ("silent", $"{where}: the loaded tokenizer differs from what the manifest says ({Diff(loaded.Featurizer.Options, tokenizer)})");
            }

            if (tokenizer == _original.Featurizer.Options && !sameScores)
            {
                return ("silent", $"{where}: same labels and tokenizer but different predictions");
            }

            return (sameScores ? "harmless" : "edited-setting", null);
        }
        finally
        {
            BundleEditing.FlipByte(file, position, mask);
            Assert.Equal(pristine, File.ReadAllBytes(file));
        }
    }

    // The manifest as a reader of the documented format understands it: TokenizerSection's defaults for absent keys.
    private static (string[] Labels, HashedNGramOptions Tokenizer) WhatTheManifestSays(string json)
    {
        JsonObject manifest = JsonNode.Parse(json)!.AsObject();
        string[] labels = manifest["labels"]!.AsArray().Select(l => l!.GetValue<string>()).ToArray();
        JsonObject tokenizer = manifest["tokenizer"]!.AsObject();
        return (labels, new HashedNGramOptions
        {
            Lowercase = tokenizer["lowercase"]?.GetValue<bool>() ?? true,
            WordNGrams = tokenizer["wordNGrams"]?.GetValue<int>() ?? 2,
            CharNGramMin = tokenizer["charNGramMin"]?.GetValue<int>() ?? 0,
            CharNGramMax = tokenizer["charNGramMax"]?.GetValue<int>() ?? 0,
            Buckets = tokenizer["buckets"]?.GetValue<int>() ?? 0,
            MaxTokens = tokenizer["maxTokens"]?.GetValue<int>() ?? 0,
            CaseShapes = tokenizer["caseShapes"]?.GetValue<bool>() ?? false,
            SkipBigrams = tokenizer["skipBigrams"]?.GetValue<bool>() ?? false,
            SplitUnspacedScripts = tokenizer["splitUnspacedScripts"]?.GetValue<bool>() ?? false,
            NormalizeAccents = tokenizer["normalizeAccents"]?.GetValue<bool>() ?? false,
            UnspacedRunNGrams = tokenizer["unspacedRunNGrams"]?.GetValue<bool>() ?? false,
            SymbolSuffixes = tokenizer["symbolSuffixes"]?.GetValue<bool>() ?? false,
            FoldDiacritics = tokenizer["foldDiacritics"]?.GetValue<bool>() ?? false,
            FoldWidth = tokenizer["foldWidth"]?.GetValue<bool>() ?? false,
            StripMarkup = tokenizer["stripMarkup"]?.GetValue<bool>() ?? false,
            FoldAbjadMarks = tokenizer["foldAbjadMarks"]?.GetValue<bool>() ?? false,
            ComposeHangul = tokenizer["composeHangul"]?.GetValue<bool>() ?? false,
            FoldCompatibilityForms = tokenizer["foldCompatibilityForms"]?.GetValue<bool>() ?? false,
            SkipFormatChars = tokenizer["skipFormatChars"]?.GetValue<bool>() ?? false,
            FoldConfusables = tokenizer["foldConfusables"]?.GetValue<bool>() ?? false,
            JoinSpacedLetters = tokenizer["joinSpacedLetters"]?.GetValue<bool>() ?? false,
        });
    }

    private static string Diff(HashedNGramOptions loaded, HashedNGramOptions manifest)
    {
        var parts = new List<string>();
        void Compare<T>(string name, T a, T b)
        {
            if (!EqualityComparer<T>.Default.Equals(a, b))
            {
                parts.Add($"{name}: loaded {a}, manifest {b}");
            }
        }

        Compare(nameof(loaded.Lowercase), loaded.Lowercase, manifest.Lowercase);
        Compare(nameof(loaded.WordNGrams), loaded.WordNGrams, manifest.WordNGrams);
        Compare(nameof(loaded.CharNGramMin), loaded.CharNGramMin, manifest.CharNGramMin);
        Compare(nameof(loaded.CharNGramMax), loaded.CharNGramMax, manifest.CharNGramMax);
        Compare(nameof(loaded.Buckets), loaded.Buckets, manifest.Buckets);
        Compare(nameof(loaded.MaxTokens), loaded.MaxTokens, manifest.MaxTokens);
        Compare(nameof(loaded.CaseShapes), loaded.CaseShapes, manifest.CaseShapes);
        Compare(nameof(loaded.SkipBigrams), loaded.SkipBigrams, manifest.SkipBigrams);
        Compare(nameof(loaded.SplitUnspacedScripts), loaded.SplitUnspacedScripts, manifest.SplitUnspacedScripts);
        Compare(nameof(loaded.NormalizeAccents), loaded.NormalizeAccents, manifest.NormalizeAccents);
        Compare(nameof(loaded.UnspacedRunNGrams), loaded.UnspacedRunNGrams, manifest.UnspacedRunNGrams);
        Compare(nameof(loaded.SymbolSuffixes), loaded.SymbolSuffixes, manifest.SymbolSuffixes);
        Compare(nameof(loaded.FoldDiacritics), loaded.FoldDiacritics, manifest.FoldDiacritics);
        Compare(nameof(loaded.FoldWidth), loaded.FoldWidth, manifest.FoldWidth);
        Compare(nameof(loaded.StripMarkup), loaded.StripMarkup, manifest.StripMarkup);
        Compare(nameof(loaded.FoldAbjadMarks), loaded.FoldAbjadMarks, manifest.FoldAbjadMarks);
        Compare(nameof(loaded.ComposeHangul), loaded.ComposeHangul, manifest.ComposeHangul);
        Compare(nameof(loaded.FoldCompatibilityForms), loaded.FoldCompatibilityForms, manifest.FoldCompatibilityForms);
        Compare(nameof(loaded.SkipFormatChars), loaded.SkipFormatChars, manifest.SkipFormatChars);
        Compare(nameof(loaded.FoldConfusables), loaded.FoldConfusables, manifest.FoldConfusables);
        Compare(nameof(loaded.JoinSpacedLetters), loaded.JoinSpacedLetters, manifest.JoinSpacedLetters);
        return string.Join("; ", parts);
    }

    private static string Context(byte[] bytes, long position)
    {
        int start = (int)Math.Max(0, position - 12);
        int end = (int)Math.Min(bytes.Length, position + 12);
        string text = new(bytes[start..end].Select(b => b is >= 0x20 and < 0x7F ? (char)b : '·').ToArray());
        return $"near \"{text}\"";
    }

    private static void Record((string Outcome, string? Failure) result, Dictionary<string, int> outcomes, List<string> failures)
    {
        outcomes[result.Outcome] = outcomes.GetValueOrDefault(result.Outcome) + 1;
        if (result.Failure is not null)
        {
            failures.Add(result.Failure);
        }
    }

    private void Report(Dictionary<string, int> outcomes, List<string> failures)
    {
        _output.WriteLine(string.Join(", ", outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}: {o.Value}")));
        foreach (string failure in failures)
        {
            _output.WriteLine(failure);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} flips were neither detected nor harmless:{Environment.NewLine}{string.Join(Environment.NewLine, failures.Take(20))}");
        Assert.True(Same(_expected, TestModels.ScoresOf(TextClassifier.Load(_bundle), _texts)), "the bundle is intact again after the matrix");
    }

    private static bool Same(float[][] a, float[][] b) =>
        a.Length == b.Length && a.Zip(b).All(pair => pair.First.AsSpan().SequenceEqual(pair.Second));
}
