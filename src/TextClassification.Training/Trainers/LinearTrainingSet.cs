using System.Numerics.Tensors;
using TextClassification.Encoders;

namespace TextClassification.Training.Trainers;

/// <summary>
/// What the linear member's objective reads: each text's parameter rows with their raw input weights (CSR), and one
/// input scale per text. Either the <see cref="FeatureMatrix"/> itself (<see cref="Of"/>), or the matrix with every
/// text's <em>singleton</em> rows — rows no other training text has — merged into one parameter row of that text's own
/// (<see cref="WithSingletonsMerged"/>), which <see cref="ExpandTable"/> turns back into the full table.
/// </summary>
/// <remarks>
/// Why merging changes nothing but the cost: a singleton row j of text i has gradient <c>x_j·r_i + λ·w_j</c> (r_i the
/// text's residual), so from a zero start every singleton weight of text i stays <c>x_j·v</c> for one vector v shared
/// by the text. Writing <c>w_j = (x_j / √a)·u</c> with <c>a = Σ x_j²</c> over the text's singletons maps u onto that
/// subspace isometrically (<c>Σ ‖w_j‖² = ‖u‖²</c>), and the text reads <c>Σ x_j·w_j = √a·u</c>: one row with input
/// <c>√a</c>. L-BFGS from zero, whose steps are combinations of gradients, then takes the same steps through u as it
/// would through the w_j (equal up to float rounding), with fewer parameters. Most rows of char n-gram features are
/// singletons (hate_speech: 194k of 317k rows), so the L-BFGS vectors shrink by about that much.
/// </remarks>
internal sealed class LinearTrainingSet
{
    private readonly FeatureMatrix _source;
    private readonly int[]? _parameterRowOf;
    private readonly int[]? _examples;
    private readonly int _keptRows;

    private LinearTrainingSet(FeatureMatrix source, int[] offsets, int[] rowIds, float[] weights, float[] scales, int rows, int[]? parameterRowOf, int[]? examples, int keptRows)
    {
        _keptRows = keptRows;
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

    /// <summary>Whether singleton rows were merged (so <see cref="Rows"/> is not the matrix's row count).</summary>
    public bool Merged => _parameterRowOf is not null;

    /// <summary>Parameter rows of text <paramref name="index"/>.</summary>
    public ReadOnlySpan<int> Features(int index) => RowIds.AsSpan(Offsets[index], Offsets[index + 1] - Offsets[index]);

    /// <summary>Raw input weights of text <paramref name="index"/>, parallel to <see cref="Features"/>.</summary>
    public ReadOnlySpan<float> FeatureWeights(int index) => Weights.AsSpan(Offsets[index], Offsets[index + 1] - Offsets[index]);

    /// <summary>The matrix as it is: one parameter row per matrix row.</summary>
    public static LinearTrainingSet Of(FeatureMatrix matrix) =>
        new(matrix, matrix.Offsets, matrix.RowIds, matrix.Weights, LinearModelTrainer.InputScales(matrix), matrix.BucketsByRow.Length, null, null, matrix.BucketsByRow.Length);

    /// <summary>
    /// The matrix with each text's singleton rows (rows that occur in exactly one of the <paramref name="examples"/>)
    /// merged into one parameter row per text, input <c>√Σ x²</c>; rows no example has get no parameter row. Returns the
    /// matrix as it is (<see cref="Of"/>) when merging would remove too few parameters to pay for the copy of the entries.
    /// </summary>
    /// <param name="matrix">The features of all texts.</param>
    /// <param name="examples">The texts the model is fitted to.</param>
    /// <param name="classes">The label count (floats per parameter row).</param>
    /// <param name="always">Merge even where it would not pay (tests).</param>
    public static LinearTrainingSet WithSingletonsMerged(FeatureMatrix matrix, int[] examples, int classes, bool always = false)
    {
        int rows = matrix.BucketsByRow.Length;
        // How many examples hold each row, up to 2.
        byte[] holders = new byte[rows];
        foreach (int i in examples)
        {
            foreach (int row in matrix.Features(i))
            {
                if (holders[row] < 2)
                {
                    holders[row]++;
                }
            }
        }

        int[] parameterRowOf = new int[rows];
        int kept = 0, singletons = 0;
        for (int row = 0; row < rows; row++)
        {
            parameterRowOf[row] = holders[row] == 2 ? kept++ : -1;
            singletons += holders[row] == 1 ? 1 : 0;
        }

        // Entries after merging, and the texts that get a merged row; texts are visited in index order so the merged rows
        // are numbered the same way here and in ExpandTable.
        int[] sorted = [.. examples];
        Array.Sort(sorted);
        int[] offsets = new int[matrix.Count + 1];
        int slots = 0;
        foreach (int i in sorted)
        {
            int count = 0;
            bool any = false;
            foreach (int row in matrix.Features(i))
            {
                bool single = parameterRowOf[row] < 0;
                count += single ? 0 : 1;
                any |= single;
            }

            offsets[i + 1] = count + (any ? 1 : 0);
            slots += any ? 1 : 0;
        }

        // Merging copies the entries (fresh memory, which is slow to fault in on some machines) to save
        // (singletons − slots) rows of `classes` floats in each of L-BFGS's ~20 vectors and in every pass over them.
        long saved = (long)(singletons - slots) * classes * 20;
        long entries = matrix.EntryCount;
        if (saved < entries && !always)
        {
            return Of(matrix);
        }

        for (int i = 0; i < matrix.Count; i++)
        {
            offsets[i + 1] += offsets[i];
        }

        int[] rowIds = new int[offsets[^1]];
        float[] weights = new float[offsets[^1]];
        int slot = kept;
        foreach (int i in sorted)
        {
            int position = offsets[i];
            ReadOnlySpan<int> features = matrix.Features(i);
            ReadOnlySpan<float> raw = matrix.FeatureWeights(i);
            float squares = 0;
            for (int k = 0; k < features.Length; k++)
            {
                int parameterRow = parameterRowOf[features[k]];
                if (parameterRow >= 0)
                {
                    rowIds[position] = parameterRow;
                    weights[position++] = raw[k];
                }
                else
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

        return new LinearTrainingSet(matrix, offsets, rowIds, weights, LinearModelTrainer.InputScales(matrix), slot, parameterRowOf, sorted, kept);
    }

    /// <summary>The table over the source matrix's rows (rows × <paramref name="classes"/>) from the fitted weights of
    /// the parameter rows (<see cref="Rows"/> × classes): kept rows copied, each singleton row j of text i set to
    /// <c>(x_j / √a_i)·u_i</c>, rows no example had left at zero.</summary>
    public float[] ExpandTable(ReadOnlySpan<float> fitted, int classes)
    {
        if (_parameterRowOf is not { } parameterRowOf || _examples is not { } examples)
        {
            return fitted.ToArray();
        }

        float[] table = new float[(long)parameterRowOf.Length * classes];
        for (int row = 0; row < parameterRowOf.Length; row++)
        {
            if (parameterRowOf[row] >= 0)
            {
                fitted.Slice(parameterRowOf[row] * classes, classes).CopyTo(table.AsSpan(row * classes, classes));
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
