using System.Text.Json.Nodes;
using TextClassification.Bundles;

namespace TextClassification.Tests.Support;

/// <summary>Helpers to save a bundle and damage it in controlled ways.</summary>
public static class BundleEditing
{
    /// <summary>Saves <paramref name="model"/> into a new sub-folder of <paramref name="temp"/> and returns its path.</summary>
    public static string SaveBundle(TempFolder temp, TextClassifier model, string name = "bundle")
    {
        string folder = temp.Combine(name);
        model.Save(folder);
        return folder;
    }

    public static string ManifestPath(string bundle) => Path.Combine(bundle, ModelBundle.ManifestFileName);

    /// <summary>Reads, edits and rewrites the manifest as JSON.</summary>
    public static void EditManifest(string bundle, Action<JsonObject> edit)
    {
        string path = ManifestPath(bundle);
        JsonObject manifest = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(manifest);
        File.WriteAllText(path, manifest.ToJsonString());
    }

    /// <summary>Removes <paramref name="key"/> from the tokenizer of the manifest's model and of every ensemble member, as
    /// a bundle written before that tokenizer setting existed has it.</summary>
    public static void RemoveFromEveryTokenizer(JsonObject manifest, string key)
    {
        manifest["tokenizer"]!.AsObject().Remove(key);
        foreach (JsonNode? member in manifest["ensemble"]?.AsArray() ?? [])
        {
            member!["tokenizer"]!.AsObject().Remove(key);
        }
    }

    /// <summary>Saves <paramref name="model"/> into a temporary folder, edits its manifest and returns the exception
    /// loading it throws (the test fails when it loads).</summary>
    public static BundleFormatException RefusedAfterEdit(TextClassifier model, Action<JsonObject> edit)
    {
        using var temp = new TempFolder("tc-edited");
        string bundle = SaveBundle(temp, model);
        EditManifest(bundle, edit);
        return Assert.Throws<BundleFormatException>(() => TextClassifier.Load(bundle));
    }

    /// <summary>The weight file of the bundle whose name starts with <paramref name="stem"/> (features, embeddings, head).</summary>
    public static string WeightFile(string bundle, string stem) =>
        Directory.GetFiles(bundle, stem + "-*.bin").Single();

    /// <summary>File names (not paths) in a folder, sorted.</summary>
    public static string[] FileNames(string folder) =>
        Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    /// <summary>XORs one byte of a file with <paramref name="mask"/> (non-zero), so applying it twice restores the file.</summary>
    public static void FlipByte(string path, long position, byte mask)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = position;
        int value = stream.ReadByte();
        stream.Position = position;
        stream.WriteByte((byte)(value ^ mask));
    }
}
