using System.Runtime.CompilerServices;

namespace TextClassification.Training.Splitting;

/// <summary>
/// Groups training rows whose texts overlap: copies of a text (<see cref="DuplicateTexts"/>) and texts found whole inside
/// a longer text, so a validation split can keep each group on one side.
/// </summary>
/// <remarks>
/// Some datasets hold pieces of their own texts: SST-2's training rows are the phrases of its training sentences (84 %
/// of the phrases of six or more words are inside another row), ATIS and SNIPS hold short queries inside longer ones.
/// A validation phrase whose sentence was trained on rewards memorising, and a validation split of such data cannot see
/// that the test texts are new sentences. Words are runs of non-white-space characters compared ignoring case; a text
/// joins the group of every longer text that holds its words in order and next to each other, when it has at least
/// <see cref="MinWords"/> words (shorter pieces, such as "a great movie", occur in many unrelated texts and would chain
/// them into one group); texts of that length with the same words (differing only in case or white space) are copies.
/// Texts are matched by 64-bit hashes of their word sequences (deterministic, so the same rows give the same groups in
/// every process). The work grows with the number of words and of distinct piece lengths per opening, not with how many
/// texts share an opening, so templated data ("I would like to know about …" ten thousand times) stays linear.
/// </remarks>
public static class ContainedTexts
{
    /// <summary>The fewest words a text needs to join the group of a longer text that holds it.</summary>
    public const int MinWords = 6;

    /// <summary>The most longer texts a text may lie inside and still join their group. A text inside more is a common
    /// phrase or a template ("i need help with my account" at the end of a thousand messages), not a piece of one
    /// text, and joining them all would make one group of texts that have nothing else in common. (On the shared
    /// datasets a piece lies inside at most 27 texts: SST-2's phrases inside their sentence and its larger phrases.)
    /// </summary>
    public const int MaxContainers = 64;

    /// <summary>
    /// For each text, the index of the first row of its group: copies of a text (equal ignoring case) and texts of at
    /// least <see cref="MinWords"/> words inside a longer text share a leader; every other text is its own leader.
    /// <c>leaders[i] ≤ i</c> and a leader is its own leader, the form
    /// <see cref="StratifiedSplitter.Split(ReadOnlySpan{int}, int, double, int, ReadOnlySpan{int})"/> takes.
    /// </summary>
    /// <param name="texts">The texts; null entries count as empty.</param>
    /// <returns>The leader of each text, aligned with <paramref name="texts"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="texts"/> is null.</exception>
    public static int[] Leaders(IReadOnlyList<string> texts) => Leaders(texts, CancellationToken.None);

    /// <summary>As <see cref="Leaders(IReadOnlyList{string})"/>, checking <paramref name="cancellationToken"/> every
    /// 4,096 texts in both passes (copies, then texts inside longer ones): about a second or more on a million texts.</summary>
    /// <param name="texts">The texts; null entries count as empty.</param>
    /// <param name="cancellationToken">Stops the search.</param>
    /// <returns>The leader of each text, aligned with <paramref name="texts"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="texts"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static int[] Leaders(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return Leaders(texts, DuplicateTexts.Leaders(texts, cancellationToken), out _, cancellationToken);
    }

    /// <summary>How many groups <paramref name="leaders"/> (as <see cref="Leaders(IReadOnlyList{string})"/> returns
    /// them) hold: the texts that are their own leader.</summary>
    internal static int GroupCount(ReadOnlySpan<int> leaders)
    {
        int groups = 0;
        for (int i = 0; i < leaders.Length; i++)
        {
            groups += leaders[i] == i ? 1 : 0;
        }

        return groups;
    }

    /// <summary>As <see cref="Leaders(IReadOnlyList{string})"/>, from the copies' leaders already found
    /// (<see cref="DuplicateTexts.Leaders(IReadOnlyList{string})"/> of the same texts; not changed); <paramref name="inside"/> counts the texts
    /// found inside a longer one. <paramref name="cancellationToken"/> is checked every 4,096 texts (on two million
    /// texts the pass took 11 s, during which Ctrl+C went unheard: an outside user).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int[] Leaders(IReadOnlyList<string> texts, ReadOnlySpan<int> copyLeaders, out int inside, CancellationToken cancellationToken = default)
    {
        inside = 0;
        int[] parent = copyLeaders.ToArray();
        int count = texts.Count;
        using var sequences = new WordSequences(texts, cancellationToken);
        if (sequences.Openings == 0)
        {
            return parent;
        }

        // One representative per distinct word sequence of MinWords+ words (its copies join its group now), and per
        // opening the distinct lengths of the representatives that open with it, as a linked list of nodes.
        int pieces = sequences.Openings;
        var representative = new int[count];
        var pieceOf = new HashIndex(pieces);
        var lengthsOf = new HashIndex(pieces);
        var nodeLength = new int[pieces];
        var nodeNext = new int[pieces];
        int nodes = 0;
        for (int i = 0; i < count; i++)
        {
            if ((i & 4095) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            int length = sequences.Length(i);
            representative[i] = -1;
            if (length < MinWords)
            {
                continue;
            }

            ref int rep = ref pieceOf.Slot(sequences.WholeHash(i), length, out bool known);
            if (known)
            {
                representative[i] = rep;
                Union(parent, i, rep);
                continue;
            }

            rep = i;
            representative[i] = i;
            ref int head = ref lengthsOf.Slot(sequences.OpeningHash(i), 0, out bool opened);
            int node = opened ? head : -1;
            while (node >= 0 && nodeLength[node] != length)
            {
                node = nodeNext[node];
            }

            if (node < 0)
            {
                nodeLength[nodes] = length;
                nodeNext[nodes] = opened ? head : -1;
                head = nodes++;
            }
        }

        // Every window of MinWords words of a longer text whose hash opens some piece; for each length of the pieces
        // with that opening, the window of that length from there is a piece when its hash is one. Pairs are collected
        // and joined after, once each piece's containers are counted: a piece inside more than MaxContainers texts is
        // a common phrase and joins none.
        var containers = new int[count];
        var lastContainer = new int[count];
        lastContainer.AsSpan().Fill(-1);
        var found = new List<(int Piece, int Container)>();
        for (int container = 0; container < count; container++)
        {
            if ((container & 4095) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            // Copies of a text hold what it holds and are in its group already: each word sequence is read once, so a
            // sentence copied a hundred times counts as one container of its phrases.
            int words = sequences.Length(container);
            if (words <= MinWords || copyLeaders[container] != container || representative[container] != container)
            {
                continue;
            }

            sequences.Select(container);
            for (int start = 0; start + MinWords <= words; start++)
            {
                ulong opening = sequences.Window(start, MinWords);
                if (!sequences.MayOpen(opening))
                {
                    continue;
                }

                for (int node = lengthsOf.Find(opening, 0); node >= 0; node = nodeNext[node])
                {
                    int length = nodeLength[node];
                    if (length >= words || start + length > words)
                    {
                        continue;
                    }

                    int piece = pieceOf.Find(sequences.Window(start, length), length);
                    // A container reaches a piece once per place it holds it; each container counts once.
                    if (piece >= 0 && lastContainer[piece] != container)
                    {
                        lastContainer[piece] = container;
                        found.Add((piece, container));
                        containers[piece]++;
                    }
                }
            }
        }

        foreach ((int piece, int container) in found)
        {
            if (containers[piece] <= MaxContainers)
            {
                Union(parent, piece, container);
            }
        }

        for (int i = 0; i < count; i++)
        {
            int rep = representative[i];
            inside += rep >= 0 && containers[rep] > 0 && containers[rep] <= MaxContainers ? 1 : 0;
        }

        for (int i = 0; i < count; i++)
        {
            parent[i] = Find(parent, i);
        }

        return parent;
    }

    private static int Find(int[] parent, int row)
    {
        while (parent[row] != row)
        {
            parent[row] = parent[parent[row]];
            row = parent[row];
        }

        return row;
    }

    // The smaller index becomes the root, so every row's leader is at or before it.
    private static void Union(int[] parent, int a, int b)
    {
        a = Find(parent, a);
        b = Find(parent, b);
        if (a < b)
        {
            parent[b] = a;
        }
        else if (b < a)
        {
            parent[a] = b;
        }
    }
}
