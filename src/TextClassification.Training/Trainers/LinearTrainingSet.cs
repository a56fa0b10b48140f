using System.Numerics.Tensors;
using TextClassification.Encoders;
using TextClassification.Memory;

namespace TextClassification.Training.Trainers;

/// <summary>
/// What the linear member's objective reads: each text's parameter rows with their raw input weights (CSR), and one
/// input scale per text. Either the <see cref="FeatureMatrix"/> itself (<see cref="Of"/>), or the matrix with rows merged
/// where the fit cannot tell them apart (<see cref="WithRowsMerged"/>): every text's <em>singleton</em> rows — rows no
/// other training text has — into one parameter row of that text's own, and rows with <em>identical columns</em> into
/// one parameter row per group. <see cref="ExpandTable"/> turns the fitted rows back into the full table.
/// </summary>
/// <remarks>
/// Why merging changes nothing but the cost. A singleton row j of text i has gradient <c>x_j·r_i + λ·w_j</c> (r_i the
/// text's residual), so from a zero start every singleton weight of text i stays <c>x_j·v</c> for one vector v shared
/// by the text. Writing <c>w_j = (x_j / √a)·u</c> with <c>a = Σ x_j²</c> over the text's singletons maps u onto that
/// subspace isometrically (<c>Σ ‖w_j‖² = ‖u‖²</c>), and the text reads <c>Σ x_j·w_j = √a·u</c>: one row with input
/// <c>√a</c>. Likewise m rows whose columns are identical (the same texts, the same raw weights) have equal gradients
/// whenever their weights are equal, so from zero they stay equal; <c>w_j = u/√m</c> is again an isometry, and each text
/// that holds the group reads it as one row with input <c>√m·x</c>. L-BFGS from zero, whose steps are combinations of
/// gradients, then takes the same steps through the merged rows as it would through the full table (equal up to float
/// rounding), with fewer parameters and fewer entries. Most rows of char n-gram features are singletons (hate_speech:
/// 194k of 317k rows), and of the rest many come in groups (the n-grams of a word that only a few texts use: atis's
/// 8.4k shared rows form 4.4k groups, which halves its entries).
/// </remarks>
internal sealed class LinearTrainingSet
{
    // Row kinds besides a group number (RowKinds).
    private const int Singleton = -2;
    private const int Dropped = -1;

    private readonly FeatureMatrix _source;
    private readonly int[]? _parameterRowOf;
    private readonly float[]? _groupRoots;
    private readonly int[]? _examples;
    private readonly int _keptRows;

    private LinearTrainingSet(
        FeatureMatrix source, int[] offsets, int[] rowIds, float[] weights, float[] scales, int rows, int[]? parameterRowOf, float[]? groupRoots, int[]? examples, int keptRows)
    {
        _keptRows = keptRows;
        _groupRoots = groupRoots;
        _source = source;
        Offsets = offsets;
        RowIds = rowIds;
        Weights = weights;
        Scales = scales;
        Rows = rows;
        _parameterRowOf = parameterRowOf;
        _examples = examples;
    }

    /// <summary>Text i's parameter rows are <c>RowIds[Offsets[i]..Offsets[i+1]]</c>.</summary>
    public int[] Offsets { get; }

    /// <summary>Parameter rows of all texts back to back.</summary>
    public int[] RowIds { get; }

    /// <summary>Raw input weight of each entry of <see cref="RowIds"/>.</summary>
    public float[] Weights { get; }

    /// <summary>What each text's raw weights are multiplied by (<see cref="LinearModelTrainer.InputScales"/> of the
    /// source matrix).</summary>
    public float[] Scales { get; }

    /// <summary>Number of parameter rows.</summary>
    public int Rows { get; }

    /// <summary>Whether rows were merged (so <see cref="Rows"/> is not the matrix's row count).</summary>
    public bool Merged => _parameterRowOf is not null;

    /// <summary>Parameter rows of text <paramref name="index"/>.</summary>
    public ReadOnlySpan<int> Features(int index) => RowIds.AsSpan(Offsets[index], Offsets[index + 1] - Offsets[index]);

    /// <summary>Raw input weights of text <paramref name="index"/>, parallel to <see cref="Features"/>.</summary>
    public ReadOnlySpan<float> FeatureWeights(int index) => Weights.AsSpan(Offsets[index], Offsets[index + 1] - Offsets[index]);

    /// <summary>The matrix as it is: one parameter row per matrix row.</summary>
    public static LinearTrainingSet Of(FeatureMatrix matrix) =>
        new(matrix, matrix.Offsets, matrix.RowIds, matrix.Weights, LinearModelTrainer.InputScales(matrix), matrix.BucketsByRow.Length, null, null, null, matrix.BucketsByRow.Length);

    /// <summary>
    /// The matrix with each text's singleton rows (rows that occur in exactly one of the <paramref name="examples"/>)
    /// merged into one parameter row per text, input <c>√Σ x²</c>, and each group of rows with identical columns over the
    /// examples (<see cref="IdenticalColumns"/>) merged into one parameter row, input <c>√m·x</c>; rows no example has get
    /// no parameter row. Returns the matrix as it is (<see cref="Of"/>) when merging would save too little to pay for the
    /// copy of the entries.
    /// </summary>
    /// <param name="matrix">The features of all texts.</param>
    /// <param name="examples">The texts the model is fitted to.</param>
    /// <param name="classes">The label count (floats per parameter row).</param>
    /// <param name="always">Merge even where it would not pay (tests).</param>
    public static LinearTrainingSet WithRowsMerged(FeatureMatrix matrix, int[] examples, int classes, bool always = false)
    {
        int rows = matrix.BucketsByRow.Length;
        // Texts in index order: the column hashes need one order, and the merged rows are numbered the same way here and
        // in ExpandTable.
        int[] sorted = [.. examples];
        Array.Sort(sorted);
        (int[] holders, ulong[] hashes) = IdenticalColumns.Columns(matrix, sorted);

        // Parameter rows: one per group of shared rows (numbered as IdenticalColumns numbers the groups), then one merged
        // row per text that has singletons.
        var groups = IdenticalColumns.Candidates(holders, hashes);
        int[] kinds = RowKinds(holders, groups);
        (int[] offsets, long savedEntries, int slots) = MergedOffsets(matrix, sorted, kinds);

        // Merging copies the entries (fresh memory, which is slow to fault in on some machines) to save rows of `classes`
        // floats in each of L-BFGS's ~20 vectors and in every pass over them, and entries that the objective reads in each
        // of its ~35 evaluations. The weights are rough: a saved entry counts twice, a copied one once, which keeps sst2's
        // matrix as it is (12 % of its entries in groups, few singletons: there the copy cost a first run more than it
        // saved). Decided on the unverified groups: a failed check changes the counts by little.
        int singletons = 0, shared = 0;
        for (int row = 0; row < rows; row++)
        {
            singletons += holders[row] == 1 ? 1 : 0;
            shared += holders[row] >= 2 ? 1 : 0;
        }

        long savedRows = (long)singletons - slots + shared - groups.Count;
        long entries = matrix.EntryCount;
        if (!always && (savedRows * classes * 20) + (savedEntries * 2) < entries)
        {
            return Of(matrix);
        }

        if (groups.SplitMismatched(matrix, sorted))
        {
            kinds = RowKinds(holders, groups);
            (offsets, _, _) = MergedOffsets(matrix, sorted, kinds);
        }

        int kept = groups.Count;
        int[] groupOf = groups.GroupOf;
        float[] groupRoots = LargeArrays.Zeroed<float>(kept);
        foreach (int group in groupOf)
        {
            if (group >= 0)
            {
                groupRoots[group]++;
            }
        }

        for (int p = 0; p < kept; p++)
        {
            groupRoots[p] = MathF.Sqrt(groupRoots[p]);
        }

        int[] rowIds = LargeArrays.Zeroed<int>(offsets[^1]);
        float[] weights = LargeArrays.Zeroed<float>(offsets[^1]);
        int slot = kept;
        foreach (int i in sorted)
        {
            int position = offsets[i];
            ReadOnlySpan<int> features = matrix.Features(i);
            ReadOnlySpan<float> raw = matrix.FeatureWeights(i);
            float squares = 0;
            for (int k = 0; k < features.Length; k++)
            {
                int kind = kinds[features[k]];
                if (kind >= 0)
                {
                    rowIds[position] = kind;
                    weights[position++] = raw[k] * groupRoots[kind];
                }
                else if (kind == Singleton)
                {
                    squares += raw[k] * raw[k];
                }
            }

            if (position < offsets[i + 1])
            {
                rowIds[position] = slot++;
                weights[position] = MathF.Sqrt(squares);
            }
        }

        return new LinearTrainingSet(matrix, offsets, rowIds, weights, LinearModelTrainer.InputScales(matrix), slot, groupOf, groupRoots, sorted, kept);
    }

    // What each row becomes in the merged set (see RowKinds), in one array so the passes over the entries look up one
    // int per entry: its group's number where it leads the group (texts read the group through it), Singleton where one
    // example holds it (it goes into its text's merged row), Dropped otherwise (another member leads its group, or no
    // example has it).
    private static int[] RowKinds(int[] holders, IdenticalColumns groups)
    {
        int[] groupOf = groups.GroupOf;
        int[] kinds = LargeArrays.Zeroed<int>(holders.Length);
        for (int row = 0; row < kinds.Length; row++)
        {
            int group = groupOf[row];
            kinds[row] = group >= 0 ? (groups.Leader(group) == row ? group : Dropped) : holders[row] == 1 ? Singleton : Dropped;
        }

        return kinds;
    }

    // Each text's entry offsets after merging (a group is read through its leader, a text's singletons through one merged
    // row), the entries that saves, and how many texts get a merged singleton row.
    private static (int[] Offsets, long SavedEntries, int Slots) MergedOffsets(FeatureMatrix matrix, int[] sortedExamples, int[] kinds)
    {
        int[] offsets = LargeArrays.Zeroed<int>(matrix.Count + 1);
        int slots = 0;
        long entries = 0;
        foreach (int i in sortedExamples)
        {
            ReadOnlySpan<int> features = matrix.Features(i);
            int count = 0;
            bool any = false;
            foreach (int row in features)
            {
                int kind = kinds[row];
                count += kind >= 0 ? 1 : 0;
                any |= kind == Singleton;
            }

            offsets[i + 1] = count + (any ? 1 : 0);
            slots += any ? 1 : 0;
            entries += features.Length;
        }

        for (int i = 0; i < matrix.Count; i++)
        {
            offsets[i + 1] += offsets[i];
        }

        return (offsets, entries - offsets[^1], slots);
    }

    /// <summary>The table over the source matrix's rows (rows × <paramref name="classes"/>) from the fitted weights of
    /// the parameter rows (<see cref="Rows"/> × classes): each row of a group of m set to <c>u/√m</c> (copied when m is
    /// 1), each singleton row j of text i to <c>(x_j / √a_i)·u_i</c>, rows no example had left at zero.</summary>
    public float[] ExpandTable(ReadOnlySpan<float> fitted, int classes)
    {
        if (_parameterRowOf is not { } parameterRowOf || _groupRoots is not { } roots || _examples is not { } examples)
        {
            return fitted.ToArray();
        }

        float[] table = LargeArrays.Zeroed<float>((long)parameterRowOf.Length * classes);
        for (int row = 0; row < parameterRowOf.Length; row++)
        {
            int parameterRow = parameterRowOf[row];
            if (parameterRow < 0)
            {
                continue;
            }

            ReadOnlySpan<float> u = fitted.Slice(parameterRow * classes, classes);
            if (roots[parameterRow] == 1)
            {
                u.CopyTo(table.AsSpan(row * classes, classes));
            }
            else
            {
                TensorPrimitives.Divide(u, roots[parameterRow], table.AsSpan(row * classes, classes));
            }
        }

        int kept = _keptRows;
        foreach (int i in examples)
        {
            int end = Offsets[i + 1];
            int last = end > Offsets[i] ? RowIds[end - 1] : -1;
            if (last < kept)
            {
                continue;
            }

            // The text's merged row: its input was √a, each singleton's weight is (x_j / √a)·u.
            ReadOnlySpan<float> u = fitted.Slice(last * classes, classes);
            float root = Weights[end - 1];
            if (root == 0)
            {
                continue;
            }

            ReadOnlySpan<int> features = _source.Features(i);
            ReadOnlySpan<float> raw = _source.FeatureWeights(i);
            for (int k = 0; k < features.Length; k++)
            {
                if (parameterRowOf[features[k]] < 0)
                {
                    TensorPrimitives.Multiply(u, raw[k] / root, table.AsSpan(features[k] * classes, classes));
                }
            }
        }

        return table;
    }
}
