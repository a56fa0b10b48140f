using System.Text.Json.Nodes;

namespace TextClassification.Fuzz;

/// <summary>Structure-aware edits of a JSON file: a member removed, a value replaced by a hostile one (another type, a
/// huge or negative number, a string with NUL or a lone surrogate), an array or object emptied, or a value copied from
/// elsewhere in the same file.</summary>
internal sealed class JsonEditor(Random random, Func<JsonNode?>[] hostileValues)
{
    /// <summary>Values every JSON file of the SDK should survive: other types, edge numbers, broken strings.</summary>
    public static readonly Func<JsonNode?>[] CommonHostileValues =
    [
        () => null, () => 0, () => -1, () => 1, () => 2, () => 3, () => int.MaxValue, () => int.MinValue, () => long.MaxValue,
        () => 1e308, () => -0.5, () => true, () => false, () => string.Empty, () => "\uD800", () => "\0", () => "x\0\uDC00y",
        () => new string('a', 5000), () => new JsonArray(), () => new JsonObject(), () => new JsonArray(1, "a", null),
    ];

    private static readonly Func<JsonNode?>[] BoundaryNumbers =
    [
        () => -1, () => int.MaxValue, () => int.MaxValue - 1, () => int.MinValue, () => (1 << 24) - 1, () => 1 << 24, () => 1 << 30,
        () => long.MaxValue, () => 1e308, () => -1e308, () => 0.5, () => -0.0,
    ];

    /// <summary>Applies one edit to the JSON file; false (the file untouched) when it is not JSON or has no members.</summary>
    public bool TryEdit(string file, out string? description)
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
        string name = Path.GetFileName(file);
        int action = random.Next(5);
        if (action == 0 && key is not null)
        {
            parent.AsObject().Remove(key);
            description = $"{name} {path} removed";
        }
        else if (action == 1)
        {
            // A value from elsewhere in the same file (e.g. a file name or count moved to another member).
            (JsonNode donor, string? donorKey, int donorIndex, string donorPath) = slots[random.Next(slots.Count)];
            JsonNode? value = (donorKey is null ? donor[donorIndex] : donor[donorKey])?.DeepClone();
            Set(parent, key, index, value);
            description = $"{name} {path} = copy of {donorPath}";
        }
        else if (action == 2 && (key is null ? parent[index] : parent[key]) is JsonArray or JsonObject)
        {
            JsonNode container = (key is null ? parent[index] : parent[key])!;
            if (container is JsonArray array)
            {
                array.Clear();
            }
            else
            {
                container.AsObject().Clear();
            }

            description = $"{name} {path} emptied";
        }
        else
        {
            // A number is most often replaced by a boundary one: among all the hostile values, a vocabulary id of
            // int.MaxValue (the lead's probe found it crash) came up about once a run (review 52f).
            JsonNode? current = key is null ? parent[index] : parent[key];
            JsonNode? value = current is JsonValue number && number.GetValueKind() == System.Text.Json.JsonValueKind.Number && random.Next(2) == 0
                ? BoundaryNumbers[random.Next(BoundaryNumbers.Length)]()
                : hostileValues[random.Next(hostileValues.Length)]();
            Set(parent, key, index, value);
            description = $"{name} {path} = {value?.ToJsonString() ?? "null"}";
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
