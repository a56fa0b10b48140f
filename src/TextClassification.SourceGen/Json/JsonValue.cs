using System.Collections.Generic;
using Microsoft.CodeAnalysis.Text;

namespace TextClassification.SourceGen.Json;

/// <summary>Kinds of <see cref="JsonValue"/>.</summary>
internal enum JsonKind
{
    Object,
    Array,
    String,
    Number,
    Literal,
}

/// <summary>A parsed JSON value with the position where it starts (for diagnostics).</summary>
internal sealed class JsonValue
{
    private JsonValue(JsonKind kind, LinePosition position, string? text, List<JsonValue>? items, List<KeyValuePair<string, JsonValue>>? members)
    {
        Kind = kind;
        Position = position;
        Text = text;
        Items = items;
        Members = members;
    }

    public JsonKind Kind { get; }

    public LinePosition Position { get; }

    /// <summary>The decoded string, or the raw text of a number or literal.</summary>
    public string? Text { get; }

    /// <summary>Array elements, in order.</summary>
    public List<JsonValue>? Items { get; }

    /// <summary>Object members, in document order.</summary>
    public List<KeyValuePair<string, JsonValue>>? Members { get; }

    public static JsonValue Scalar(JsonKind kind, LinePosition position, string text) => new(kind, position, text, null, null);

    public static JsonValue Array(LinePosition position, List<JsonValue> items) => new(JsonKind.Array, position, null, items, null);

    public static JsonValue Object(LinePosition position, List<KeyValuePair<string, JsonValue>> members) =>
        new(JsonKind.Object, position, null, null, members);

    /// <summary>The value of the last member named <paramref name="name"/> (ordinal), or null: a key given twice
    /// means what System.Text.Json (the runtime's reader) and Python's json make of it.</summary>
    public JsonValue? Property(string name)
    {
        if (Members is null)
        {
            return null;
        }

        for (int i = Members.Count - 1; i >= 0; i--)
        {
            if (Members[i].Key == name)
            {
                return Members[i].Value;
            }
        }

        return null;
    }
}
