using System.Numerics.Tensors;
using TextClassification.Encoders;
using TextClassification.Heads;

namespace TextClassification.Training.Trainers;

/// <summary>
/// Weights of an n-gram model under training and the SGD step on one example: weighted pooling of the rows → linear
/// head → softmax cross-entropy, gradients pushed back into the head and into every row of the example in proportion
/// to its pooling weight (fastText's update). Pooling weights are normalised per example: by their sum (mean pooling)
/// or their L2 norm (TF-IDF pooling). Single-threaded by design so a seed fixes the result.
/// </summary>
internal sealed class SgdClassifierState
{
    private readonly bool _l2Normalized;
    private float _scale;
    private readonly float[] _hidden;
    private readonly float[] _hiddenGradient;
    private readonly float[] _probabilities;

    public SgdClassifierState(int rows, int dimension, int classes, NGramPooling pooling, int seed)
    {
        _l2Normalized = pooling == NGramPooling.TfIdf;
        Dimension = dimension;
        Classes = classes;
        Embeddings = new float[(long)rows * dimension];
        HeadWeights = new float[classes * dimension];
        HeadBias = new float[classes];
        _hidden = new float[dimension];
        _hiddenGradient = new float[dimension];
        _probabilities = new float[classes];

        // fastText's initialisation: rows uniform in ±1/dimension, head zero.
        var random = new Random(seed);
        float scale = 1f / dimension;
        for (int i = 0; i < Embeddings.Length; i++)
        {
            Embeddings[i] = (float)((random.NextDouble() * 2) - 1) * scale;
        }
    }

    public int Dimension { get; }

    public int Classes { get; }

    public float[] Embeddings { get; }

    public float[] HeadWeights { get; }

    public float[] HeadBias { get; }

    /// <summary>One SGD step; returns the example's (unweighted) cross-entropy loss.</summary>
    public double Step(ReadOnlySpan<int> rows, ReadOnlySpan<float> inputWeights, int label, float weight, float learningRate)
    {
        Forward(rows, inputWeights, rowFilter: null);
        float[] g = _probabilities;
        double loss = -Math.Log(Math.Max(g[label], 1e-15f));
        g[label] -= 1f;
        Span<float> hiddenGradient = _hiddenGradient;
        hiddenGradient.Clear();
        ReadOnlySpan<float> hidden = _hidden;
        int d = Dimension;
        for (int c = 0; c < Classes; c++)
        {
            float gc = g[c] * weight;
            if (gc == 0f)
            {
                continue;
            }

            Span<float> w = HeadWeights.AsSpan(c * d, d);
            TensorPrimitives.MultiplyAdd(w, gc, hiddenGradient, hiddenGradient);
            TensorPrimitives.MultiplyAdd(hidden, -learningRate * gc, w, w);
            HeadBias[c] -= learningRate * gc;
        }

        float step = -learningRate * _scale;
        for (int k = 0; k < rows.Length; k++)
        {
            Span<float> e = Embeddings.AsSpan(rows[k] * d, d);
            TensorPrimitives.MultiplyAdd(hiddenGradient, step * inputWeights[k], e, e);
        }

        return loss;
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
        Span<float> hidden = _hidden;
        hidden.Clear();
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
        for (int k = 0; k < rows.Length; k++)
        {
            int row = rows[k];
            if (rowFilter is null || rowFilter[row])
            {
                TensorPrimitives.MultiplyAdd(Embeddings.AsSpan(row * d, d), inputWeights[k] * _scale, hidden, hidden);
            }
        }

        ReadOnlySpan<float> weights = HeadWeights;
        for (int c = 0; c < Classes; c++)
        {
            _probabilities[c] = TensorPrimitives.Dot(weights.Slice(c * d, d), hidden) + HeadBias[c];
        }

        Activations.Softmax(_probabilities, _probabilities);
    }
}
