namespace TextClassification.Tokenization;

/// <summary>Collects the word-piece ids and offsets of one sequence into caller-owned spans. Stops storing at the
/// spans' length; with <see cref="CountAll"/> it keeps counting past it (pair truncation needs the true lengths).</summary>
internal ref struct TokenSink
{
    private readonly Span<int> _ids;
    private readonly Span<TokenOffset> _offsets;

    public TokenSink(Span<int> ids, Span<TokenOffset> offsets, bool countAll)
    {
        _ids = ids;
        _offsets = offsets;
        CountAll = countAll;
    }

    /// <summary>Tokens seen so far (may exceed the capacity when <see cref="CountAll"/>).</summary>
    public int Count { get; private set; }

    /// <summary>Whether tokens past the capacity are still counted.</summary>
    public bool CountAll { get; }

    /// <summary>True when nothing more will be stored or counted: the scan can stop.</summary>
    public readonly bool IsDone => !CountAll && Count >= _ids.Length;

    public void Add(int id, int start, int end)
    {
        if (Count < _ids.Length)
        {
            _ids[Count] = id;
            _offsets[Count] = new TokenOffset(start, end);
        }

        Count++;
    }
}
