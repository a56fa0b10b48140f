using System.Diagnostics;
using System.Numerics.Tensors;
using TextClassification.Bundles;
using TextClassification.Heads;
using TextClassification.Onnx;
using TextClassification.Training.Data;
using TextClassification.Training.Splitting;

namespace TextClassification.Training.Trainers;

/// <summary>
/// Trains a head on a sentence encoder's vectors: every distinct text is embedded once, then a linear or MLP head
/// (dense → ReLU → dense → softmax) is fitted with Adam on weighted cross-entropy, keeping the weights of the epoch
/// with the lowest validation loss and stopping after <see cref="EncoderHeadTrainerOptions.Patience"/> epochs
/// without improvement.
/// </summary>
public static class EncoderHeadTrainer
{
    /// <summary>Embeds the texts with <paramref name="encoder"/> and trains a head on them.</summary>
    /// <param name="encoder">The encoder; the result's classifier takes ownership of it (disposing the classifier
    /// disposes it), so give each training its own <see cref="OnnxSentenceEncoder"/>: two classifiers trained on one
    /// encoder share it, and disposing either breaks the other.</param>
    /// <param name="examples">Labelled texts (labels are ordered ordinally).</param>
    /// <param name="options">Settings; null for defaults.</param>
    /// <param name="progress">Reports embedding ("embedding k/n texts", after each batch of 256) and epoch ("training")
    /// progress. <see cref="TrainingProgress.Fraction"/> goes from 0 to 1 once over both: the embedding takes the share of
    /// the run it is estimated to take, timed on the first batch embedded against a head's training step timed on the same
    /// vectors and multiplied out to <see cref="EncoderHeadTrainerOptions.MaxEpochs"/> epochs (0 when every text is in the
    /// cache); the epochs take the rest, the last reaching 1, and a last "done" report has 1 (where early stopping ended
    /// the epochs sooner too), with the epochs run and the kept weights' validation accuracy.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>The classifier and a training summary.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="encoder"/> or <paramref name="examples"/> is
    /// null.</exception>
    /// <exception cref="ArgumentException">There are no examples, fewer than two labels, or more examples than one array
    /// holds the vectors of (examples × <see cref="OnnxSentenceEncoder.Dimension"/> past <see cref="Array.MaxLength"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting of <paramref name="options"/> is out of
    /// range.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    /// <exception cref="TrainingDivergedException">The training loss became NaN (the weights overflowed), or the
    /// validation loss was not a finite number in any epoch.</exception>
    /// <exception cref="BundleFormatException">The encoder gave a vector holding NaN or infinity; the message names its
    /// graph and the text's line.</exception>
    public static EncoderHeadTrainingResult Train(OnnxSentenceEncoder encoder, IReadOnlyList<LabeledText> examples,
        EncoderHeadTrainerOptions? options = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(examples);
        options ??= new EncoderHeadTrainerOptions();
        // The n-gram trainer's checks and canonical labels: a blank, null or split-surrogate label is refused naming its row.
        (string[] labels, int[] targets) = TrainingLabels.Encode(examples);
        // Before the texts are embedded (minutes on a large set), the head's shape too.
        options.Validate(encoder.Dimension, labels.Length);
        RequireOneArray(examples, encoder.Dimension);
        (float[] vectors, int embedded, int cached, string? cacheProblem, string? cacheFile, double embeddingShare) =
            EmbedOnce(encoder, examples, labels.Length, options, progress, cancellationToken);
        int[] groupLeaders = ContainedTexts.Leaders([.. examples.Select(e => e.Text)], cancellationToken);
        (EncoderHead head, int epochs, int best, double accuracy) =
            TrainHead(vectors, encoder.Dimension, targets, labels.Length, options, progress, cancellationToken, groupLeaders, embeddingShare);
        return new EncoderHeadTrainingResult(new EncoderHeadClassifier(labels, encoder, head), epochs, best, accuracy, embedded, cached)
        {
            CacheProblem = cacheProblem,
            CacheFile = cacheFile,
            TruncatedTexts = CountTruncated(encoder, examples),
        };
    }

    // Every example's vector is kept in one array (texts × the encoder's width): past its length the count wrapped, and
    // training failed with an unnamed OverflowException or made an array of the wrong length (review 50e).
    private static void RequireOneArray(IReadOnlyList<LabeledText> examples, int dimension)
    {
        int texts = examples.Count;
        if ((long)texts * dimension > Array.MaxLength)
        {
            System.Globalization.CultureInfo inv = System.Globalization.CultureInfo.InvariantCulture;
            throw new ArgumentException(
                string.Create(inv, $"{texts:N0} texts of the encoder's {dimension:N0}-value vectors are {(long)texts * dimension:N0} values, more than one array holds ({Array.MaxLength:N0}): ") +
                string.Create(inv, $"train on at most {Array.MaxLength / dimension:N0} texts with this encoder."),
                nameof(examples));
        }
    }

    // Training texts the encoder reads only the first MaxLength tokens of (an outside check: they were cut without a
    // word, where the n-gram trainer counts its own).
    private static int CountTruncated(OnnxSentenceEncoder encoder, IReadOnlyList<LabeledText> examples)
    {
        int truncated = 0;
        foreach (LabeledText example in examples)
        {
            truncated += encoder.Tokenizer.ExceedsMaxLength(example.Text) ? 1 : 0;
        }

        return truncated;
    }

    /// <summary>Embeds each distinct text once (duplicates share a vector; vectors in the cache are reused), in
    /// batches, reporting progress; returns the vectors per example, how many texts were embedded and cached, the cache
    /// file, and the share of the whole training the embedding was given on the progress bar.</summary>
    private static (float[] Vectors, int Embedded, int Cached, string? CacheProblem, string? CacheFile, double Share) EmbedOnce(OnnxSentenceEncoder encoder,
        IReadOnlyList<LabeledText> examples, int classes, EncoderHeadTrainerOptions options, IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken)
    {
        string? cacheDirectory = options.CacheDirectory;
        var distinct = new Dictionary<string, int>(StringComparer.Ordinal);
        var texts = new List<string>();
        var firstExample = new List<int>();
        int[] slot = new int[examples.Count];
        for (int i = 0; i < examples.Count; i++)
        {
            if (!distinct.TryGetValue(examples[i].Text, out int s))
            {
                s = texts.Count;
                distinct.Add(examples[i].Text, s);
                texts.Add(examples[i].Text);
                firstExample.Add(i);
            }

            slot[i] = s;
        }

        int d = encoder.Dimension;
        float[] unique = new float[texts.Count * d];
        EmbeddingCache? cache = cacheDirectory is null ? null : EmbeddingCache.Open(cacheDirectory, encoder.Fingerprint, d);
        var keyOf = new EmbeddingCache.Key[cache is null ? 0 : texts.Count];
        bool[] cached = new bool[texts.Count];
        if (cache is not null)
        {
            var wanted = new Dictionary<EmbeddingCache.Key, int>(texts.Count);
            for (int s = 0; s < texts.Count; s++)
            {
                keyOf[s] = EmbeddingCache.KeyOf(texts[s]);
                wanted[keyOf[s]] = s;
            }

            cache.Read(wanted, unique, cached, cancellationToken);
        }

        var missing = new List<int>();
        for (int s = 0; s < texts.Count; s++)
        {
            if (!cached[s])
            {
                missing.Add(s);
            }
        }

        const int Chunk = 256;
        float[] fresh = new float[Math.Min(Chunk, Math.Max(missing.Count, 1)) * d];
        double share = 0;
        for (int start = 0; start < missing.Count; start += Chunk)
        {
            int count = Math.Min(Chunk, missing.Count - start);
            List<int> slots = missing.GetRange(start, count);
            long began = Stopwatch.GetTimestamp();
            encoder.Embed([.. slots.Select(s => texts[s])], fresh.AsSpan(0, count * d), cancellationToken);
            double seconds = Stopwatch.GetElapsedTime(began).TotalSeconds;
            for (int i = 0; i < count; i++)
            {
                RequireFinite(encoder, fresh.AsSpan(i * d, d), examples, firstExample[slots[i]]);
                fresh.AsSpan(i * d, d).CopyTo(unique.AsSpan(slots[i] * d, d));
            }

            if (start == 0 && progress is not null)
            {
                share = EmbeddingShare(seconds * missing.Count / count, EstimateHeadSeconds(fresh.AsSpan(0, count * d), count, d, classes, examples.Count, options));
            }

            cache?.Append([.. slots.Select(s => keyOf[s])], fresh.AsSpan(0, count * d));
            progress?.Report(new TrainingProgress($"embedding {start + count}/{missing.Count} texts", 0, 0, share * (start + count) / missing.Count, double.NaN, double.NaN));
        }

        // Every text distinct: the examples' vectors are those of the texts, in order (a copy held twice the memory).
        float[] vectors = texts.Count == examples.Count ? unique : new float[examples.Count * d];
        for (int i = 0; i < slot.Length && vectors != unique; i++)
        {
            unique.AsSpan(slot[i] * d, d).CopyTo(vectors.AsSpan(i * d, d));
        }

        return (vectors, missing.Count, texts.Count - missing.Count, cache?.Problem, cache?.FilePath, share);
    }

    /// <summary>The embedding's share of the progress bar: its estimated seconds over the estimated seconds of the whole
    /// training.</summary>
    internal static double EmbeddingShare(double embeddingSeconds, double headSeconds)
    {
        double total = embeddingSeconds + headSeconds;
        return total > 0 && double.IsFinite(total) ? Math.Clamp(embeddingSeconds / total, 0, 1) : 0.5;
    }

    /// <summary>Estimates the seconds <see cref="TrainHead"/> takes over <see cref="EncoderHeadTrainerOptions.MaxEpochs"/>
    /// epochs on <paramref name="rows"/> rows, timing a throwaway head of the same shape on <paramref name="count"/> vectors
    /// (a backward pass each, and one Adam step): each epoch runs a backward pass per training row, a step per batch, and a
    /// forward pass (taken as a third of a backward one) per validation row.</summary>
    private static double EstimateHeadSeconds(ReadOnlySpan<float> sample, int count, int dimension, int classes, int rows, EncoderHeadTrainerOptions options)
    {
        var network = new HeadNetwork(dimension, options.HiddenSize, classes, options.Seed);
        long began = Stopwatch.GetTimestamp();
        for (int i = 0; i < count; i++)
        {
            network.Backward(sample.Slice(i * dimension, dimension), i % classes, 1f / count);
        }

        double backward = Stopwatch.GetElapsedTime(began).TotalSeconds / count;
        began = Stopwatch.GetTimestamp();
        new AdamState(network.Parameters, options.LearningRate).Step(network.Parameters, network.Gradients);
        double step = Stopwatch.GetElapsedTime(began).TotalSeconds;
        double validation = rows * options.ValidationFraction;
        double train = rows - validation;
        double epoch = (backward * train) + (step * Math.Ceiling(train / options.BatchSize)) + (backward / 3 * validation);
        return epoch * options.MaxEpochs;
    }

    // A vector holding NaN or infinity (an fp16 export that overflows) trains nothing: every loss it enters is NaN, so no
    // epoch's validation loss was ever lower and the untrained starting head was kept, or the training "diverged" at any
    // learning rate. Refused here, naming the graph and the text.
    private static void RequireFinite(OnnxSentenceEncoder encoder, ReadOnlySpan<float> vector, IReadOnlyList<LabeledText> examples, int example)
    {
        if (TensorPrimitives.IsFiniteAll(vector))
        {
            return;
        }

        LabeledText row = examples[example];
        string where = row.LineNumber > 0 ? $"the text on line {row.LineNumber}" : $"example {example}";
        string text = row.Text.Length <= 60 ? row.Text : row.Text[..60] + "…";
        throw new BundleFormatException(encoder.ModelPath,
            $"the encoder gave a vector holding NaN or infinity for {where} (\"{text}\"), so no head can be trained on its vectors. " +
            "A half-precision (fp16) export whose activations overflow does this; use the float32 export of the model.");
    }

    /// <summary>Fits the head on row-major vectors (<c>targets.Length × dimension</c>); rows sharing a leader in
    /// <paramref name="groupLeaders"/> (copies of one text) stay on one side of the validation split. The epochs' reports
    /// carry the progress fraction on from <paramref name="progressStart"/> (the embedding's share) to 1.</summary>
    internal static (EncoderHead Head, int Epochs, int BestEpoch, double ValidationAccuracy) TrainHead(
        float[] vectors, int dimension, int[] targets, int classes, EncoderHeadTrainerOptions options,
        IProgress<TrainingProgress>? progress, CancellationToken cancellationToken, int[]? groupLeaders = null, double progressStart = 0)
    {
        options.Validate(dimension, classes);
        (int[] train, int[] validation) = options.ValidationFraction > 0
            ? StratifiedSplitter.Split(targets, classes, options.ValidationFraction, options.Seed, groupLeaders)
            : ([.. Enumerable.Range(0, targets.Length)], []);
        float[] classWeights = ClassWeights(targets, train, classes, options.ClassWeighting);
        // At most 1: the sum can round to one ulp past it (a share of 0.1209… over 10 epochs gave 1.0000000000000002),
        // and the "done" report at exactly 1 then stepped the bar back.
        double Done(int epochs) => Math.Min(1.0, progressStart + ((1 - progressStart) * epochs / options.MaxEpochs));
        var network = new HeadNetwork(dimension, options.HiddenSize, classes, options.Seed);
        var adam = new AdamState(network.Parameters, options.LearningRate);
        var random = new Random(options.Seed);
        float[][] best = network.Snapshot();
        double bestLoss = double.PositiveInfinity;
        int bestEpoch = 0;
        int epoch = 0;
        while (epoch < options.MaxEpochs)
        {
            epoch++;
            random.Shuffle(train);
            // Each batch adds its weighted mean loss; the epoch's figure is the mean over its batches, so it reads the same
            // whatever the data size (ln C for a head that has learned nothing).
            double trainLoss = 0;
            int batches = 0;
            for (int start = 0; start < train.Length; start += options.BatchSize)
            {
                batches++;
                cancellationToken.ThrowIfCancellationRequested();
                ReadOnlySpan<int> batch = train.AsSpan(start, Math.Min(options.BatchSize, train.Length - start));
                network.ClearGradients();
                float weightSum = 0;
                foreach (int i in batch)
                {
                    weightSum += classWeights[targets[i]];
                }

                foreach (int i in batch)
                {
                    trainLoss += network.Backward(vectors.AsSpan(i * dimension, dimension), targets[i], classWeights[targets[i]] / Math.Max(weightSum, 1e-12f));
                }

                adam.Step(network.Parameters, network.Gradients);
            }

            trainLoss /= Math.Max(batches, 1);
            if (!double.IsFinite(trainLoss))
            {
                // NaN weights give NaN scores for every text: nothing of this training is usable.
                throw new TrainingDivergedException(epoch, options.LearningRate, new EncoderHeadTrainerOptions().LearningRate);
            }

            if (validation.Length == 0)
            {
                best = network.Snapshot();
                bestEpoch = epoch;
                progress?.Report(new TrainingProgress("training", epoch, options.MaxEpochs, Done(epoch), trainLoss, double.NaN));
                continue;
            }

            (double loss, double accuracy) = network.Evaluate(vectors, dimension, targets, validation);
            progress?.Report(new TrainingProgress("training", epoch, options.MaxEpochs, Done(epoch), trainLoss, accuracy));
            if (loss < bestLoss)
            {
                bestLoss = loss;
                bestEpoch = epoch;
                best = network.Snapshot();
            }
            else if (epoch - bestEpoch >= options.Patience)
            {
                break;
            }
        }

        if (validation.Length > 0 && bestEpoch == 0)
        {
            // No epoch's validation loss was a finite number: the weights kept would be the untrained starting ones.
            throw new TrainingDivergedException(epoch, options.LearningRate, new EncoderHeadTrainerOptions().LearningRate,
                $"Training diverged: the validation loss was not a finite number in any of {epoch} epochs, so no epoch's weights can be kept.");
        }

        network.Restore(best);
        double bestAccuracy = validation.Length == 0 ? double.NaN : network.Evaluate(vectors, dimension, targets, validation).Accuracy;
        // Early stopping ends the epochs short of 1: "done" fills the bar, as the n-gram trainer's does (review 49c).
        progress?.Report(new TrainingProgress("done", epoch, options.MaxEpochs, 1, double.NaN, bestAccuracy));
        return (network.ToHead(), epoch, bestEpoch, bestAccuracy);
    }

    private static float[] ClassWeights(int[] targets, int[] train, int classes, ClassWeighting weighting)
    {
        float[] weights = new float[classes];
        if (weighting == ClassWeighting.None)
        {
            Array.Fill(weights, 1f);
            return weights;
        }

        int[] counts = new int[classes];
        foreach (int i in train)
        {
            counts[targets[i]]++;
        }

        for (int c = 0; c < classes; c++)
        {
            weights[c] = counts[c] == 0 ? 0f : (float)train.Length / (classes * counts[c]);
        }

        return weights;
    }

    /// <summary>Adam (Kingma and Ba 2015) over a list of parameter arrays.</summary>
    private sealed class AdamState(float[][] parameters, float learningRate)
    {
        private const float Beta1 = 0.9f;
        private const float Beta2 = 0.999f;
        private const float Epsilon = 1e-8f;
        private readonly float[][] _m = [.. parameters.Select(p => new float[p.Length])];
        private readonly float[][] _v = [.. parameters.Select(p => new float[p.Length])];
        private int _t;

        public void Step(float[][] parameters, float[][] gradients)
        {
            _t++;
            float correction1 = 1 - MathF.Pow(Beta1, _t);
            float correction2 = 1 - MathF.Pow(Beta2, _t);
            float step = learningRate * MathF.Sqrt(correction2) / correction1;
            for (int p = 0; p < parameters.Length; p++)
            {
                float[] w = parameters[p];
                float[] g = gradients[p];
                float[] m = _m[p];
                float[] v = _v[p];
                for (int i = 0; i < w.Length; i++)
                {
                    m[i] = (Beta1 * m[i]) + ((1 - Beta1) * g[i]);
                    v[i] = (Beta2 * v[i]) + ((1 - Beta2) * g[i] * g[i]);
                    w[i] -= step * m[i] / (MathF.Sqrt(v[i]) + Epsilon);
                }
            }
        }
    }

    /// <summary>The head's weights and gradients: optional dense ReLU layer [hidden × inputs], output [classes × width].</summary>
    internal sealed class HeadNetwork
    {
        private readonly int _inputs;
        private readonly int _hidden;
        private readonly int _classes;
        private readonly float[] _h;
        private readonly float[] _z;
        private readonly float[] _gh;

        public HeadNetwork(int inputs, int hidden, int classes, int seed)
        {
            _inputs = inputs;
            _hidden = hidden;
            _classes = classes;
            var random = new Random(seed);
            int width = hidden > 0 ? hidden : inputs;
            float[] Init(int count, int fanIn)
            {
                // He-uniform for the ReLU layer, Glorot-like scale for the output layer: keeps activations O(1).
                float limit = MathF.Sqrt(6f / fanIn);
                return [.. Enumerable.Range(0, count).Select(_ => ((float)random.NextDouble() * 2 - 1) * limit)];
            }

            Parameters = hidden > 0
                ? [Init(hidden * inputs, inputs), new float[hidden], Init(classes * hidden, hidden + classes), new float[classes]]
                : [Init(classes * inputs, inputs + classes), new float[classes]];
            Gradients = [.. Parameters.Select(p => new float[p.Length])];
            _h = new float[width];
            _z = new float[classes];
            _gh = new float[width];
        }

        public float[][] Parameters { get; }

        public float[][] Gradients { get; }

        private float[] OutW => Parameters[^2];

        private float[] OutB => Parameters[^1];

        public void ClearGradients()
        {
            foreach (float[] g in Gradients)
            {
                Array.Clear(g);
            }
        }

        /// <summary>Adds <paramref name="weight"/> × ∇(cross-entropy) to the gradients; returns the weighted loss.</summary>
        public double Backward(ReadOnlySpan<float> x, int target, float weight)
        {
            ReadOnlySpan<float> features = Forward(x);
            double loss = -weight * Math.Log(Math.Max(_z[target], 1e-12f));
            // ∂L/∂z = w · (softmax − onehot).
            _z[target] -= 1f;
            TensorPrimitives.Multiply(_z, weight, _z);
            int width = features.Length;
            float[] gOutW = Gradients[^2];
            float[] gOutB = Gradients[^1];
            TensorPrimitives.Add(gOutB, _z, gOutB);
            for (int c = 0; c < _classes; c++)
            {
                Span<float> row = gOutW.AsSpan(c * width, width);
                TensorPrimitives.MultiplyAdd(features, _z[c], row, row);
            }

            if (_hidden == 0)
            {
                return loss;
            }

            Array.Clear(_gh);
            for (int c = 0; c < _classes; c++)
            {
                TensorPrimitives.MultiplyAdd(OutW.AsSpan(c * width, width), _z[c], _gh, _gh);
            }

            float[] g1 = Gradients[0];
            float[] gb1 = Gradients[1];
            for (int j = 0; j < _hidden; j++)
            {
                if (_h[j] <= 0f)
                {
                    continue;
                }

                gb1[j] += _gh[j];
                Span<float> row = g1.AsSpan(j * _inputs, _inputs);
                TensorPrimitives.MultiplyAdd(x, _gh[j], row, row);
            }

            return loss;
        }

        public (double Loss, double Accuracy) Evaluate(float[] vectors, int dimension, int[] targets, int[] rows)
        {
            double loss = 0;
            int correct = 0;
            foreach (int i in rows)
            {
                Forward(vectors.AsSpan(i * dimension, dimension));
                loss -= Math.Log(Math.Max(_z[targets[i]], 1e-12f));
                correct += TensorPrimitives.IndexOfMax(_z) == targets[i] ? 1 : 0;
            }

            return (loss / rows.Length, (double)correct / rows.Length);
        }

        public float[][] Snapshot() => [.. Parameters.Select(p => (float[])p.Clone())];

        public void Restore(float[][] snapshot)
        {
            for (int p = 0; p < Parameters.Length; p++)
            {
                snapshot[p].CopyTo(Parameters[p], 0);
            }
        }

        public EncoderHead ToHead()
        {
            if (_hidden == 0)
            {
                return new EncoderHead(null, new LinearHead((float[])OutW.Clone(), (float[])OutB.Clone(), _inputs));
            }

            return new EncoderHead(
                new LinearHead((float[])Parameters[0].Clone(), (float[])Parameters[1].Clone(), _inputs),
                new LinearHead((float[])OutW.Clone(), (float[])OutB.Clone(), _hidden));
        }

        /// <summary>Softmax probabilities into <c>_z</c>; returns the output layer's input (x or the ReLU layer).</summary>
        private ReadOnlySpan<float> Forward(ReadOnlySpan<float> x)
        {
            ReadOnlySpan<float> features = x;
            if (_hidden > 0)
            {
                float[] w1 = Parameters[0];
                float[] b1 = Parameters[1];
                for (int j = 0; j < _hidden; j++)
                {
                    _h[j] = Math.Max(0f, TensorPrimitives.Dot(w1.AsSpan(j * _inputs, _inputs), x) + b1[j]);
                }

                features = _h;
            }

            int width = features.Length;
            for (int c = 0; c < _classes; c++)
            {
                _z[c] = TensorPrimitives.Dot(OutW.AsSpan(c * width, width), features) + OutB[c];
            }

            Activations.Softmax(_z, _z);
            return features;
        }
    }
}
