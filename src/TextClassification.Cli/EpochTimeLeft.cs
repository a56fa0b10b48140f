using System.Diagnostics;
using System.Globalization;
using TextClassification.Training.Trainers;

namespace TextClassification.Cli;

/// <summary>
/// How long the epoch under way has left, from the shares of it reported so far: the rate since that epoch's first
/// share report, kept per model and phase (an ensemble's members train side by side, at their own rates) and started
/// again after any report of that model without a share (an epoch's end; its training starting over). Said only where
/// a minute or more is left and the rate rests on five seconds or more, so a short epoch's line stays as it was. Safe to
/// call from the threads the members report on.
/// </summary>
internal sealed class EpochTimeLeft
{
    private const double MinimumSecondsLeft = 60;
    private const double MinimumSecondsMeasured = 5;

    private readonly Dictionary<(string? Model, string Phase), (int Epoch, double Share, long Timestamp)> _firstReports = [];
    private readonly Lock _lock = new();

    /// <summary>"about 25 min left in this epoch" for a report of an epoch under way (<see cref="TrainingProgress.EpochShare"/>
    /// set, not an autotune trial), taken at <paramref name="timestamp"/> (<see cref="Stopwatch.GetTimestamp"/>); null
    /// where there is no such estimate worth giving.</summary>
    public string? Describe(TrainingProgress report, long timestamp)
    {
        if (report.EpochShare is not { } share)
        {
            // An epoch's end, or the model's training starting again (a halved learning rate, a search without the rare-label
            // boost): its next share report starts a new count. An epoch 1 that diverged and ran again kept the count of the
            // run before, whose first share report the new run's need not pass, so that run's time went into the rate.
            Forget(report.Model);
            return null;
        }

        if (report.Phase == "autotune")
        {
            return null;
        }

        (int Epoch, double Share, long Timestamp) first;
        lock (_lock)
        {
            var key = (report.Model, report.Phase);
            if (!_firstReports.TryGetValue(key, out first) || first.Epoch != report.Epoch || share < first.Share)
            {
                _firstReports[key] = (report.Epoch, share, timestamp);
                return null;
            }
        }

        double seconds = (timestamp - first.Timestamp) / (double)Stopwatch.Frequency;
        double done = share - first.Share;
        if (seconds < MinimumSecondsMeasured || done <= 0)
        {
            return null;
        }

        double left = (1 - share) * seconds / done;
        return left < MinimumSecondsLeft || !double.IsFinite(left) ? null : $"about {Minutes(left)} left in this epoch";
    }

    // Drops the counts of one model (every phase of it); the other models of an ensemble keep theirs.
    private void Forget(string? model)
    {
        lock (_lock)
        {
            foreach ((string? Model, string Phase) key in _firstReports.Keys)
            {
                if (key.Model == model)
                {
                    _firstReports.Remove(key);
                }
            }
        }
    }

    // Whole minutes, rounded up ("2 h 22 min" past an hour).
    private static string Minutes(double seconds)
    {
        long minutes = (long)Math.Ceiling(Math.Min(seconds, 1e9) / 60);
        return minutes < 60
            ? string.Create(CultureInfo.InvariantCulture, $"{minutes} min")
            : string.Create(CultureInfo.InvariantCulture, $"{minutes / 60} h {minutes % 60} min");
    }
}
