using System.Text.Json.Nodes;
using TextClassification.Bundles;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Reliability;

/// <summary>
/// The load-error matrix of <c>BundleLoadErrorTests</c> and the byte-flip matrix of <c>BundleCorruptionMatrixTests</c>,
/// extended to ensemble bundles (format version 2): faults inside <c>ensemble[i]</c> member sections and the second
/// member's weight files (its <c>idf</c> file included) are rejected with a <see cref="BundleFormatException"/> naming
/// the file; random byte flips are detected or give bit-identical predictions.
/// </summary>
public sealed class EnsembleBundleFaultTests : IDisposable
{
    private const int RandomFlips = 120;

    private readonly TempFolder _temp = new("tc-ensemble-faults");
    private readonly TextClassifier _model = ReliabilityModels.Ensemble;
    private readonly string _bundle;

    public EnsembleBundleFaultTests()
    {
        _bundle = BundleEditing.SaveBundle(_temp, _model);
    }

    public static TheoryData<string> MemberFiles => new() { "featuresFile", "weightsFile", "idfFile", "head.weightsFile" };

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_bundle_is_version_3_with_one_ensemble_member_and_an_idf_file_each()
    {
        JsonObject manifest = Manifest();
        Assert.Equal(3, manifest["formatVersion"]!.GetValue<int>()); // the root mean of its two models
        Assert.Single(manifest["ensemble"]!.AsArray());
        Assert.NotEqual(MemberFile("idfFile"), (string)manifest["encoder"]!["idfFile"]!);
        Assert.Equal(TestModels.ScoresOf(_model, SyntheticData.Texts(20, 1)), TestModels.ScoresOf(TextClassifier.Load(_bundle), SyntheticData.Texts(20, 1)));
    }

    [Theory]
    [MemberData(nameof(MemberFiles))]
    public void Missing_member_file_names_the_file(string property)
    {
        string file = Path.Combine(_bundle, MemberFile(property));
        File.Delete(file);

        var ex = Assert.Throws<BundleFormatException>(() => TextClassifier.Load(_bundle));

        Assert.Equal(file, ex.FilePath);
    }

    [Theory]
    [MemberData(nameof(MemberFiles))]
    public void Truncated_member_file_names_the_file(string property)
    {
        string file = Path.Combine(_bundle, MemberFile(property));
        byte[] bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, bytes[..^1]);

        var ex = Assert.Throws<BundleFormatException>(() => TextClassifier.Load(_bundle));

        Assert.Equal(file, ex.FilePath);
        Assert.Contains("bytes", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("encoder", "weightsFile", "../x.bin")]
    [InlineData("encoder", "featuresFile", "/etc/passwd")]
    [InlineData("encoder", "idfFile", "..")]
    [InlineData("head", "weightsFile", "sub/../x.bin")]
    [InlineData("head", "weightsFile", "C:\\x.bin")]
    public void Member_file_names_reaching_outside_the_bundle_are_refused(string section, string property, string name)
    {
        File.WriteAllBytes(_temp.Combine("x.bin"), [1, 2, 3, 4]);
        BundleEditing.EditManifest(_bundle, m =>
        {
            m["files"]![name] = new JsonObject { ["bytes"] = 4, ["sha256"] = new string('0', 64) };
            m["ensemble"]![0]![section]![property] = name;
        });

        var ex = Assert.Throws<BundleFormatException>(() => TextClassifier.Load(_bundle));

        Assert.Equal(BundleEditing.ManifestPath(_bundle), ex.FilePath);
    }

    [Theory]
    [InlineData("head", "outputs", 2)]
    [InlineData("head", "outputs", 4)]
    [InlineData("head", "inputs", 15)]
    [InlineData("encoder", "dimension", 17)]
    [InlineData("encoder", "rows", 1)]
    [InlineData("tokenizer", "charNGramMax", 9)]
    [InlineData("tokenizer", "buckets", 0)]
    public void Inconsistent_member_shapes_are_refused(string section, string property, int value)
    {
        BundleEditing.EditManifest(_bundle, m => m["ensemble"]![0]![section]![property] = value);

        var ex = Assert.Throws<BundleFormatException>(() => TextClassifier.Load(_bundle));

        Assert.StartsWith(_bundle, ex.FilePath, StringComparison.Ordinal);
    }

    [Fact]
    public void A_member_head_disagreeing_with_the_labels_names_the_member()
    {
        BundleEditing.EditManifest(_bundle, m => m["labels"]!.AsArray().Add("extra"));

        var ex = Assert.Throws<BundleFormatException>(() => TextClassifier.Load(_bundle));

        Assert.Contains("labels", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[null]""")]
    [InlineData("""[{}]""")]
    [InlineData("""[1]""")]
    [InlineData("""{"a": 1}""")]
    [InlineData("\"x\"")]
    public void Malformed_ensemble_sections_are_refused(string json)
    {
        BundleEditing.EditManifest(_bundle, m => m["ensemble"] = JsonNode.Parse(json));

        var ex = Assert.Throws<BundleFormatException>(() => TextClassifier.Load(_bundle));

        Assert.Equal(BundleEditing.ManifestPath(_bundle), ex.FilePath);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(ModelManifest.CurrentFormatVersion + 1)]
    [InlineData(int.MaxValue)]
    public void Unknown_format_versions_of_an_ensemble_are_refused(int version)
    {
        BundleEditing.EditManifest(_bundle, m => m["formatVersion"] = version);

        var ex = Assert.Throws<BundleFormatException>(() => TextClassifier.Load(_bundle));

        Assert.Contains("formatVersion", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_byte_flips_in_every_file_of_an_ensemble_are_detected_or_harmless()
    {
        List<string> texts = SyntheticData.Texts(30, seed: 6);
        float[][] expected = TestModels.ScoresOf(_model, texts);
        string[] files = Directory.GetFiles(_bundle).Order(StringComparer.Ordinal).ToArray();
        var random = new Random(7);
        int detected = 0;
        var failures = new List<string>();
        for (int k = 0; k < RandomFlips; k++)
        {
            string file = files[k % files.Length];
            long position = random.NextInt64(new FileInfo(file).Length);
            byte mask = (byte)random.Next(1, 256);
            BundleEditing.FlipByte(file, position, mask);
            try
            {
                TextClassifier loaded = TextClassifier.Load(_bundle);
                // A weight file is covered by its SHA-256; a manifest flip that still loads (e.g. inside a metric
                // value or the createdBy string) must give the very same predictions or a different-but-valid model.
                float[][] actual = TestModels.ScoresOf(loaded, texts);
                bool same = actual.Zip(expected).All(p => p.First.AsSpan().SequenceEqual(p.Second));
                if (!same && Path.GetFileName(file) != ModelBundle.ManifestFileName)
                {
                    failures.Add($"{Path.GetFileName(file)}[{position}] ^= 0x{mask:X2}: a damaged weight file loaded into a different model");
                }
            }
            catch (BundleFormatException)
            {
                detected++;
            }
#pragma warning disable CA1031 // Any other exception is what this test reports.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failures.Add($"{Path.GetFileName(file)}[{position}] ^= 0x{mask:X2}: {ex.GetType().Name}: {ex.Message}");
            }
            finally
            {
                BundleEditing.FlipByte(file, position, mask);
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.True(detected > RandomFlips / 2, $"only {detected} of {RandomFlips} flips detected");
        Assert.Equal(expected, TestModels.ScoresOf(TextClassifier.Load(_bundle), texts));
    }

    private JsonObject Manifest() => JsonNode.Parse(File.ReadAllText(BundleEditing.ManifestPath(_bundle)))!.AsObject();

    private string MemberFile(string property)
    {
        JsonNode member = Manifest()["ensemble"]![0]!;
        return property == "head.weightsFile" ? (string)member["head"]!["weightsFile"]! : (string)member["encoder"]![property]!;
    }
}
