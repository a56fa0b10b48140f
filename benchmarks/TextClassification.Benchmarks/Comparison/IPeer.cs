namespace TextClassification.Benchmarks.Comparison;

/// <summary>One classifier of the dataset comparison: trains on a split's train rows and predicts its test rows.</summary>
internal interface IPeer
{
    /// <summary>The name used by <c>--peers</c> (lower case, no spaces).</summary>
    string Key { get; }

    /// <summary>The name shown in the table's column headers.</summary>
    string Name { get; }

    /// <summary>The settings and how train time and predictions per second are measured, for the notes under the table.</summary>
    string Description { get; }

    /// <summary>
    /// Whether the peer runs in this process, so that its first run would pay for JIT compilation; such peers get one
    /// untimed warm-up run on a slice of the first dataset.
    /// </summary>
    bool InProcess { get; }

    /// <summary>Why the peer cannot run on this machine (its tool is missing), or null when it can.</summary>
    string? Unavailable { get; }

    /// <summary>Trains on <see cref="DatasetSplit.Train"/> and predicts every text of <see cref="DatasetSplit.Test"/>.</summary>
    /// <param name="split">The dataset.</param>
    /// <param name="probabilities">Whether to also return every test row's probabilities
    /// (<see cref="PeerRun.Probabilities"/>, for <c>--calibration</c>), outside the timed passes.</param>
    PeerRun Run(DatasetSplit split, bool probabilities = false);
}
