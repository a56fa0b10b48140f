namespace TextClassification.Training.Trainers;

/// <summary>Settings of <see cref="EncoderHeadTrainer"/>; the defaults are the issue's: one dense ReLU layer →
/// softmax, Adam 0.001, batch 32, up to 40 epochs, early stopping with patience 3, inverse-frequency class weights.</summary>
public sealed record EncoderHeadTrainerOptions
{
    /// <summary>Width of the hidden ReLU layer; 0 trains a linear head. Default 256. Training refuses a width whose
    /// layer (this × the encoder's width, or × the label count) would pass one array.</summary>
    public int HiddenSize { get; init; } = 256;

    /// <summary>Adam's learning rate, in (0, 10] (the n-gram trainer's and <c>--lr</c>'s range: Adam's steps are about
    /// this long, so far past 1 the head only saturates). Default 0.001.</summary>
    public float LearningRate { get; init; } = 0.001f;

    /// <summary>Examples per Adam step. Default 32.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Most epochs. Default 40.</summary>
    public int MaxEpochs { get; init; } = 40;

    /// <summary>Epochs without a better validation loss before stopping. Default 3.</summary>
    public int Patience { get; init; } = 3;

    /// <summary>Share of each class held out for early stopping (0 to train on everything for MaxEpochs). Default 0.1.</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Loss weighting by class. Default <see cref="ClassWeighting.Balanced"/>.</summary>
    public ClassWeighting ClassWeighting { get; init; } = ClassWeighting.Balanced;

    /// <summary>Folder of the embedding cache (one file per encoder fingerprint, records keyed by text hash); null
    /// (default) embeds without caching.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Seed of the initial weights, the split and the shuffles. Default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary><see cref="Validate()"/>, and that the hidden layer's tables (<see cref="HiddenSize"/> × the encoder's
    /// <paramref name="inputs"/>, and × <paramref name="classes"/>) each fit one array: past it the count overflowed, and
    /// training failed deep inside with an unnamed ArgumentOutOfRangeException (at <see cref="HiddenSize"/> 11,184,811
    /// on 384 inputs the table wrapped to 128 floats; review 49c).</summary>
    internal void Validate(int inputs, int classes)
    {
        Validate();
        ArgumentOutOfRangeException.ThrowIfGreaterThan(HiddenSize, Array.MaxLength / Math.Max(1, Math.Max(inputs, classes)));
    }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(HiddenSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxEpochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Patience, 1);
        if (!(LearningRate > 0 && LearningRate <= 10))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "Must be in (0, 10].");
        }

        if (!(ValidationFraction >= 0 && ValidationFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(ValidationFraction), ValidationFraction, "Must be in [0, 1).");
        }

        if (!Enum.IsDefined(ClassWeighting))
        {
            // An undefined value trained as Balanced (only None was tested for).
            throw new ArgumentOutOfRangeException(nameof(ClassWeighting), ClassWeighting, "Must be None or Balanced.");
        }
    }
}
