using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TextClassification.Encoders;
using TextClassification.Heads;
using TextClassification.Memory;

namespace TextClassification.Training.Trainers;

/// <summary>
/// Weights of an n-gram model under training and the SGD step on one example: weighted pooling of the rows → linear
/// head → softmax cross-entropy, gradients pushed back into the head and into every row of the example in proportion
/// to its pooling weight (fastText's update). Pooling weights are normalised per example: by their sum (mean pooling)
/// or their L2 norm (TF-IDF pooling). In multi-label mode the head is one-vs-all: a sigmoid per label with binary
/// cross-entropy, so the output gradient of label c is σ(z_c) − y_c. Single-threaded by design so a seed fixes the result.
/// </summary>
internal sealed class SgdClassifierState
{
    /// <summary>Label count past which a step leaves out the head rows of labels whose output gradient is negligible; at or
    /// below it every label is updated.</summary>
    public const int ManyLabels = 256;

    // With more than ManyLabels labels, a label's head row is not updated in a step where the absolute value of its output
    // gradient (p − y: softmax or sigmoid alike) is at most NegligibleShare / labels, so the gradients left out sum to at
    // most NegligibleShare (0.01) in absolute value. Against a text not yet learned (a softmax gradient of 2·(1 − p) for
    // the true label's p) that is little; on a text already learned (p above 0.995) it can be half of a gradient that is
    // itself below 0.01, and a multi-label text whose every label is within 0.01 / labels of its target gets no head update
    // at all: both are texts with next to nothing left to teach. Most labels fall below the bar once training has begun
    // (about 80 % of 5,000 with a training loss of 0.01), and their updates, two row operations each, were most of a
    // step's time (a 5,000-label set trained 1.6 times as fast, docs/benchmarks.md "Session 36").
    private const float NegligibleShare = 0.01f;

    private readonly bool _l2Normalized;
    private readonly bool _multiLabel;
    private readonly float _negligible;

    // The default width on AVX2: a step's row loops keep their 64-float operand in registers (RowArithmetic.GatherWide and
    // ScatterWide, the same bits as the AddScaled loops).
    private readonly bool _wide;
    private float _scale;
    private readonly float[] _hidden;
    private readonly float[] _hiddenGradient;
    private readonly float[] _probabilities;

    public SgdClassifierState(int rows, int dimension, int classes, NGramPooling pooling, int seed, bool multiLabel = false)
    {
        _l2Normalized = pooling == NGramPooling.TfIdf;
        _multiLabel = multiLabel;
        Dimension = dimension;
        _wide = dimension == RowArithmetic.WideWidth && Vector256.IsHardwareAccelerated;
        Classes = classes;
        _negligible = classes > ManyLabels ? NegligibleShare / classes : 0f;
        Embeddings = LargeArrays.Zeroed<float>((long)rows * dimension);
        HeadWeights = new float[classes * dimension];
        HeadBias = new float[classes];
        _hidden = new float[dimension];
        _hiddenGradient = new float[dimension];
        _probabilities = new float[classes];
        Reset(seed);
    }

    /// <summary>A state with the initial weights for <paramref name="seed"/>: <paramref name="spare"/> reset, where it has
    /// these sizes and kind (a finished search's state, whose weights are not needed any more), else a new one. Either
    /// way the same values (<see cref="Reset"/>).</summary>
    public static SgdClassifierState Reuse(SgdClassifierState? spare, int rows, int dimension, int classes, NGramPooling pooling, int seed, bool multiLabel)
    {
        if (spare is not null && spare.Embeddings.LongLength == (long)rows * dimension && spare.Dimension == dimension
            && spare.Classes == classes && spare._l2Normalized == (pooling == NGramPooling.TfIdf) && spare._multiLabel == multiLabel)
        {
            spare.Reset(seed);
            return spare;
        }

        return new SgdClassifierState(rows, dimension, classes, pooling, seed, multiLabel);
    }

    /// <summary>Sets the weights to their initial values for <paramref name="seed"/>, exactly as a new state would have
    /// them, so a refit can reuse the memory of the search's state (tens of MB for a large vocabulary).</summary>
    public void Reset(int seed)
    {
        // fastText's initialisation: rows uniform in ±1/dimension, head zero.
        UniformInitializer.Fill(Embeddings, 0, UniformInitializer.Key(seed), 1f / Dimension);

        Array.Clear(HeadWeights);
        Array.Clear(HeadBias);
    }

    public int Dimension { get; }

    public int Classes { get; }

    public float[] Embeddings { get; }

    public float[] HeadWeights { get; }

    public float[] HeadBias { get; }

    /// <summary>Asks the CPU to bring the embedding rows of an upcoming example into the cache (x86 only; elsewhere it
    /// does nothing). It changes no value.</summary>
    public unsafe void Prefetch(ReadOnlySpan<int> rows)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        int bytes = Dimension * sizeof(float);
        fixed (float* table = Embeddings)
        {
            foreach (int row in rows)
            {
                CacheLines.Prefetch((byte*)(table + ((long)row * Dimension)), bytes);
            }
        }
    }

    /// <summary>One SGD step; returns the example's (unweighted) cross-entropy loss.</summary>
    public double Step(ReadOnlySpan<int> rows, ReadOnlySpan<float> inputWeights, int label, float weight, float learningRate)
    {
        Forward(rows, inputWeights, rowFilter: null);
        float[] g = _probabilities;
        double loss = -Math.Log(Math.Max(g[label], 1e-15f));
        g[label] -= 1f;
        Backward(rows, inputWeights, weight, learningRate);
        return loss;
    }

    /// <summary>One SGD step of a multi-label (sigmoid) state on an example whose positive labels are
    /// <paramref name="positives"/> (sorted, distinct); returns the example's binary cross-entropy summed over labels.</summary>
    public double StepMultiLabel(ReadOnlySpan<int> rows, ReadOnlySpan<float> inputWeights, ReadOnlySpan<int> positives, float learningRate)
    {
        Forward(rows, inputWeights, rowFilter: null);
        float[] g = _probabilities;
        double loss = BinaryCrossEntropy(g, positives);
        foreach (int label in positives)
        {
            g[label] -= 1f;
        }

        Backward(rows, inputWeights, 1f, learningRate);
        return loss;
    }

    /// <summary>Sum over labels of the binary cross-entropy of <paramref name="probabilities"/> against the multi-hot
    /// target whose positive labels are <paramref name="positives"/> (sorted, distinct).</summary>
    public static double BinaryCrossEntropy(ReadOnlySpan<float> probabilities, ReadOnlySpan<int> positives)
    {
        double loss = 0;
        int next = 0;
        for (int c = 0; c < probabilities.Length; c++)
        {
            bool positive = next < positives.Length && positives[next] == c;
            if (positive)
            {
                next++;
            }

            loss -= Math.Log(Math.Max(positive ? probabilities[c] : 1f - probabilities[c], 1e-15f));
        }

        return loss;
    }

    // Pushes the output gradient held in _probabilities back into the head and the example's rows.
    private void Backward(ReadOnlySpan<int> rows, ReadOnlySpan<float> inputWeights, float weight, float learningRate)
    {
        float[] g = _probabilities;
        if (_wide)
        {
            RowArithmetic.HeadStepWide(ref HeadWeights[0], g, weight, _negligible, learningRate, _hidden, _hiddenGradient, HeadBias);
            RowArithmetic.ScatterWide(ref MemoryMarshal.GetArrayDataReference(Embeddings), rows, inputWeights, -learningRate * _scale, _hiddenGradient);
            return;
        }

        Array.Clear(_hiddenGradient);
        ref float hiddenGradient = ref _hiddenGradient[0];
        ref float hidden = ref _hidden[0];
        int d = Dimension;
        for (int c = 0; c < Classes; c++)
        {
            float gc = g[c] * weight;
            if (gc == 0f || MathF.Abs(g[c]) <= _negligible)
            {
                continue;
            }

            ref float w = ref HeadWeights[c * d];
            RowArithmetic.AddScaled(ref w, gc, ref hiddenGradient, d);
            RowArithmetic.AddScaled(ref hidden, -learningRate * gc, ref w, d);
            HeadBias[c] -= learningRate * gc;
        }

        float step = -learningRate * _scale;
        for (int k = 0; k < rows.Length; k++)
        {
            RowArithmetic.AddScaled(ref hiddenGradient, step * inputWeights[k], ref Embeddings[rows[k] * d], d);
        }
    }

    /// <summary>Probabilities of an example; rows for which <paramref name="rowFilter"/> is false are left out.</summary>
    public ReadOnlySpan<float> Predict(ReadOnlySpan<int> rows, ReadOnlySpan<float> inputWeights, bool[]? rowFilter)
    {
        Forward(rows, inputWeights, rowFilter);
        return _probabilities;
    }

    private void Forward(ReadOnlySpan<int> rows, ReadOnlySpan<float> inputWeights, bool[]? rowFilter)
    {
        int d = Dimension;
        double total = 0;
        for (int k = 0; k < rows.Length; k++)
        {
            if (rowFilter is null || rowFilter[rows[k]])
            {
                float w = inputWeights[k];
                total += _l2Normalized ? w * w : w;
            }
        }

        _scale = total <= 0 ? 0f : (float)(_l2Normalized ? 1 / Math.Sqrt(total) : 1 / total);
        if (_wide && rowFilter is null)
        {
            // In training steps, whose rows come from the training matrix and so lie inside the table.
            RowArithmetic.GatherWide(ref MemoryMarshal.GetArrayDataReference(Embeddings), rows, inputWeights, _scale, _hidden);
        }
        else
        {
            Array.Clear(_hidden);
            ref float hidden = ref _hidden[0];
            for (int k = 0; k < rows.Length; k++)
            {
                int row = rows[k];
                if (rowFilter is null || rowFilter[row])
                {
                    RowArithmetic.AddScaled(ref Embeddings[row * d], inputWeights[k] * _scale, ref hidden, d);
                }
            }
        }

        ReadOnlySpan<float> weights = HeadWeights;
        for (int c = 0; c < Classes; c++)
        {
            _probabilities[c] = TensorPrimitives.Dot(weights.Slice(c * d, d), _hidden) + HeadBias[c];
        }

        if (_multiLabel)
        {
            Activations.Sigmoid(_probabilities, _probabilities);
        }
        else
        {
            Activations.Softmax(_probabilities, _probabilities);
        }
    }
}
