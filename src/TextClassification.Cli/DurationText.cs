using System.Globalization;

namespace TextClassification.Cli;

/// <summary>
/// A duration as <c>--time-budget</c> takes it: a number of seconds ("90"), or numbers each followed by a unit, the
/// units in the order h, m, s, ms and each at most once ("60s", "2m", "1.5h", "1m30s", "1h15m", "1500ms"); letter case
/// and spaces around it do not matter.
/// </summary>
internal static class DurationText
{
    private static readonly (string Unit, double Seconds)[] Units = [("h", 3600), ("ms", 0.001), ("m", 60), ("s", 1)];

    /// <summary>Reads <paramref name="text"/> as a number of seconds (the caller bounds the range it takes); false when
    /// it is no duration of that form.</summary>
    public static bool TryParseSeconds(string text, out double seconds)
    {
        ReadOnlySpan<char> rest = text.AsSpan().Trim();
        if (double.TryParse(rest, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out seconds))
        {
            return true;
        }

        seconds = 0;
        double lastUnit = double.MaxValue;
        while (!rest.IsEmpty)
        {
            int digits = 0;
            while (digits < rest.Length && (char.IsAsciiDigit(rest[digits]) || rest[digits] == '.'))
            {
                digits++;
            }

            if (!double.TryParse(rest[..digits], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value))
            {
                return false;
            }

            rest = rest[digits..];
            double unit = UnitAt(ref rest);
            if (unit >= lastUnit || unit == 0)
            {
                return false;
            }

            seconds += value * unit;
            lastUnit = unit;
        }

        return lastUnit != double.MaxValue;
    }

    // The seconds of the unit at the start of rest (its letters taken off), or 0 where none is.
    private static double UnitAt(ref ReadOnlySpan<char> rest)
    {
        foreach ((string unit, double seconds) in Units)
        {
            if (rest.StartsWith(unit, StringComparison.OrdinalIgnoreCase))
            {
                rest = rest[unit.Length..];
                return seconds;
            }
        }

        return 0;
    }
}
