using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TextClassification.Encoders;
using TextClassification.Memory;
using TextClassification.Training.Optimization;

namespace TextClassification.Training.Trainers;

/// <summary>
/// Fits multinomial logistic regression on a <see cref="FeatureMatrix"/>: logits <c>z = Wᵀx + b</c> with <c>x</c> the
/// text's pooled input weights (L2-normalised TF-IDF, or mean), minimising
/// <c>(1/N) Σ wᵢ · CE(softmax(zᵢ), yᵢ) + ‖W‖² / (2 C N)</c> (scikit-learn's objective divided by C·N; the bias is not
/// penalised) by L-BFGS. The result is a table with one row of label weights per feature, so it runs as an n-gram model
/// whose embedding width is the label count and whose head is the identity.
/// The gradient is summed over at most <see cref="GradientSlices"/> fixed slices of the data, each in example order,
/// then the slices in a fixed order: the same bits for every thread count (on CPUs of one SIMD vector width: the
/// <see cref="TensorPrimitives"/> reductions add their lanes in an order that follows the width).
/// </summary>
internal sealed class LinearModelTrainer
{
    /// <summary>The most slices the data is cut into for the gradient (one thread each, and one gradient-sized buffer
    /// each but the first). Fixed rather than one per thread: float sums in another order round differently, and near
    /// separable data L-BFGS amplifies that (session 7: one thread against two moved trec6's five-seed mean by 0.006),
    /// so a model trained on a machine with another core count was another model. Two is what the default of two lanes
    /// gives this member on a two-core machine, where every published number was measured.</summary>
    internal const int GradientSlices = 2;

    // √2: the binary form's weights are √2 times the first label's (see Binary).
    private const float Root2 = 1.41421356f;

    private readonly LinearTrainingSet _set;
    private readonly int[] _examples;
    private readonly int[] _targets;
    private readonly float[] _classWeights;
    private readonly int _classes;
    private readonly int _rows;
    private readonly int _width;
    private readonly float[] _scales;
    private readonly int[] _sliceStarts;
    private readonly float[][] _sliceGradients;
    private readonly double[] _sliceLosses;
    private readonly int _parallelism;
    private readonly double _l2;

    internal LinearModelTrainer(FeatureMatrix matrix, int[] examples, int[] targets, float[] classWeights, int classes, double c, int threads)
        : this(LinearTrainingSet.Of(matrix), examples, targets, classWeights, classes, c, threads)
    {
    }

    /// <summary>An objective over <paramref name="set"/>'s texts <paramref name="examples"/>; with
    /// <paramref name="binary"/> (two labels only) it has one weight per row instead of two (see <see cref="Binary"/>).</summary>
    internal LinearModelTrainer(LinearTrainingSet set, int[] examples, int[] targets, float[] classWeights, int classes, double c, int threads, bool binary = false)
    {
        if (binary && classes != 2)
        {
            throw new ArgumentException("The binary form needs exactly two labels.", nameof(binary));
        }

        _set = set;
        _examples = examples;
        _targets = targets;
        _classWeights = classWeights;
        _classes = classes;
        _width = binary ? 1 : classes;
        _rows = set.Rows;
        _scales = set.Scales;
        int n = examples.Length;
        if (n == 0)
        {
            throw new ArgumentException("There are no examples to fit.", nameof(examples));
        }

        _l2 = 1.0 / (c * n);

        // A slice of under 256 texts is not worth a thread; the slicing depends on the data alone, never on the threads.
        int slices = Math.Clamp(n / 256, 1, GradientSlices);
        _parallelism = Math.Clamp(threads, 1, slices);
        _sliceStarts = new int[slices + 1];
        for (int t = 0; t <= slices; t++)
        {
            _sliceStarts[t] = (int)((long)n * t / slices);
        }

        // Slice 0 accumulates into the caller's gradient; the others into their own buffers.
        _sliceGradients = new float[slices][];
        for (int t = 1; t < slices; t++)
        {
            _sliceGradients[t] = LargeArrays.Zeroed<float>(ParameterCount);
        }

        _sliceLosses = new double[slices];
    }

    /// <summary>The weights (rows × classes, or rows in the binary form), the bias, and <see cref="RowArithmetic.Padding"/>
    /// spare floats (always zero, in the gradient too) so whole-vector reads and <c>+0</c> writes past the last row stay
    /// inside the arrays.</summary>
    internal int ParameterCount => (_rows * _width) + _width + RowArithmetic.Padding;

    /// <summary>
    /// Whether two labels are fitted as one weight per row: from the zero start the two labels' weights stay opposite
    /// (<c>w₀ = −w₁ = v/√2</c>, the same for the bias), because every gradient is; <c>v</c> parametrises that subspace
    /// isometrically, so L-BFGS takes the same steps through it (up to rounding) over half the parameters, and the
    /// logit difference is <c>√2·(v·x + β)</c>.
    /// </summary>
    internal bool Binary => _width == 1;

    /// <summary>Fits the model to the texts <paramref name="examples"/> of the matrix; returns the table (rows × classes,
    /// row-major), the bias, the L-BFGS iterations run and the C fitted with (<see cref="LinearModelOptions.EffectiveC"/>). Unless <paramref name="mergeRows"/> is false, rows held
    /// by one example only are fitted as one merged row per text, and rows with identical columns as one row per group
    /// (<see cref="LinearTrainingSet"/>: the same model up to float rounding, with fewer parameters); unless <paramref name="binary"/> is false, two labels are fitted in the
    /// binary form (<see cref="Binary"/>: also the same model up to rounding, with half the parameters).</summary>
    public static (float[] Table, float[] Bias, int Iterations, double C) Train(
        FeatureMatrix matrix,
        int[] examples,
        int[] targets,
        float[] classWeights,
        int classes,
        LinearModelOptions options,
        int threads,
        Action<int, double>? onIteration,
        CancellationToken cancellationToken,
        bool mergeRows = true,
        bool binary = true)
    {
        if ((long)matrix.BucketsByRow.Length * classes + classes + RowArithmetic.Padding > Array.MaxLength)
        {
            throw new InvalidOperationException(
                $"A linear model over {matrix.BucketsByRow.Length} features and {classes} labels needs more weights than one array holds; disable it (LinearModel = null).");
        }

        LinearTrainingSet set = mergeRows ? LinearTrainingSet.WithRowsMerged(matrix, examples, classes) : LinearTrainingSet.Of(matrix);
        double c = options.EffectiveC(examples.Length);
        var trainer = new LinearModelTrainer(set, examples, targets, classWeights, classes, c, threads, binary: binary && classes == 2);
        float[] parameters = LargeArrays.Zeroed<float>(trainer.ParameterCount);
        var minimizer = new Lbfgs(parameters.Length);
        int iterations = minimizer.Minimize(trainer.Evaluate, parameters, options.MaxIterations, options.Tolerance, onIteration, cancellationToken);
        int width = trainer._width;
        int weights = trainer._rows * width;
        float[] table = set.ExpandTable(parameters.AsSpan(0, weights), width);
        float[] bias = parameters[weights..(weights + width)];
        return trainer.Binary ? (OpposedPair(table), OpposedPair(bias), iterations, c) : (table, bias, iterations, c);
    }

    /// <summary>The two labels' rows of the binary form: <c>(v/√2, −v/√2)</c> for each fitted value v.</summary>
    internal static float[] OpposedPair(ReadOnlySpan<float> fitted)
    {
        float[] pair = LargeArrays.Zeroed<float>(fitted.Length * 2);
        for (int k = 0; k < fitted.Length; k++)
        {
            float half = fitted[k] / Root2;
            pair[2 * k] = half;
            pair[(2 * k) + 1] = -half;
        }

        return pair;
    }

    /// <summary>What each text's weights are multiplied by to pool them as <see cref="EmbeddingBag"/> does at inference:
    /// one over their L2 norm (TF-IDF) or their sum (mean); zero for a text without features. One float per text instead
    /// of a normalised copy of every entry (tens of MB of fresh memory on large sets).</summary>
    internal static float[] InputScales(FeatureMatrix matrix)
    {
        float[] scales = LargeArrays.Zeroed<float>(matrix.Count);
        bool l2 = matrix.Pooling == NGramPooling.TfIdf;
        for (int i = 0; i < scales.Length; i++)
        {
            ReadOnlySpan<float> weights = matrix.FeatureWeights(i);
            float norm = l2 ? TensorPrimitives.Norm(weights) : TensorPrimitives.Sum(weights);
            scales[i] = norm > 0 ? 1 / norm : 0;
        }

        return scales;
    }

    /// <summary>The objective at <paramref name="parameters"/> (weights, then bias); overwrites <paramref name="gradient"/> with its gradient.</summary>
    internal double Evaluate(float[] parameters, float[] gradient)
    {
        int slices = _sliceStarts.Length - 1;
        if (slices == 1)
        {
            Array.Clear(gradient);
            _sliceLosses[0] = Accumulate(parameters, gradient, _sliceStarts[0], _sliceStarts[1]);
        }
        else
        {
            Parallel.For(0, slices, new ParallelOptions { MaxDegreeOfParallelism = _parallelism }, t =>
            {
                float[] target = t == 0 ? gradient : _sliceGradients[t];
                Array.Clear(target);
                _sliceLosses[t] = Accumulate(parameters, target, _sliceStarts[t], _sliceStarts[t + 1]);
            });

            for (int t = 1; t < slices; t++)
            {
                TensorPrimitives.Add(gradient, _sliceGradients[t], gradient);
            }
        }

        double loss = 0;
        foreach (double part in _sliceLosses)
        {
            loss += part;
        }

        int n = _examples.Length;
        TensorPrimitives.Multiply(gradient, 1f / n, gradient);
        loss /= n;

        // L2 on the weights (not the bias).
        int weights = _rows * _width;
        ReadOnlySpan<float> w = parameters.AsSpan(0, weights);
        Span<float> wGradient = gradient.AsSpan(0, weights);
        loss += 0.5 * _l2 * TensorPrimitives.Dot(w, w);
        TensorPrimitives.MultiplyAdd(w, (float)_l2, wGradient, wGradient);
        return loss;
    }

    // Adds the unscaled loss gradient of examples [start, end) into gradient; returns their summed weighted loss.
    private double Accumulate(ReadOnlySpan<float> parameters, Span<float> gradient, int start, int end)
    {
        if (Binary)
        {
            return AccumulateBinary(parameters, gradient, start, end);
        }

        int classes = _classes;
        int weights = _rows * classes;
        ReadOnlySpan<float> bias = parameters.Slice(weights, classes);
        Span<float> biasGradient = gradient.Slice(weights, classes);
        // Up to RowArithmetic.MaxPaddedWidth labels, a text's rows are summed in registers and updated as whole vectors
        // (the parameters end with RowArithmetic.Padding spare floats for that); wider rows are summed in z, row by row.
        bool padded = classes <= RowArithmetic.MaxPaddedWidth;
        int width = Math.Max(classes, RowArithmetic.Padding);
        Span<float> buffer = width <= 256 ? stackalloc float[width] : new float[width];
        Span<float> z = buffer[..classes];
        // Row ids come from the matrix, so every row lies inside the table: the inner loops index by reference, without
        // bounds checks (this loop is nearly all of the training time).
        ref float parameterBase = ref MemoryMarshal.GetReference(parameters);
        ref float gradientBase = ref MemoryMarshal.GetReference(gradient);
        ref float zBase = ref MemoryMarshal.GetReference(z);
        double loss = 0;
        for (int e = start; e < end; e++)
        {
            int i = _examples[e];
            // The text's input is its weights times its scale: the rows are summed with the raw weights and the sum is
            // scaled once; the residual is scaled once before it is spread back over the rows.
            ReadOnlySpan<int> rows = _set.Features(i);
            ReadOnlySpan<float> weightsOfText = _set.FeatureWeights(i);
            float scale = _scales[i];
            if (padded)
            {
                RowArithmetic.GatherPadded(ref parameterBase, rows, weightsOfText, classes, buffer);
                for (int c = 0; c < z.Length; c++)
                {
                    z[c] = (z[c] * scale) + bias[c];
                }
            }
            else
            {
                z.Clear();
                for (int k = 0; k < rows.Length; k++)
                {
                    RowArithmetic.AddScaled(ref Unsafe.Add(ref parameterBase, rows[k] * classes), weightsOfText[k], ref zBase, classes);
                }

                TensorPrimitives.MultiplyAdd(z, scale, bias, z);
            }

            int target = _targets[i];
            loss += Residual(z, target, _classWeights[target]);
            TensorPrimitives.Add(biasGradient, z, biasGradient);
            if (padded)
            {
                for (int c = 0; c < z.Length; c++)
                {
                    z[c] *= scale;
                }

                buffer[classes..].Clear();
                RowArithmetic.ScatterPadded(ref gradientBase, rows, weightsOfText, classes, buffer);
            }
            else
            {
                TensorPrimitives.Multiply(z, scale, z);
                for (int k = 0; k < rows.Length; k++)
                {
                    RowArithmetic.AddScaled(ref zBase, weightsOfText[k], ref Unsafe.Add(ref gradientBase, rows[k] * classes), classes);
                }
            }
        }

        return loss;
    }

    // The binary form: d = z₀ − z₁ = √2·(scale·Σ x·v + β), p₀ = σ(d); the weighted cross-entropy is softplus(∓d) and its
    // derivative by d is r = weight·(p₀ − [target = 0]), spread back as √2·r (bias) and √2·r·scale·x (rows).
    private double AccumulateBinary(ReadOnlySpan<float> parameters, Span<float> gradient, int start, int end)
    {
        int rowCount = _rows;
        float bias = parameters[rowCount];
        ref float parameterBase = ref MemoryMarshal.GetReference(parameters);
        ref float gradientBase = ref MemoryMarshal.GetReference(gradient);
        double loss = 0;
        double biasGradient = 0;
        for (int e = start; e < end; e++)
        {
            int i = _examples[e];
            ReadOnlySpan<int> rows = _set.Features(i);
            ReadOnlySpan<float> weightsOfText = _set.FeatureWeights(i);
            float sum = 0;
            for (int k = 0; k < rows.Length; k++)
            {
                sum += Unsafe.Add(ref parameterBase, rows[k]) * weightsOfText[k];
            }

            float scale = _scales[i];
            float d = Root2 * ((sum * scale) + bias);
            int target = _targets[i];
            float weight = _classWeights[target];
            // softplus(m) = max(m, 0) + ln(1 + e^-|m|), with m = −d for label 0 and d for label 1.
            float margin = target == 0 ? -d : d;
            loss += weight * (Math.Max(margin, 0) + Math.Log(1 + Math.Exp(-Math.Abs(margin))));
            float p0 = 1 / (1 + MathF.Exp(-d));
            float residual = weight * (p0 - (target == 0 ? 1 : 0)) * Root2;
            biasGradient += residual;
            float spread = residual * scale;
            for (int k = 0; k < rows.Length; k++)
            {
                Unsafe.Add(ref gradientBase, rows[k]) += spread * weightsOfText[k];
            }
        }

        gradient[rowCount] += (float)biasGradient;
        return loss;
    }

    // z ← weight · (softmax(z) − onehot(target)), the gradient of the weighted cross-entropy by the logits; returns the
    // weighted cross-entropy. A few labels go float by float: eight calls into TensorPrimitives per text would cost more
    // than the arithmetic.
    private static double Residual(Span<float> z, int target, float weight)
    {
        float sum;
        if (z.Length <= RowArithmetic.MaxPaddedWidth)
        {
            float max = z[0];
            for (int c = 1; c < z.Length; c++)
            {
                max = Math.Max(max, z[c]);
            }

            sum = 0;
            for (int c = 0; c < z.Length; c++)
            {
                z[c] = MathF.Exp(z[c] - max);
                sum += z[c];
            }
        }
        else
        {
            float max = TensorPrimitives.Max(z);
            TensorPrimitives.Subtract(z, max, z);
            TensorPrimitives.Exp(z, z);
            sum = TensorPrimitives.Sum(z);
        }

        double loss = -weight * Math.Log(Math.Max(z[target] / sum, 1e-30f));
        TensorPrimitives.Multiply(z, weight / sum, z);
        z[target] -= weight;
        return loss;
    }
}
