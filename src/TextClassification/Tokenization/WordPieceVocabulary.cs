using System.Globalization;

namespace TextClassification.Tokenization;

/// <summary>
/// A WordPiece vocabulary: token strings and their ids, looked up by span without allocating. Immutable once
/// created, so one instance may be shared by any number of tokenizers and threads.
/// </summary>
public sealed class WordPieceVocabulary
{
    private readonly string?[] _tokens;

    private WordPieceVocabulary(string?[] tokens, SpanLookupTable table)
    {
        _tokens = tokens;
        Table = table;
    }

    /// <summary>Number of ids: one more than the largest id.</summary>
    public int Count => _tokens.Length;

    internal SpanLookupTable Table { get; }

    /// <summary>Reads a BERT <c>vocab.txt</c>: one token a line, the id being the line number (from 0); trailing
    /// white space is trimmed and a later duplicate line wins, as Hugging Face's <c>WordPiece::read_file</c> does.</summary>
    /// <param name="path">Path of the file (UTF-8).</param>
    /// <returns>The vocabulary.</returns>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="InvalidDataException">The file holds no token.</exception>
    public static WordPieceVocabulary Create(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return Create(stream);
    }

    /// <summary>Reads a BERT <c>vocab.txt</c> from a stream (UTF-8; see <see cref="Create(string)"/>).</summary>
    /// <param name="stream">The stream, read to its end and left open.</param>
    /// <returns>The vocabulary.</returns>
    /// <exception cref="InvalidDataException">The stream holds no token.</exception>
    public static WordPieceVocabulary Create(Stream stream) => Create(ReadEntries(stream));

    /// <summary>The (token, id) pairs of a <c>vocab.txt</c>, read as <see cref="Create(string)"/> reads them, for a
    /// caller that adds tokens before creating the vocabulary.</summary>
    internal static List<KeyValuePair<string, int>> ReadEntries(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return ReadEntries(stream);
    }

    private static List<KeyValuePair<string, int>> ReadEntries(Stream stream)
    {
        var entries = new List<KeyValuePair<string, int>>();
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        while (reader.ReadLine() is { } line)
        {
            entries.Add(new KeyValuePair<string, int>(line.TrimEnd(), entries.Count));
        }

        return entries;
    }

    /// <summary>Creates a vocabulary whose ids are the positions of <paramref name="tokens"/>.</summary>
    /// <param name="tokens">The tokens in id order; continuation pieces carry their prefix (<c>##ing</c>).</param>
    /// <returns>The vocabulary.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tokens"/> is null.</exception>
    /// <exception cref="ArgumentException">A token is null.</exception>
    /// <exception cref="InvalidDataException"><paramref name="tokens"/> is empty.</exception>
    public static WordPieceVocabulary Create(IEnumerable<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var entries = new List<KeyValuePair<string, int>>();
        foreach (string token in tokens)
        {
            RequireToken(token, entries.Count, nameof(tokens));
            entries.Add(new KeyValuePair<string, int>(token, entries.Count));
        }

        return Create(entries);
    }

    /// <summary>The largest token id a vocabulary may give (2^24 − 1): ids index the encoder's embedding table, and the
    /// token array is as long as the largest id.</summary>
    public const int MaxId = (1 << 24) - 1;

    /// <summary>Creates a vocabulary from (token, id) pairs, as the <c>vocab</c> object of a <c>tokenizer.json</c>.</summary>
    /// <param name="entries">Tokens and ids (from 0 to <see cref="MaxId"/>; gaps are allowed).</param>
    /// <returns>The vocabulary.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="entries"/> is null.</exception>
    /// <exception cref="ArgumentException">A token is null.</exception>
    /// <exception cref="InvalidDataException">No entries, or an id that is negative or past <see cref="MaxId"/>.</exception>
    public static WordPieceVocabulary Create(IEnumerable<KeyValuePair<string, int>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var list = new List<(string, int)>();
        int count = 0;
        foreach ((string token, int id) in entries)
        {
            RequireToken(token, id, nameof(entries));
            if (id < 0)
            {
                throw new InvalidDataException($"The vocabulary gives '{token}' the negative id {id}.");
            }

            if (id > MaxId)
            {
                // An id is a row of the encoder's embedding table and sizes the token array: int.MaxValue overflowed the
                // count (IndexOutOfRangeException) and 100,000,000 allocated 800 MB for one token (found by fuzzing).
                throw new InvalidDataException(
                    string.Create(CultureInfo.InvariantCulture, $"The vocabulary gives '{token}' the id {id}, past the largest this reads ({MaxId:N0}; the largest published vocabularies hold about 250,000 tokens)."));
            }

            list.Add((token, id));
            count = Math.Max(count, id + 1);
        }

        if (list.Count == 0)
        {
            throw new InvalidDataException("The vocabulary holds no token.");
        }

        var tokens = new string?[count];
        foreach ((string token, int id) in list)
        {
            tokens[id] = token;
        }

        return new WordPieceVocabulary(tokens, SpanLookupTable.Create(list));
    }

    /// <summary>Looks a token up (exact, ordinal) without allocating.</summary>
    /// <param name="token">The token, with its <c>##</c> prefix for a continuation piece.</param>
    /// <param name="id">Its id, or -1.</param>
    /// <returns>Whether the token is in the vocabulary.</returns>
    public bool TryGetId(ReadOnlySpan<char> token, out int id) => Table.TryGetId(token, out id);

    /// <summary>The token with id <paramref name="id"/>.</summary>
    /// <param name="id">An id below <see cref="Count"/>.</param>
    /// <returns>The token string.</returns>
    /// <exception cref="ArgumentOutOfRangeException">No token has that id.</exception>
    public string GetToken(int id) =>
        TryGetToken(id) ?? throw new ArgumentOutOfRangeException(nameof(id), id, "No token has this id.");

    // A caller's list holding a null: it had failed with NullReferenceException inside the lookup table's hashing.
    private static void RequireToken(string? token, int id, string parameter)
    {
        if (token is null)
        {
            throw new ArgumentException($"The token with id {id} is null.", parameter);
        }
    }

    internal string? TryGetToken(int id) => (uint)id < (uint)_tokens.Length ? _tokens[id] : null;
}
