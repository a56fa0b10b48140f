namespace TextClassification.Training.Trainers;

/// <summary>Merges the progress of models trained side by side into one stream: the overall fraction is the mean of
/// the models' fractions; the other fields come from the latest report, named by its part
/// (<see cref="TrainingProgress.Model"/>). Thread-safe: the target is called by one thread at a time.</summary>
internal sealed class CombinedProgress(IProgress<TrainingProgress> target, string[] names)
{
    private readonly double[] _fractions = new double[names.Length];
    private readonly Lock _gate = new();

    /// <summary>The progress sink of part <paramref name="slot"/>.</summary>
    public IProgress<TrainingProgress> For(int slot) => new Part(this, slot);

    private void Report(int slot, TrainingProgress report)
    {
        // The target is called under the lock: the members train on two threads, and a caller's handler (a console
        // bar, a list) must not be entered by both at once. Reports are few (per epoch, per ten iterations).
        lock (_gate)
        {
            _fractions[slot] = report.Fraction;
            double sum = 0;
            foreach (double fraction in _fractions)
            {
                sum += fraction;
            }

            target.Report(report with { Fraction = sum / _fractions.Length, Model = report.Model ?? names[slot] });
        }
    }

    private sealed class Part(CombinedProgress owner, int slot) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => owner.Report(slot, value);
    }
}
