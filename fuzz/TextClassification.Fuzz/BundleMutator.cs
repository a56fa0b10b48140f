using System.Text.Json.Nodes;
using TextClassification.Bundles;

namespace TextClassification.Fuzz;

/// <summary>Damages a copy of a real bundle: byte flips, truncation, extension and deletion of files, and
/// structure-aware edits of the manifest (a value replaced by a hostile one, a key removed, a value copied elsewhere).</summary>
internal sealed class BundleMutator(Random random)
{
    private static readonly Func<JsonNode?>[] HostileValues =
    [
        () => null, () => 0, () => -1, () => 1, () => 2, () => 3, () => int.MaxValue, () => int.MinValue, () => long.MaxValue,
        () => 1e308, () => -0.5, () => true, () => string.Empty, () => "..", () => "../x.bin", () => "/etc/passwd",
        () => "C:\\x.bin", () => "sub/x.bin", () => "x\0.bin", () => "textclassifier.json", () => "\uD800",
        () => new string('a', 5000), () => new JsonArray(), () => new JsonObject(), () => new JsonArray(1, "a", null),
        () => "hashedNGrams", () => "tfidf", () => "mean", () => "softmax", () => "linear", () => "embeddingBag",
    ];

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
            int kind = random.Next(10);
            if (kind < 4 && name == ModelBundle.ManifestFileName && TryEditJson(file, out string? edit))
            {
                done.Add(edit!);
                continue;
            }

            byte[] bytes = File.ReadAllBytes(file);
            switch (kind)
            {
                case 4 or 5 or 6 when bytes.Length > 0:
                    int position = random.Next(bytes.Length);
                    byte mask = (byte)random.Next(1, 256);
                    bytes[position] ^= mask;
                    File.WriteAllBytes(file, bytes);
                    done.Add($"{name}[{position}] ^= 0x{mask:X2}");
                    break;
                case 7:
                    int length = bytes.Length == 0 ? 0 : random.Next(bytes.Length);
                    File.WriteAllBytes(file, bytes[..length]);
                    done.Add($"{name} truncated to {length}");
                    break;
                case 8:
                    int extra = random.Next(1, 9);
                    File.WriteAllBytes(file, [.. bytes, .. new byte[extra]]);
                    done.Add($"{name} extended by {extra}");
                    break;
                default:
                    File.Delete(file);
                    done.Add($"{name} deleted");
                    break;
            }
        }

        return string.Join("; ", done);
    }

    private bool TryEditJson(string file, out string? description)
    {
        description = null;
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(file));
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }

        var slots = new List<(JsonNode Parent, string? Key, int Index, string Path)>();
        Collect(root, slots);
        if (slots.Count == 0)
        {
            return false;
        }

        (JsonNode parent, string? key, int index, string path) = slots[random.Next(slots.Count)];
        int action = random.Next(4);
        if (action == 0 && key is not null)
        {
            parent.AsObject().Remove(key);
            description = $"manifest {path} removed";
        }
        else if (action == 1)
        {
            // A value from elsewhere in the same manifest (e.g. a file name or count moved to another member).
            (JsonNode donor, string? donorKey, int donorIndex, string donorPath) = slots[random.Next(slots.Count)];
            JsonNode? value = (donorKey is null ? donor[donorIndex] : donor[donorKey])?.DeepClone();
            Set(parent, key, index, value);
            description = $"manifest {path} = copy of {donorPath}";
        }
        else
        {
            JsonNode? value = HostileValues[random.Next(HostileValues.Length)]();
            Set(parent, key, index, value);
            description = $"manifest {path} = {value?.ToJsonString() ?? "null"}";
        }

        File.WriteAllText(file, root!.ToJsonString());
        return true;
    }

    private static void Set(JsonNode parent, string? key, int index, JsonNode? value)
    {
        if (key is not null)
        {
            parent[key] = value;
        }
        else
        {
            parent[index] = value;
        }
    }

    private static void Collect(JsonNode? node, List<(JsonNode, string?, int, string)> slots, string path = "$")
    {
        if (node is JsonObject obj)
        {
            foreach ((string key, JsonNode? child) in obj.ToList())
            {
                slots.Add((obj, key, -1, $"{path}.{key}"));
                Collect(child, slots, $"{path}.{key}");
            }
        }
        else if (node is JsonArray array)
        {
            for (int i = 0; i < array.Count; i++)
            {
                slots.Add((array, null, i, $"{path}[{i}]"));
                Collect(array[i], slots, $"{path}[{i}]");
            }
        }
    }
}
