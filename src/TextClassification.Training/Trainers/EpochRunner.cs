namespace TextClassification.Training.Trainers;

/// <summary>Runs SGD epochs over a subset of the examples in a seeded shuffled order with the decaying learning rate.</summary>
internal sealed class EpochRunner
{
    // The rows of the example this many steps ahead are fetched into the cache while the current one is trained: an
    // embedding table is tens of MB, so its rows are mostly not cached (about 12% faster epochs on sst2).
    private const int PrefetchDistance = 2;

    /// <summary>How many examples an epoch trains between two looks at its cancellation token.</summary>
    public const int CancellationStride = 256;

    private readonly SgdClassifierState _state;
    private readonly FeatureMatrix _matrix;
    private readonly int[] _targets;
    private readonly float[] _classWeights;
    private readonly int[] _order;
    private readonly NGramTrainerOptions _options;
    private readonly Random _random;
    private readonly int[][]? _labelSets;

    // labelSets: for a multi-label state, the sorted positive labels of every example (targets and classWeights are then
    // not used for the loss).
    public EpochRunner(SgdClassifierState state, FeatureMatrix matrix, int[] targets, float[] classWeights, int[] indices, NGramTrainerOptions options, int[][]? labelSets = null)
    {
        _labelSets = labelSets;
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
    /// <exception cref="TrainingDivergedException">The loss is not finite (the weights overflowed).</exception>
    /// <param name="epoch">Epoch number, from 0.</param>
    /// <param name="annealEpochs">When positive, the run's length: the rate then falls linearly from
    /// <see cref="NGramTrainerOptions.LearningRate"/> to 0 over that many epochs (fastText's schedule), used for the
    /// final run once early stopping has fixed its length. When 0, the open-ended per-epoch decay of
    /// <see cref="RateAt"/>, used while the length is still being searched.</param>
    /// <param name="share">Told the share of the epoch done about once every second the epoch runs
    /// (<see cref="NGramTrainerOptions.EpochShareInterval"/>), so a long epoch (thousands of labels, millions of texts)
    /// shows that it moves; not called in an epoch shorter than that.</param>
    /// <param name="cancellationToken">Checked every <see cref="CancellationStride"/> examples: with tens of thousands of
    /// labels (columns swapped by mistake) one epoch takes minutes, and Ctrl+C waited for its end.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public double RunEpoch(int epoch, int annealEpochs = 0, Action<double>? share = null, CancellationToken cancellationToken = default)
    {
        long lastShare = System.Diagnostics.Stopwatch.GetTimestamp();
        _random.Shuffle(_order);
        float from = RateAt(_options, epoch);
        float to = RateAt(_options, epoch + 1);
        if (annealEpochs > 0)
        {
            from = _options.LearningRate * (1 - ((float)epoch / annealEpochs));
            to = _options.LearningRate * (1 - ((float)(epoch + 1) / annealEpochs));
        }
        double loss = 0;
        int n = _order.Length;
        for (int k = 0; k < n; k++)
        {
            if (k % CancellationStride == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (share is not null && k > 0 && System.Diagnostics.Stopwatch.GetElapsedTime(lastShare) >= _options.EpochShareInterval)
                {
                    share((double)k / n);
                    lastShare = System.Diagnostics.Stopwatch.GetTimestamp();
                }
            }

            int i = _order[k];
            if (k + PrefetchDistance < n)
            {
                _state.Prefetch(_matrix.Features(_order[k + PrefetchDistance]));
            }

            float rate = from + ((to - from) * k / n);
            if (_labelSets is not null)
            {
                loss += _state.StepMultiLabel(_matrix.Features(i), _matrix.FeatureWeights(i), _labelSets[i], rate);
                continue;
            }

            int target = _targets[i];
            loss += _state.Step(_matrix.Features(i), _matrix.FeatureWeights(i), target, _classWeights[target], rate);
        }

        if (!double.IsFinite(loss))
        {
            throw new TrainingDivergedException(epoch + 1, _options.LearningRate);
        }

        return n == 0 ? 0 : loss / n;
    }
}
