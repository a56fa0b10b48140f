using TextClassification.Memory;

namespace TextClassification.Training.Trainers;

/// <summary>Early stopping: trains on the training split and evaluates on the validation split after each epoch,
/// keeping the epoch of best validation accuracy (ties: lower loss) and stopping once neither accuracy nor loss has
/// improved for <see cref="NGramTrainerOptions.Patience"/> epochs (the loss by at least 0.1 % of its lowest value). For multi-label training (<c>labelSets</c> given)
/// "accuracy" is the validation micro-F1 with every threshold at 0.5 and the loss is the binary cross-entropy.</summary>
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

    // The validation probabilities of the epoch being evaluated and of the best epoch so far, row-major in
    // validationIndices order.
    private float[] _current = [];
    private float[] _best = [];

    /// <summary>Returns the best epoch count, the validation accuracy there, the validation probabilities there
    /// (row-major, in validation order), and the state after the last epoch run (with the best weights restored when
    /// there is no refit). <paramref name="spare"/>: a state whose memory it may take (<see cref="SgdClassifierState.Reuse"/>).</summary>
    public (int Epochs, double ValidationAccuracy, float[] ValidationScores, SgdClassifierState State) Run(SgdClassifierState? spare = null)
    {
        int classes = classWeights.Length;
        _current = new float[validationIndices.Length * classes];
        _best = new float[_current.Length];
        SgdClassifierState state = SgdClassifierState.Reuse(spare, matrix.BucketsByRow.Length, options.Dimension, classes, options.Pooling, options.Seed, labelSets is not null);
        var runner = new EpochRunner(state, matrix, targets, classWeights, trainIndices, options, labelSets);
        double bestLoss = double.PositiveInfinity;
        double lowestLoss = double.PositiveInfinity;
        int lastProgress = 0;
        double bestAccuracy = double.NaN;
        int bestEpochs = 1;
        // With a rare label (NGramTrainerOptions.BoostRareLabels), the epochs before its minimum are not candidates and
        // patience cannot stop the search there: stopped after two to four epochs, the word model had seen each text of a
        // label of ten texts that often, and gave the label next to nothing.
        int minimumEpochs = labelSets is null && options.BoostRareLabels
            ? RareLabels.MinimumEpochs(targets, trainIndices, classes, options.MaxEpochs)
            : 1;
        float[]? bestEmbeddings = null;
        float[]? bestWeights = null;
        float[]? bestBias = null;
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
            // Accuracy is what users measure; validation loss breaks ties (and keeps improving while accuracy plateaus).
            // Once every validation text is right with a loss under PerfectLoss, a lower loss is no progress: on data
            // fitted perfectly the loss kept falling by more than 0.1 % an epoch, and the search and the refit ran all
            // their epochs (an outside user's separable 100,000 texts: 100 s of 144).
            bool perfect = accuracy == 1 && bestAccuracy == 1 && bestLoss < PerfectLoss;
            bool better = epoch + 1 >= minimumEpochs
                && (double.IsNaN(bestAccuracy) || accuracy > bestAccuracy || (accuracy == bestAccuracy && loss < bestLoss && !perfect));
            if (better)
            {
                bestLoss = loss;
                bestAccuracy = accuracy;
                bestEpochs = epoch + 1;
                (_best, _current) = (_current, _best);
                if (!options.RefitOnAllData)
                {
                    // Kept in buffers allocated once: a fresh copy of the table at every improvement was hundreds of MB
                    // of fresh memory on large data.
                    bestEmbeddings ??= LargeArrays.Zeroed<float>(state.Embeddings.LongLength);
                    bestWeights ??= new float[state.HeadWeights.Length];
                    bestBias ??= new float[state.HeadBias.Length];
                    state.Embeddings.CopyTo(bestEmbeddings, 0);
                    state.HeadWeights.CopyTo(bestWeights, 0);
                    state.HeadBias.CopyTo(bestBias, 0);
                }
            }

            // Patience counts epochs without progress on either measure: on long texts accuracy can sit at the majority
            // class for a few epochs while the loss is still falling, and stopping there would be premature.
            if (better || (!perfect && loss < lowestLoss * (1 - MinLossProgress)))
            {
                lastProgress = epoch + 1;
            }

            lowestLoss = Math.Min(lowestLoss, loss);
            progress?.Report(new TrainingProgress("training", epoch + 1, options.MaxEpochs, portion * (epoch + 1) / options.MaxEpochs, trainLoss, accuracy)
            {
                MultiLabel = labelSets is not null,
            });
            if (epoch + 1 - lastProgress >= options.Patience && epoch + 1 >= minimumEpochs)
            {
                break;
            }
        }

        if (bestEmbeddings is not null)
        {
            bestEmbeddings.CopyTo(state.Embeddings, 0);
            bestWeights!.CopyTo(state.HeadWeights, 0);
            bestBias!.CopyTo(state.HeadBias, 0);
        }

        return (bestEpochs, bestAccuracy, _best, state);
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
            int best = 0;
            for (int c = 1; c < p.Length; c++)
            {
                if (p[c] > p[best])
                {
                    best = c;
                }
            }

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
