using System.Text.Json;

namespace TextClassification.LoadDriver;

/// <summary>The request bodies a run sends in turn, made from the quick-start texts.</summary>
internal static class RequestBodies
{
    /// <summary>The most texts a batch body holds (<c>--batch</c>): a thousand times the service's default
    /// MaxBatchSize, and about 45 MB of quick-start texts.</summary>
    public const int MaxBatch = 1_000_000;

    // Batch bodies hold together at most this many texts a text: one body from each text, up to 1,000 texts a body
    // (the service's default MaxBatchSize); a larger batch gets fewer bodies. A body from each text whatever the size had
    // taken 937 MB and 6.6 s before the first request at --batch 20000 (632 texts), and "Out of memory." at 2000000.
    private const long TextsPerText = 1_000;

    /// <summary>One <c>{"text": ...}</c> body a text, or with <paramref name="batch"/> <c>{"texts": [...]}</c> bodies of
    /// that many texts, each starting one text further: one from each text up to 1,000 texts a body, fewer above.</summary>
    public static byte[][] Make(string[] texts, int? batch)
    {
        if (batch is not int size)
        {
            return [.. texts.Select(t => JsonSerializer.SerializeToUtf8Bytes(new { text = t }))];
        }

        int count = (int)Math.Clamp(texts.Length * TextsPerText / size, 1, texts.Length);
        return [.. Enumerable.Range(0, count).Select(first => JsonSerializer.SerializeToUtf8Bytes(new { texts = Enumerable.Range(first, size).Select(i => texts[i % texts.Length]) }))];
    }
}
