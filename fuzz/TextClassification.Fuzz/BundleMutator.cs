using System.Text.Json.Nodes;
using TextClassification.Bundles;

namespace TextClassification.Fuzz;

/// <summary>Damages a copy of a real bundle: byte flips, truncation, extension and deletion of files, and
/// structure-aware edits of the manifest (a value replaced by a hostile one, a key removed, a value copied elsewhere).</summary>
internal sealed class BundleMutator(Random random)
{
    private static readonly Func<JsonNode?>[] HostileValues =
    [
        .. JsonEditor.CommonHostileValues, () => "..", () => "../x.bin", () => "/etc/passwd", () => "C:\\x.bin", () => "sub/x.bin",
        () => "x\0.bin", () => "textclassifier.json", () => "hashedNGrams", () => "tfidf", () => "mean", () => "softmax", () => "linear",
        () => "embeddingBag",
    ];

    private readonly JsonEditor _json = new(random, HostileValues);

    /// <summary>Applies 1 to 3 mutations to the bundle in <paramref name="folder"/> and describes them.</summary>
    public string Mutate(string folder)
    {
        var done = new List<string>();
        int steps = 1 + random.Next(3);
        for (int s = 0; s < steps; s++)
        {
            string[] files = Directory.GetFiles(folder).Order(StringComparer.Ordinal).ToArray();
            if (files.Length == 0)
            {
                break;
            }

            string manifest = Path.Combine(folder, ModelBundle.ManifestFileName);
            string file = random.Next(2) == 0 && File.Exists(manifest) ? manifest : files[random.Next(files.Length)];
            string name = Path.GetFileName(file);
            if (random.Next(10) < 4 && name == ModelBundle.ManifestFileName && _json.TryEdit(file, out string? edit))
            {
                done.Add(edit!);
                continue;
            }

            done.Add(FileDamage.Apply(random, file));
        }

        return string.Join("; ", done);
    }
}
