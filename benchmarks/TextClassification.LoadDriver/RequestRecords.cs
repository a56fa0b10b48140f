namespace TextClassification.LoadDriver;

/// <summary>
/// What a run records of each request, by its index: its latency and whether it failed once it finished, and in an open
/// loop how late it was sent. Kept in chunks made as the requests reach them, so memory follows the requests sent, not
/// the count given: a soak run given a count it will not reach, to be stopped by Ctrl+C, had its arrays allocated for
/// the whole count up front, and 2,147,483,647 requests ended at once with "Out of memory." (exit 134).
/// </summary>
internal sealed class RequestRecords
{
    private const int ChunkBits = 16;
    private const int ChunkMask = (1 << ChunkBits) - 1;

    private readonly Chunk?[] _chunks;
    private readonly int _count;
    private readonly bool _recordsSends;

    /// <summary>Room for <paramref name="count"/> requests, made as they are reached; <paramref name="recordsSends"/>:
    /// keep how late each was sent (an open loop).</summary>
    public RequestRecords(int count, bool recordsSends)
    {
        _chunks = new Chunk?[(int)(((long)count + ChunkMask) >> ChunkBits)];
        _count = count;
        _recordsSends = recordsSends;
    }

    /// <summary>Request <paramref name="request"/> was sent <paramref name="late"/> Stopwatch ticks after its due time.</summary>
    public void Sent(int request, long late) => At(request).Late![request & ChunkMask] = late;

    /// <summary>Request <paramref name="request"/> finished (answered, or failed) after <paramref name="ticks"/>.</summary>
    public void Finished(int request, long ticks)
    {
        Chunk chunk = At(request);
        chunk.Ticks[request & ChunkMask] = ticks;
        chunk.Finished[request & ChunkMask] = true;
    }

    /// <summary>Request <paramref name="request"/>, finished, failed.</summary>
    public void Failed(int request) => At(request).Failed[request & ChunkMask] = true;

    /// <summary>The finished requests, in request order: their latencies, which failed, and how late each was sent (null
    /// unless sends are recorded). Read once the run's requests are done.</summary>
    public (long[] Ticks, bool[] Failed, long[]? Late, bool All) Collect()
    {
        int finished = 0;
        foreach (Chunk? chunk in _chunks)
        {
            finished += chunk is null ? 0 : chunk.Finished.AsSpan().Count(true);
        }

        long[] ticks = new long[finished];
        bool[] failed = new bool[finished];
        long[]? late = _recordsSends ? new long[finished] : null;
        int at = 0;
        for (int c = 0; c < _chunks.Length; c++)
        {
            if (_chunks[c] is not { } chunk)
            {
                continue;
            }

            for (int i = 0; i < chunk.Finished.Length; i++)
            {
                if (chunk.Finished[i])
                {
                    ticks[at] = chunk.Ticks[i];
                    failed[at] = chunk.Failed[i];
                    if (late is not null)
                    {
                        late[at] = chunk.Late![i];
                    }

                    at++;
                }
            }
        }

        return (ticks, failed, late, finished == _count);
    }

    private Chunk At(int request)
    {
        ref Chunk? slot = ref _chunks[request >> ChunkBits];
        if (Volatile.Read(ref slot) is { } chunk)
        {
            return chunk;
        }

        int first = request & ~ChunkMask;
        var made = new Chunk(Math.Min(ChunkMask + 1, _count - first), _recordsSends);
        return Interlocked.CompareExchange(ref slot, made, null) ?? made;
    }

    private sealed class Chunk(int length, bool recordsSends)
    {
        public long[] Ticks { get; } = new long[length];

        public bool[] Failed { get; } = new bool[length];

        public bool[] Finished { get; } = new bool[length];

        public long[]? Late { get; } = recordsSends ? new long[length] : null;
    }
}
