using System.Numerics;
using TextClassification.Encoders;
using TextClassification.Memory;

namespace TextClassification.Training.Trainers;

/// <summary>
/// Groups the rows of a <see cref="FeatureMatrix"/> whose columns over a set of texts are identical: the same texts hold
/// them, each with the same raw weight (for TF-IDF, rows with the same document frequency and the same term counts in
/// those texts — typically the char n-grams of a word that only a few texts use). The linear member fits each group as
/// one row (<see cref="LinearTrainingSet"/>).
/// </summary>
/// <remarks>
/// One pass over the entries folds each row's column into a 64-bit hash (<see cref="Columns"/>); <see cref="Candidates"/>
/// groups rows with equal hash and holder count; <see cref="SplitMismatched"/> then checks every group against the
/// entries themselves, so a hash collision can only cost a merge, never change the model.
/// </remarks>
internal sealed class IdenticalColumns
{
    private int[] _leaders;

    private IdenticalColumns(int[] groupOf, int[] leaders, int count)
    {
        GroupOf = groupOf;
        _leaders = leaders;
        Count = count;
    }

    /// <summary>Each row's group (0 ≤ group &lt; <see cref="Count"/>), or −1 for rows held by fewer than two texts.
    /// Groups are numbered in the order of their lowest rows.</summary>
    public int[] GroupOf { get; }

    /// <summary>Number of groups (<see cref="Leader"/>'s valid arguments are 0 to Count − 1).</summary>
    public int Count { get; private set; }

    /// <summary>The lowest row of group <paramref name="group"/>: the one the merged texts read it through.</summary>
    public int Leader(int group) => _leaders[group];

    /// <summary>How many of <paramref name="sortedExamples"/> hold each row, and each row's column hash over them
    /// (<see cref="Fold"/> of its entries in text order).</summary>
    /// <param name="matrix">The features.</param>
    /// <param name="sortedExamples">The texts the columns run over, in increasing order.</param>
    public static (int[] Holders, ulong[] Hashes) Columns(FeatureMatrix matrix, int[] sortedExamples)
    {
        int rows = matrix.BucketsByRow.Length;
        int[] holders = LargeArrays.Zeroed<int>(rows);
        ulong[] hashes = LargeArrays.Zeroed<ulong>(rows);
        foreach (int i in sortedExamples)
        {
            ReadOnlySpan<int> features = matrix.Features(i);
            ReadOnlySpan<float> weights = matrix.FeatureWeights(i);
            for (int k = 0; k < features.Length; k++)
            {
                int row = features[k];
                holders[row]++;
                hashes[row] = Fold(hashes[row], i, weights[k]);
            }
        }

        return (holders, hashes);
    }

    /// <summary>Folds one entry (text <paramref name="text"/>, raw weight <paramref name="weight"/>) into a column hash.
    /// The fold depends on the order of the entries, so every row's column must be folded in the same text order.</summary>
    public static ulong Fold(ulong hash, int text, float weight)
    {
        ulong entry = ((ulong)(uint)text << 32) | BitConverter.SingleToUInt32Bits(weight);
        hash = (hash ^ entry) * 0x9E3779B97F4A7C15UL;
        return hash ^ (hash >> 29);
    }

    /// <summary>Groups the rows held by at least two texts (<paramref name="holders"/>) by their column hash
    /// (<paramref name="hashes"/>, folded over the texts in one order) and holder count. Unverified: equal hashes make
    /// equal columns only very likely; <see cref="SplitMismatched"/> makes it certain.</summary>
    public static IdenticalColumns Candidates(int[] holders, ulong[] hashes)
    {
        int rows = holders.Length;
        int shared = 0;
        foreach (int count in holders)
        {
            shared += count >= 2 ? 1 : 0;
        }

        // Open addressing over the keys (hash with the holder count folded in), at most half full; linear probing.
        int capacity = (int)Math.Min(1L << 30, Math.Max(16, (long)BitOperations.RoundUpToPowerOf2((uint)shared) * 2));
        int mask = capacity - 1;
        ulong[] keys = LargeArrays.Zeroed<ulong>(capacity);
        int[] slots = LargeArrays.Zeroed<int>(capacity);
        Array.Fill(slots, -1);
        int[] groupOf = LargeArrays.Zeroed<int>(rows);
        int[] leaders = LargeArrays.Zeroed<int>(shared);
        int groups = 0;
        for (int row = 0; row < rows; row++)
        {
            if (holders[row] < 2)
            {
                groupOf[row] = -1;
                continue;
            }

            ulong key = Fold(hashes[row], holders[row], 0f);
            int slot = (int)(key >> 34) & mask;
            while (slots[slot] >= 0 && keys[slot] != key)
            {
                slot = (slot + 1) & mask;
            }

            if (slots[slot] < 0)
            {
                keys[slot] = key;
                slots[slot] = groups;
                leaders[groups++] = row;
            }

            groupOf[row] = slots[slot];
        }

        return new IdenticalColumns(groupOf, leaders, groups);
    }

    /// <summary>
    /// Checks every group against the entries of <paramref name="sortedExamples"/>: each text that holds any member must
    /// hold all of them, with the same raw weight. The members of a group that fails become groups of one each
    /// (numbered after the others). Returns whether any group failed.
    /// </summary>
    public bool SplitMismatched(FeatureMatrix matrix, int[] sortedExamples)
    {
        int[] groupOf = GroupOf;
        // Per group, side by side (one cache line per lookup): its size, the last text that touched it, how many members
        // that text held, and their weight.
        GroupCheck[] checks = LargeArrays.Zeroed<GroupCheck>(Count);
        foreach (int group in groupOf)
        {
            if (group >= 0)
            {
                checks[group].Size++;
            }
        }

        for (int group = 0; group < checks.Length; group++)
        {
            checks[group].Stamp = -1;
        }

        bool[] failed = new bool[Count];
        bool anyFailed = false;
        foreach (int i in sortedExamples)
        {
            ReadOnlySpan<int> features = matrix.Features(i);
            ReadOnlySpan<float> weights = matrix.FeatureWeights(i);
            for (int k = 0; k < features.Length; k++)
            {
                int group = groupOf[features[k]];
                if (group < 0)
                {
                    continue;
                }

                ref GroupCheck check = ref checks[group];
                if (check.Stamp != i)
                {
                    check.Stamp = i;
                    check.Seen = 1;
                    check.Weight = weights[k];
                }
                else
                {
                    check.Seen++;
                    if (BitConverter.SingleToInt32Bits(weights[k]) != BitConverter.SingleToInt32Bits(check.Weight))
                    {
                        failed[group] = anyFailed = true;
                    }
                }
            }

            foreach (int row in features)
            {
                int group = groupOf[row];
                if (group >= 0 && checks[group].Seen != checks[group].Size)
                {
                    failed[group] = anyFailed = true;
                }
            }
        }

        if (!anyFailed)
        {
            return false;
        }

        // A failed group keeps its number for its lowest row; every other member gets a number of its own.
        var leaders = new List<int>(Count * 2);
        leaders.AddRange(_leaders.AsSpan(0, Count));
        for (int row = 0; row < groupOf.Length; row++)
        {
            int group = groupOf[row];
            if (group >= 0 && failed[group] && _leaders[group] != row)
            {
                groupOf[row] = leaders.Count;
                leaders.Add(row);
            }
        }

        _leaders = [.. leaders];
        Count = leaders.Count;
        return true;
    }

    private struct GroupCheck
    {
        public int Size;
        public int Stamp;
        public int Seen;
        public float Weight;
    }
}
