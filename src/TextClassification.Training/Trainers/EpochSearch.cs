using TextClassification.Memory;

namespace TextClassification.Training.Trainers;

/// <summary>Early stopping: trains on the training split and evaluates on the validation split after each epoch,
/// keeping the epoch of best validation accuracy (ties: lower loss) and stopping once neither accuracy nor loss has
/// improved for <see cref="NGramTrainerOptions.Patience"/> epochs (the loss by at least 0.1 % of its lowest value). For multi-label training (<c>labelSets</c> given)
/// "accuracy" is the validation micro-F1 with every threshold at 0.5 and the loss is the binary cross-entropy.
/// With a rare label (<see cref="RareLabels.MinimumEpochs"/>) it follows the search without the minimum alongside and
/// chooses that one's epoch where the validation loss at the minimum's epoch shows label noise (<see cref="NoisyLossRise"/>).</summary>
internal sealed class EpochSearch(
    FeatureMatrix matrix,
    int[] targets,
    float[] classWeights,
    int[] trainIndices,
    int[] validationIndices,
    bool[] trainedRows,
    NGramTrainerOptions options,
    IProgress<TrainingProgress>? progress,
    CancellationToken cancellationToken,
    int[][]? labelSets = null)
{
    // A fall of the validation loss smaller than this share of its lowest value is no progress: with thousands of labels
    // the loss of a model that learns nothing still falls a little every epoch, which kept patience from ever running out.
    private const double MinLossProgress = 1e-3;

    // A mean validation loss (nats a text) below which a model that gets every validation text right has nothing left
    // to gain there.
    private const double PerfectLoss = 1e-3;

    /// <summary>A rise of the mean validation loss (nats a text), from its lowest up to the epoch the rare-label minimum
    /// made the search choose, that marks label noise: the whole model was learning wrong labels by heart, and the epoch
    /// the search would have chosen without the minimum is kept instead (session 44). A label cut to 5 texts in a training
    /// set with 10 % or 25 % of its labels replaced (16 shapes, 32 searches at seeds 42 and 1): 0.24–1.35, 0.3 or more in
    /// 29; the forced 13–19 epochs had cost 0.0085 test accuracy against no boost. Without label noise (348 searches on
    /// matched and prior-shifted rare-label shapes and atis and trec6, seeds 42, 1 and 2) at most 0.25, once 0.32 (discord
    /// cut to 5 texts, the supervised-weight search, which IDF's then beat anyway).</summary>
    internal const double NoisyLossRise = 0.3;

    // The validation probabilities of the epoch being evaluated and of the best epoch so far, row-major in
    // validationIndices order.
    private float[] _current = [];
    private float[] _best = [];

    /// <summary>Whether the last <see cref="Run"/> set the rare-label minimum aside (<see cref="NoisyLossRise"/>) and
    /// returned the epoch of the search without it.</summary>
    public bool MinimumSetAside { get; private set; }

    /// <summary>Returns the best epoch count, the validation accuracy there, the validation probabilities there
    /// (row-major, in validation order), and the state after the last epoch run (with the best weights restored when
    /// there is no refit). <paramref name="spare"/>: a state whose memory it may take (<see cref="SgdClassifierState.Reuse"/>).</summary>
    public (int Epochs, double ValidationAccuracy, float[] ValidationScores, SgdClassifierState State) Run(SgdClassifierState? spare = null)
    {
        int classes = classWeights.Length;
        MinimumSetAside = false;
        _current = new float[validationIndices.Length * classes];
        _best = new float[_current.Length];
        SgdClassifierState state = SgdClassifierState.Reuse(spare, matrix.BucketsByRow.Length, options.Dimension, classes, options.Pooling, options.Seed, labelSets is not null);
        var runner = new EpochRunner(state, matrix, targets, classWeights, trainIndices, options, labelSets);
        double lowestLoss = double.PositiveInfinity;
        // With a rare label (NGramTrainerOptions.BoostRareLabels), the epochs before its minimum are not candidates and
        // patience cannot stop the search there: stopped after two to four epochs, the word model had seen each text of a
        // label of ten texts that often, and gave the label next to nothing.
        int minimumEpochs = labelSets is null && options.BoostRareLabels
            ? RareLabels.MinimumEpochs(targets, trainIndices, classes, options.MaxEpochs)
            : 1;
        var best = new EpochChoice();
        // The lowest validation loss up to the best epoch, and the search without the minimum, followed while it would
        // still have run: its choice and validation probabilities (and weights without a refit).
        double lowestAtBest = double.PositiveInfinity;
        EpochChoice? unforced = minimumEpochs > 1 ? new EpochChoice() : null;
        bool following = unforced is not null;
        float[] unforcedScores = following ? new float[_current.Length] : [];
        for (int epoch = 0; epoch < options.MaxEpochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // The search's part of the overall fraction (the refit takes the other half).
            double portion = options.RefitOnAllData ? 0.5 : 1.0;
            int running = epoch;
            Action<double>? within = progress is null ? null : done => progress.Report(
                new TrainingProgress("training", running + 1, options.MaxEpochs, portion * (running + done) / options.MaxEpochs, double.NaN, double.NaN)
                {
                    EpochShare = done,
                    MultiLabel = labelSets is not null,
                });
            double trainLoss = runner.RunEpoch(epoch, cancellationToken: cancellationToken, share: within);
            (double loss, double accuracy) = labelSets is null ? Evaluate(state) : EvaluateMultiLabel(state, labelSets);
            if (following)
            {
                // The same rules with a minimum of 1, until its patience would have run out.
                if (unforced!.Consider(epoch + 1, accuracy, loss, lowestLoss, candidate: true))
                {
                    _current.CopyTo(unforcedScores, 0);
                    if (!options.RefitOnAllData)
                    {
                        unforced.Keep(state);
                    }
                }

                following = epoch + 1 - unforced.LastProgress < options.Patience;
            }

            if (best.Consider(epoch + 1, accuracy, loss, lowestLoss, candidate: epoch + 1 >= minimumEpochs))
            {
                lowestAtBest = Math.Min(lowestLoss, loss);
                (_best, _current) = (_current, _best);
                if (!options.RefitOnAllData)
                {
                    best.Keep(state);
                }
            }

            lowestLoss = Math.Min(lowestLoss, loss);
            progress?.Report(new TrainingProgress("training", epoch + 1, options.MaxEpochs, portion * (epoch + 1) / options.MaxEpochs, trainLoss, accuracy)
            {
                MultiLabel = labelSets is not null,
            });
            if (epoch + 1 - best.LastProgress >= options.Patience && epoch + 1 >= minimumEpochs)
            {
                break;
            }
        }

        // Label noise: the minimum held the search to an epoch whose validation loss had risen NoisyLossRise or more above
        // its lowest (many validation texts given another label than theirs with growing confidence, as where a share of
        // the labels is wrong: the refit would learn the training set's wrong labels over as many epochs), so the epoch
        // of the search without the minimum is kept.
        if (unforced is not null && unforced.Epochs != best.Epochs && best.Loss - lowestAtBest >= NoisyLossRise)
        {
            unforced.Restore(state);
            MinimumSetAside = true;
            return (unforced.Epochs, unforced.Accuracy, unforcedScores, state);
        }

        best.Restore(state);
        return (best.Epochs, best.Accuracy, _best, state);
    }

    // The epoch a search chooses, and when it last made progress: the epoch of best validation accuracy (ties: lower
    // loss) among the candidates, and the last epoch that improved on it or lowered the loss by at least MinLossProgress
    // of its lowest; without a refit, that epoch's weights.
    private sealed class EpochChoice
    {
        private float[]? _embeddings;
        private float[]? _weights;
        private float[]? _bias;

        public double Accuracy { get; private set; } = double.NaN;

        public double Loss { get; private set; } = double.PositiveInfinity;

        public int Epochs { get; private set; } = 1;

        public int LastProgress { get; private set; }

        /// <summary>Weighs epoch <paramref name="epochs"/> (its validation accuracy and loss, and the lowest loss before
        /// it); returns whether it is the new choice.</summary>
        public bool Consider(int epochs, double accuracy, double loss, double lowestLoss, bool candidate)
        {
            // Accuracy is what users measure; validation loss breaks ties (and keeps improving while accuracy plateaus).
            // Once every validation text is right with a loss under PerfectLoss, a lower loss is no progress: on data
            // fitted perfectly the loss kept falling by more than 0.1 % an epoch, and the search and the refit ran all
            // their epochs (an outside user's separable 100,000 texts: 100 s of 144).
            bool perfect = accuracy == 1 && Accuracy == 1 && Loss < PerfectLoss;
            bool better = candidate && (double.IsNaN(Accuracy) || accuracy > Accuracy || (accuracy == Accuracy && loss < Loss && !perfect));
            if (better)
            {
                Accuracy = accuracy;
                Loss = loss;
                Epochs = epochs;
            }

            // Patience counts epochs without progress on either measure: on long texts accuracy can sit at the majority
            // class for a few epochs while the loss is still falling, and stopping there would be premature.
            if (better || (!perfect && loss < lowestLoss * (1 - MinLossProgress)))
            {
                LastProgress = epochs;
            }

            return better;
        }

        // Copies the state's weights into buffers allocated once: a fresh copy of the table at every improvement was
        // hundreds of MB of fresh memory on large data.
        public void Keep(SgdClassifierState state)
        {
            _embeddings ??= LargeArrays.Zeroed<float>(state.Embeddings.LongLength);
            _weights ??= new float[state.HeadWeights.Length];
            _bias ??= new float[state.HeadBias.Length];
            state.Embeddings.CopyTo(_embeddings, 0);
            state.HeadWeights.CopyTo(_weights, 0);
            state.HeadBias.CopyTo(_bias, 0);
        }

        // Puts the kept weights back into the state (nothing where none were kept: the refit trains afresh).
        public void Restore(SgdClassifierState state)
        {
            if (_embeddings is not null)
            {
                _embeddings.CopyTo(state.Embeddings, 0);
                _weights!.CopyTo(state.HeadWeights, 0);
                _bias!.CopyTo(state.HeadBias, 0);
            }
        }
    }

    // The probabilities of validation example k, also kept in _current (row k) so the best epoch's can be returned.
    private ReadOnlySpan<float> PredictValidation(SgdClassifierState state, int k)
    {
        int i = validationIndices[k];
        ReadOnlySpan<float> p = state.Predict(matrix.Features(i), matrix.FeatureWeights(i), trainedRows);
        p.CopyTo(_current.AsSpan(k * p.Length, p.Length));
        return p;
    }

    private (double Loss, double MicroF1) EvaluateMultiLabel(SgdClassifierState state, int[][] sets)
    {
        double loss = 0;
        long truePositives = 0;
        long predicted = 0;
        long gold = 0;
        for (int k = 0; k < validationIndices.Length; k++)
        {
            int i = validationIndices[k];
            ReadOnlySpan<float> p = PredictValidation(state, k);
            ReadOnlySpan<int> positives = sets[i];
            loss += SgdClassifierState.BinaryCrossEntropy(p, positives);
            gold += positives.Length;
            for (int c = 0; c < p.Length; c++)
            {
                if (p[c] >= 0.5f)
                {
                    predicted++;
                    if (positives.Contains(c))
                    {
                        truePositives++;
                    }
                }
            }
        }

        int n = Math.Max(1, validationIndices.Length);
        double microF1 = gold + predicted == 0 ? 1 : 2.0 * truePositives / (gold + predicted);
        return (loss / n, microF1);
    }

    private (double Loss, double Accuracy) Evaluate(SgdClassifierState state)
    {
        double loss = 0;
        int correct = 0;
        for (int k = 0; k < validationIndices.Length; k++)
        {
            int i = validationIndices[k];
            ReadOnlySpan<float> p = PredictValidation(state, k);
            int best = TopRanking.Best(p);

            if (best == targets[i])
            {
                correct++;
            }

            loss -= Math.Log(Math.Max(p[targets[i]], 1e-15f));
        }

        int n = Math.Max(1, validationIndices.Length);
        return (loss / n, (double)correct / n);
    }
}
