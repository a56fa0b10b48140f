using System.Text.Json;

namespace TextClassification.Training.Data;

/// <summary>
/// The class names Hugging Face <c>datasets</c> records for a <c>ClassLabel</c> column of a Parquet file it wrote (its
/// <c>to_parquet</c>, the Hub's <c>refs/convert/parquet</c> exports): the file's key-value metadata holds, under the key
/// <c>huggingface</c>, <c>{"info": {"features": {"label": {"names": [...], "_type": "ClassLabel"}}}}</c>, and the column
/// holds each row's index into <c>names</c>. A multi-label column (<c>Sequence(ClassLabel)</c>, written <c>Sequence</c> or
/// <c>List</c> with its ClassLabel under <c>feature</c>, or as a one-item JSON array) holds a list of indexes.
/// </summary>
internal static class HuggingFaceClassLabels
{
    /// <summary>The metadata key <c>datasets</c> writes its features under.</summary>
    public const string MetadataKey = "huggingface";

    /// <summary>The class names of column <paramref name="column"/> (matched exactly, then ignoring case), or null where
    /// the metadata names none for it (no such key, not JSON, no ClassLabel feature of that name).</summary>
    public static string[]? Of(IReadOnlyDictionary<string, string>? metadata, string column)
    {
        if (metadata is null || !metadata.TryGetValue(MetadataKey, out string? json) || string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("info", out JsonElement info) || info.ValueKind != JsonValueKind.Object
                || !info.TryGetProperty("features", out JsonElement features) || features.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            JsonElement? feature = null;
            foreach (JsonProperty property in features.EnumerateObject())
            {
                if (string.Equals(property.Name, column, StringComparison.Ordinal))
                {
                    feature = property.Value;
                    break;
                }

                if (feature is null && string.Equals(property.Name.Trim(), column.Trim(), StringComparison.OrdinalIgnoreCase))
                {
                    feature = property.Value;
                }
            }

            return feature is { } found ? Names(found, depth: 0) : null;
        }
        catch (JsonException)
        {
            // Metadata another tool wrote under the same key: the column's integers are read as numbers.
            return null;
        }
        catch (InvalidOperationException)
        {
            // A name that is an escaped lone surrogate.
            return null;
        }
    }

    // A ClassLabel's names; a Sequence or List of one, its item's; null for any other feature.
    private static string[]? Names(JsonElement feature, int depth)
    {
        if (depth > 2)
        {
            return null;
        }

        if (feature.ValueKind == JsonValueKind.Array)
        {
            // [ClassLabel(...)]: the list shorthand of datasets' features.
            return feature.GetArrayLength() == 1 ? Names(feature[0], depth + 1) : null;
        }

        if (feature.ValueKind != JsonValueKind.Object || !feature.TryGetProperty("_type", out JsonElement type) || type.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        string? kind = type.GetString();
        if (kind is "Sequence" or "List" or "LargeList")
        {
            return feature.TryGetProperty("feature", out JsonElement item) ? Names(item, depth + 1) : null;
        }

        if (kind != "ClassLabel" || !feature.TryGetProperty("names", out JsonElement names) || names.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var result = new string[names.GetArrayLength()];
        int i = 0;
        foreach (JsonElement name in names.EnumerateArray())
        {
            if (name.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            result[i++] = name.GetString()!;
        }

        return result;
    }
}
