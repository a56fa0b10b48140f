using System.Globalization;

namespace TextClassification.Training.Trainers;

/// <summary>
/// Thrown when SGD training diverges: an epoch's mean training loss is not a finite number (the weights have overflowed
/// to infinity or NaN), almost always because the learning rate is too high for the data. Nothing trained so far is
/// usable, so training stops instead of returning a model whose every score is NaN.
/// </summary>
public sealed class TrainingDivergedException : InvalidOperationException
{
    /// <summary>Creates the exception for the epoch (from 1) whose loss was not finite.</summary>
    /// <param name="epoch">The epoch (from 1) whose mean training loss was not finite.</param>
    /// <param name="learningRate">The initial learning rate the training used; the message names it.</param>
    public TrainingDivergedException(int epoch, float learningRate)
        : this(epoch, learningRate, new NGramTrainerOptions().LearningRate)
    {
    }

    /// <summary>Creates the exception for the epoch (from 1) whose loss was not finite, for a trainer whose default
    /// learning rate is <paramref name="defaultLearningRate"/>.</summary>
    /// <param name="epoch">The epoch (from 1) whose mean training loss was not finite.</param>
    /// <param name="learningRate">The initial learning rate the training used; the message names it.</param>
    /// <param name="defaultLearningRate">The trainer's default learning rate (the n-gram trainer's 0.25, the encoder
    /// head's 0.001), for a hint to lower the rate towards it.</param>
    public TrainingDivergedException(int epoch, float learningRate, float defaultLearningRate)
        : this(epoch, learningRate, defaultLearningRate,
            $"Training diverged in epoch {epoch}: the training loss is not a finite number, so the weights overflowed. " +
            $"The learning rate {learningRate.ToString(CultureInfo.InvariantCulture)} is too high for this data; lower it.")
    {
    }

    internal TrainingDivergedException(int epoch, float learningRate, float defaultLearningRate, string message)
        : base(message)
    {
        Epoch = epoch;
        LearningRate = learningRate;
        DefaultLearningRate = defaultLearningRate;
    }

    /// <summary>The epoch (from 1) whose mean training loss was not finite.</summary>
    public int Epoch { get; }

    /// <summary>The initial learning rate the training used.</summary>
    public float LearningRate { get; }

    /// <summary>The default learning rate of the trainer that diverged (the n-gram trainer's unless another was
    /// given).</summary>
    public float DefaultLearningRate { get; }
}
