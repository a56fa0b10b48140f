namespace TextClassification.Training.Trainers;

/// <summary>Runs SGD epochs over a subset of the examples in a seeded shuffled order with the decaying learning rate.</summary>
internal sealed class EpochRunner
{
    private readonly SgdClassifierState _state;
    private readonly FeatureMatrix _matrix;
    private readonly int[] _targets;
    private readonly float[] _classWeights;
    private readonly int[] _order;
    private readonly NGramTrainerOptions _options;
    private readonly Random _random;

    public EpochRunner(SgdClassifierState state, FeatureMatrix matrix, int[] targets, float[] classWeights, int[] indices, NGramTrainerOptions options)
    {
        _state = state;
        _matrix = matrix;
        _targets = targets;
        _classWeights = classWeights;
        _order = [.. indices];
        _options = options;
        _random = new Random(options.Seed + 1);
    }

    /// <summary>Learning rate at the start of <paramref name="epoch"/> (counted from 0).</summary>
    public static float RateAt(NGramTrainerOptions options, double epoch) => (float)(options.LearningRate / (1 + (options.LearningRateDecay * epoch)));

    /// <summary>One pass; returns the mean training loss.</summary>
    public double RunEpoch(int epoch)
    {
        _random.Shuffle(_order);
        float from = RateAt(_options, epoch);
        float to = RateAt(_options, epoch + 1);
        double loss = 0;
        int n = _order.Length;
        for (int k = 0; k < n; k++)
        {
            int i = _order[k];
            float rate = from + ((to - from) * k / n);
            int target = _targets[i];
            loss += _state.Step(_matrix.Features(i), target, _classWeights[target], rate);
        }

        return n == 0 ? 0 : loss / n;
    }
}
