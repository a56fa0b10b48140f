using System.Security.Cryptography;
using System.Text.Json.Nodes;
using TextClassification.Bundles;
using TextClassification.Tests.Support;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Bundles;

/// <summary>The linear and naive Bayes members' identity heads: stored as their bias alone (format version 5), and read
/// back as the identity from bundles that stored them as a dense labels × labels matrix.</summary>
public sealed class IdentityHeadBundleTests : IDisposable
{
    // The word model, the linear member and naive Bayes on its features: two identity heads, one dense head.
    private static readonly Lazy<TextClassifier> Model = new(() => NGramTrainer.Train(
        TestModels.SmallData,
        TestModels.FastOptions(seed: 5) with { LinearModel = new LinearModelOptions { Tokenizer = null } }).Classifier);

    private static readonly List<string> Probe = SyntheticData.Texts(60, seed: 17);

    private readonly TempFolder _temp = new("tc-identity-head");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_identity_heads_are_saved_as_their_bias_in_a_version_5_bundle_that_round_trips_exactly()
    {
        TextClassifier model = Model.Value;
        int labels = model.Labels.Count;
        string bundle = BundleEditing.SaveBundle(_temp, model);
        JsonObject manifest = ReadManifest(bundle);
        TextClassifier loaded = TextClassifier.Load(bundle);

        Assert.Equal(3, model.ModelCount);
        Assert.Equal(5, manifest["formatVersion"]!.GetValue<int>());
        JsonObject[] heads = Heads(manifest);
        Assert.Equal(["linear", "identity", "identity"], heads.Select(h => h["type"]!.GetValue<string>()));
        foreach (JsonObject head in heads.Skip(1))
        {
            Assert.Equal(labels, head["inputs"]!.GetValue<int>());
            Assert.Equal(labels * sizeof(float), new FileInfo(Path.Combine(bundle, head["weightsFile"]!.GetValue<string>())).Length);
        }

        Assert.Equal([false, true, true], loaded.Members.Select(m => m.Head.IsIdentity));
        Assert.Equal(model.Members[1].Head.Bias, loaded.Members[1].Head.Bias);
        Assert.Equal(TestModels.ScoresOf(model, Probe), TestModels.ScoresOf(loaded, Probe));
    }

    [Fact]
    public void A_bundle_that_stored_the_identity_as_a_dense_matrix_loads_as_the_identity_and_predicts_the_same()
    {
        string bundle = BundleEditing.SaveBundle(_temp, Model.Value);
        WriteDenseHeads(bundle, formatVersion: 3, diagonal: 1f);

        TextClassifier loaded = TextClassifier.Load(bundle);

        Assert.Equal([false, true, true], loaded.Members.Select(m => m.Head.IsIdentity));
        Assert.Equal(TestModels.ScoresOf(Model.Value, Probe), TestModels.ScoresOf(loaded, Probe));
    }

    [Fact]
    public void A_square_dense_head_that_is_not_the_identity_stays_dense()
    {
        string bundle = BundleEditing.SaveBundle(_temp, Model.Value);
        WriteDenseHeads(bundle, formatVersion: 3, diagonal: 0.5f);

        TextClassifier loaded = TextClassifier.Load(bundle);

        Assert.Equal([false, false, false], loaded.Members.Select(m => m.Head.IsIdentity));
        Assert.NotEqual(TestModels.ScoresOf(Model.Value, Probe), TestModels.ScoresOf(loaded, Probe));
    }

    [Fact]
    public void An_identity_head_before_version_5_is_refused()
    {
        BundleFormatException ex = BundleEditing.RefusedAfterEdit(Model.Value, m => m["formatVersion"] = 4);

        Assert.Contains("ensemble[0]: an 'identity' head needs 'formatVersion' 5", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_identity_head_whose_inputs_differ_from_its_outputs_is_refused()
    {
        BundleFormatException ex = BundleEditing.RefusedAfterEdit(Model.Value, m => m["ensemble"]![0]!["head"]!["inputs"] = 99);

        Assert.Contains("ensemble[0]: an 'identity' head takes as many inputs as it has outputs; it has 99 and 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dense_head_file_named_as_an_identity_head_is_refused_by_its_length()
    {
        // The manifest's size and hash match the file; its length does not match the type, so nothing is misread.
        string bundle = BundleEditing.SaveBundle(_temp, Model.Value);
        WriteDenseHeads(bundle, formatVersion: 5, diagonal: 1f);
        BundleEditing.EditManifest(bundle, m => m["ensemble"]![0]!["head"]!["type"] = "identity");

        BundleFormatException ex = Assert.Throws<BundleFormatException>(() => TextClassifier.Load(bundle));

        Assert.Contains("head-", ex.Message, StringComparison.Ordinal);
    }

    private static JsonObject ReadManifest(string bundle) =>
        JsonNode.Parse(File.ReadAllText(BundleEditing.ManifestPath(bundle)))!.AsObject();

    private static JsonObject[] Heads(JsonObject manifest) =>
        [manifest["head"]!.AsObject(), .. manifest["ensemble"]!.AsArray().Select(member => member!["head"]!.AsObject())];

    // Rewrites the bundle as releases before format version 5 wrote it: every identity head a "linear" head whose file
    // holds the labels × labels matrix (with diagonal as its diagonal) and then the bias.
    private static void WriteDenseHeads(string bundle, int formatVersion, float diagonal)
    {
        BundleEditing.EditManifest(bundle, manifest =>
        {
            manifest["formatVersion"] = formatVersion;
            JsonObject files = manifest["files"]!.AsObject();
            foreach (JsonObject head in Heads(manifest).Where(h => h["type"]!.GetValue<string>() == "identity"))
            {
                string oldName = head["weightsFile"]!.GetValue<string>();
                float[] bias = ReadFloats(Path.Combine(bundle, oldName));
                int size = bias.Length;
                float[] values = new float[(size * size) + size];
                for (int i = 0; i < size; i++)
                {
                    values[(i * size) + i] = diagonal;
                }

                bias.CopyTo(values, size * size);
                byte[] bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
                string sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
                string name = $"head-{sha[..12]}.bin";
                File.WriteAllBytes(Path.Combine(bundle, name), bytes);
                files[name] = new JsonObject { ["bytes"] = bytes.Length, ["sha256"] = sha };
                head["type"] = "linear";
                head["weightsFile"] = name;
            }
        });
    }

    private static float[] ReadFloats(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }
}
