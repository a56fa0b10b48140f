using System.Numerics;

namespace TextClassification.Encoders;

/// <summary>
/// Merges repeated row ids by hashing instead of sorting: one pass, each id looked up in an open-addressing table of
/// twice the id count (8 KB for a 1,000-feature text, so it stays in the first-level cache). Distinct ids keep the
/// order of their first appearance, which is the order the trainer sums a text's rows in.
/// </summary>
internal static class RowCounts
{
    /// <summary>Ints of scratch space <see cref="Merge"/> needs for <paramref name="count"/> ids.</summary>
    public static int ScratchLength(int count) => (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(4, count * 2));

    /// <summary>
    /// Moves the distinct ids of <paramref name="rows"/> to its front in order of first appearance and writes how often
    /// each occurs into <paramref name="counts"/>; returns how many are distinct.
    /// </summary>
    /// <param name="rows">Non-negative ids; overwritten.</param>
    /// <param name="counts">At least as long as <paramref name="rows"/>.</param>
    /// <param name="scratch">Exactly <see cref="ScratchLength"/> ints; overwritten.</param>
    public static int Merge(Span<int> rows, Span<int> counts, Span<int> scratch)
    {
        // scratch holds 1 + the position of an id in the merged front of rows, 0 when empty. Its length is a power of two
        // at least twice the id count, so probes end quickly.
        scratch.Clear();
        int mask = scratch.Length - 1;
        int distinct = 0;
        for (int k = 0; k < rows.Length; k++)
        {
            int row = rows[k];
            int slot = (int)((uint)row * 0x9E3779B1u >> 8) & mask;
            while (true)
            {
                int entry = scratch[slot];
                if (entry == 0)
                {
                    // distinct <= k: the front never overtakes the ids still to read.
                    scratch[slot] = distinct + 1;
                    rows[distinct] = row;
                    counts[distinct++] = 1;
                    break;
                }

                if (rows[entry - 1] == row)
                {
                    counts[entry - 1]++;
                    break;
                }

                slot = (slot + 1) & mask;
            }
        }

        return distinct;
    }
}
