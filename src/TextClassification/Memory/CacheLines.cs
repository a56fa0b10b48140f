using System.Runtime.Intrinsics.X86;

namespace TextClassification.Memory;

/// <summary>Software prefetching of a range of memory (x86 <c>prefetcht0</c>): the embedding rows of an example
/// ahead of its SGD step, a row ahead of its accumulation. Callers check <see cref="Sse.IsSupported"/> first (the
/// instruction throws elsewhere). It changes no value.</summary>
internal static class CacheLines
{
    /// <summary>Bytes in a cache line.</summary>
    public const int Size = 64;

    /// <summary>Asks the CPU for every cache line of <paramref name="bytes"/> bytes (at least 1) from
    /// <paramref name="start"/>.</summary>
    public static unsafe void Prefetch(byte* start, int bytes)
    {
        for (int offset = 0; offset < bytes; offset += Size)
        {
            Sse.Prefetch0(start + offset);
        }

        // A range need not start on a cache line, so its last byte may lie on one more.
        Sse.Prefetch0(start + bytes - 1);
    }
}
