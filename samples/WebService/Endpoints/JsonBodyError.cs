using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace TextClassification.WebService.Endpoints;

/// <summary>
/// Says what is wrong with a body the serializer refused. Its exception names a place, not a reason: JSON nested past
/// the depth limit, a body that is an array or a string, and a <c>topK</c> of 3.5 were all "not valid JSON for this
/// endpoint". The body is parsed again (only on this path) to tell JSON that does not parse (with the reader's own
/// reason, the depth limit among them) from a body that is no JSON object, from a field given twice (refused: see
/// ServiceApp) and from a value of the wrong type.
/// </summary>
internal static class JsonBodyError
{
    private const int ShownValueLength = 40;

    public static IResult Describe(Type target, ReadOnlyMemory<byte> body, JsonException error, JsonSerializerOptions json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions
            {
                MaxDepth = json.MaxDepth,
                AllowTrailingCommas = json.AllowTrailingCommas,
                CommentHandling = json.ReadCommentHandling,
            });
        }
        catch (JsonException syntax)
        {
            return JsonBody.Problem("Invalid JSON", $"The request body is not valid JSON{Where(syntax)}: {ReaderReason(syntax)}");
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return JsonBody.Problem("Invalid request", $"The request body must be a JSON object ({{\"text\": ...}}), not {Shown(root)}.");
            }

            // First: the serializer stops at the second of two same-named fields, whatever their values.
            if (Repeated(root, json.GetTypeInfo(target), json) is { } field)
            {
                return JsonBody.Invalid(field, $"The {field} field is given more than once; send it once.");
            }

            if (error.Path is { } path && Find(root, path, json.GetTypeInfo(target), json) is (JsonElement value, Type expected) &&
                !Fits(value, expected) && Expected(expected) is { } what)
            {
                return JsonBody.Problem("Invalid request", $"The value at {path}{Where(error)} must be {what}; got {Shown(value)}.");
            }
        }

        // The JSON and its types are right, but the reader refused a value: an escaped lone surrogate ("\ud800"),
        // which it names exactly.
        string at = error.Path is { Length: > 1 } where ? $" at {where}" : string.Empty;
        string reason = error.InnerException is InvalidOperationException { Message: { Length: > 0 } inner } ? $": {inner}" : ".";
        return JsonBody.Problem("Invalid JSON", $"The request body is not valid JSON for this endpoint{at}{Where(error)}{reason}");
    }

    private static string Where(JsonException ex) =>
        ex.LineNumber is null ? string.Empty : $" (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})";

    // The reader's message without its zero-based " LineNumber: 0 | BytePositionInLine: 5." tail (said one-based above).
    private static string ReaderReason(JsonException ex)
    {
        string message = ex.Message;
        int tail = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (tail > 0 ? message[..tail] : message).Trim();
    }

    /// <summary>The name (as the request declares it) of a field of the request that <paramref name="body"/> gives more
    /// than once, names compared as the serializer compares them, or null. The requests' fields are all at the top.</summary>
    private static string? Repeated(JsonElement body, JsonTypeInfo info, JsonSerializerOptions json)
    {
        StringComparison names = json.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        foreach (JsonPropertyInfo property in info.Properties)
        {
            int given = 0;
            foreach (JsonProperty member in body.EnumerateObject())
            {
                if (string.Equals(member.Name, property.Name, names) && ++given > 1)
                {
                    return property.Name;
                }
            }
        }

        return null;
    }

    /// <summary>The value at <paramref name="path"/> (the serializer's <c>$.texts[1]</c>) and the type the request
    /// declares for it, or null where the path cannot be followed.</summary>
    private static (JsonElement Value, Type Type)? Find(JsonElement root, string path, JsonTypeInfo info, JsonSerializerOptions json)
    {
        StringComparison names = json.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        JsonElement at = root;
        Type type = info.Type;
        int i = 1; // past "$"
        while (i < path.Length)
        {
            if (path[i] == '.' && info.Kind == JsonTypeInfoKind.Object && at.ValueKind == JsonValueKind.Object)
            {
                int end = path.IndexOfAny(['.', '['], i + 1);
                string name = path[(i + 1)..(end < 0 ? path.Length : end)];
                JsonPropertyInfo? property = info.Properties.FirstOrDefault(p => string.Equals(p.Name, name, names));
                // The last of repeated names, as the serializer reads them.
                JsonProperty? member = at.EnumerateObject().LastOrDefault(p => string.Equals(p.Name, name, names));
                if (property is null || member is null)
                {
                    return null;
                }

                (at, type) = (member.Value.Value, property.PropertyType);
                i = end < 0 ? path.Length : end;
            }
            else if (path[i] == '[' && info.Kind == JsonTypeInfoKind.Enumerable && at.ValueKind == JsonValueKind.Array &&
                path.IndexOf(']', i) is > 0 and var close && int.TryParse(path.AsSpan(i + 1, close - i - 1), out int index) &&
                index < at.GetArrayLength() && info.ElementType is { } element)
            {
                (at, type) = (at[index], element);
                i = close + 1;
            }
            else
            {
                return null; // a quoted name (['a b']) or a shape the request does not have
            }

            info = json.GetTypeInfo(type);
        }

        return (at, type);
    }

    private static bool Fits(JsonElement value, Type type)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return !type.IsValueType || Nullable.GetUnderlyingType(type) is not null;
        }

        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(int) ? value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _)
            : type == typeof(string) ? value.ValueKind == JsonValueKind.String
            : typeof(System.Collections.IEnumerable).IsAssignableFrom(type) ? value.ValueKind == JsonValueKind.Array
            : true;
    }

    private static string? Expected(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(int) ? $"a whole number (an integer, at most {int.MaxValue})"
            : type == typeof(string) ? "a JSON string"
            : type.IsAssignableTo(typeof(IEnumerable<string?>)) ? "an array of strings"
            : null;
    }

    private static string Shown(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string " + Cut(value.GetRawText()),
        JsonValueKind.Null => "null",
        _ => Cut(value.GetRawText()),
    };

    private static string Cut(string raw) => raw.Length <= ShownValueLength ? raw : raw[..ShownValueLength] + "...";
}
