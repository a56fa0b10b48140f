using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace TextClassification.Cli;

/// <summary>Number options read with the invariant culture and checked for range. A value that does not parse (not a
/// number, or too large for its type) is a usage error naming the option, as a value out of range is; both show the
/// value as it was typed.</summary>
internal static class OptionChecks
{
    /// <summary>Reads the option's value as a <typeparamref name="T"/> and adds a check: <paramref name="problem"/> returns
    /// the error for a parsed value and the text it was typed as (which the message shows: "--lr 1e-50" parses to 0, and
    /// "got 0" had named a value the user never gave), or null when it is fine.</summary>
    public static void Add<T>(Option<T?> option, Func<T, string, string?> problem)
        where T : struct, INumber<T>
    {
        Add(option, problem, range: null);
    }

    // range: the option's own bounds, named when a whole number does not even fit the type.
    private static void Add<T>(Option<T?> option, Func<T, string, string?> problem, (long Min, long Max)? range)
        where T : struct, INumber<T>
    {
        option.CustomParser = result => Parse<T>(result, range);
        option.Validators.Add(result =>
        {
            T? value;
            try
            {
                value = result.GetValueOrDefault<T?>();
            }
            catch (InvalidOperationException)
            {
                // Parse reported the value that is not a number; reading it throws that report.
                return;
            }

            if (value is T parsed && problem(parsed, result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty) is { } message)
            {
                result.AddError(message);
            }
        });
    }

    /// <summary>The option's value in a command's validator, or default where the parser refused it (a value missing, as
    /// in '--label-columns' given last, or one its parser did not take): GetValue throws there, and a validator's
    /// exception ended the command with a stack trace (exit 134) before the parser's error, which names the option, was
    /// printed.</summary>
    public static T? ValueOrDefault<T>(CommandResult result, Option<T> option)
    {
        try
        {
            return result.GetValue(option);
        }
        catch (InvalidOperationException)
        {
            return default;
        }
    }

    /// <summary>Accepts one of <paramref name="values"/> in any letter case, giving the value as listed (inspect shows
    /// settings as the library names them, such as <c>classWeighting Balanced</c>; copied into the option they were
    /// refused). Anything else is refused as System.CommandLine's AcceptOnlyFromAmong refuses it.</summary>
    public static Option<T> OneOfIgnoringCase<T>(this Option<T> option, params string[] values)
    {
        option.CustomParser = result =>
        {
            string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
            foreach (string value in values)
            {
                if (string.Equals(text, value, StringComparison.OrdinalIgnoreCase))
                {
                    return (T?)(object)value;
                }
            }

            result.AddError($"Argument '{text}' not recognized. Must be one of:{string.Concat(values.Select(v => $"\n\t'{v}'"))}");
            return default;
        };
        option.CompletionSources.Add(values);
        option.HelpName ??= string.Join('|', values);
        return option;
    }

    /// <summary>Reads a whole-number option that has a default with the same parse and message as the others.</summary>
    public static void Whole(Option<int> option) => option.CustomParser = result => Parse<int>(result, range: null) ?? 0;

    /// <summary>Requires a value in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static void Range(Option<int?> option, int min, int max) =>
        Add(option, (value, typed) => value < min || value > max ? Between(option.Name, min, max, typed) : null, (min, max));

    private static string Between(string name, long min, long max, string given) =>
        string.Create(CultureInfo.InvariantCulture, $"{name} must be between {min} and {max}; got {given}.");

    /// <summary>Requires a value in (0, 1].</summary>
    public static void Fraction(Option<double?> option) => PositiveAtMost(option, 1.0);

    /// <summary>Requires a share strictly between 0 and 1 (NaN is refused).</summary>
    public static void Share(Option<double?> option) =>
        Add(option, (value, typed) => !(value > 0 && value < 1)
            ? $"{option.Name} must be above 0 and below 1; got {typed}."
            : null);

    /// <summary>Requires a value in (0, <paramref name="max"/>] (NaN is refused).</summary>
    public static void PositiveAtMost<T>(Option<T?> option, T max)
        where T : struct, INumber<T> =>
        Add(option, (value, typed) => !(value > T.Zero && value <= max)
            ? string.Create(CultureInfo.InvariantCulture, $"{option.Name} must be greater than 0 and at most {max}; got {typed}.")
            : null);

    /// <summary>Requires a path that is not empty or white space: a usage error (exit 2), as the option's other
    /// mistakes are, rather than a failure found when the file is written.</summary>
    public static void NonEmptyPath(Option option) =>
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && string.IsNullOrWhiteSpace(result.Tokens[^1].Value))
            {
                result.AddError($"{option.Name} needs a path; got an empty one.");
            }
        });

    /// <summary>Refuses '-' for an option naming a folder the command writes (<c>--out</c>, <c>--report</c>,
    /// <c>--embedding-cache</c>): to command-line tools '-' is standard input or output, which cannot hold a folder, and
    /// it had made a folder named '-' in the working folder (review 52c). A usage error naming the option; <c>./-</c>
    /// still names such a folder.</summary>
    public static void FolderNotDash(Option option) =>
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && result.Tokens[^1].Value == "-")
            {
                result.AddError($"{option.Name} needs a folder; '-' (standard output) cannot be one. For a folder named '-', write ./-.");
            }
        });

    /// <summary>Requires an argument path that is not empty or white space (a usage error, as for
    /// <see cref="NonEmptyPath(Option)"/>): an empty one had reached the file system's own message, "The value cannot
    /// be an empty string.", without the argument's name.</summary>
    public static void NonEmptyPath(Argument argument) =>
        argument.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && string.IsNullOrWhiteSpace(result.Tokens[^1].Value))
            {
                result.AddError($"<{argument.Name}> needs a path; got an empty one.");
            }
        });

    private static T? Parse<T>(ArgumentResult result, (long Min, long Max)? range)
        where T : struct, INumber<T>
    {
        string given = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        bool whole = typeof(T) == typeof(int) || typeof(T) == typeof(long);
        NumberStyles styles = whole ? NumberStyles.Integer : NumberStyles.Float;
        if (T.TryParse(given, styles, CultureInfo.InvariantCulture, out T value))
        {
            return value;
        }

        string name = (result.Parent as OptionResult)?.Option.Name ?? result.Argument.Name;
        string expected = whole ? "a whole number" : "a number, with '.' as the decimal point";
        string digits = given.StartsWith('-') || given.StartsWith('+') ? given[1..] : given;
        if (whole && digits.Length > 0 && digits.All(char.IsAsciiDigit))
        {
            // A whole number too large for the option: "expects a whole number" would be wrong. Its own range when it
            // has one, else its type's.
            if (range is (long min, long max))
            {
                result.AddError(Between(name, min, max, given));
                return null;
            }

            expected = given.StartsWith('-')
                ? string.Create(CultureInfo.InvariantCulture, $"a whole number no less than {(typeof(T) == typeof(int) ? int.MinValue : long.MinValue)}")
                : string.Create(CultureInfo.InvariantCulture, $"a whole number no greater than {(typeof(T) == typeof(int) ? int.MaxValue : long.MaxValue)}");
        }

        result.AddError($"{name} expects {expected}; got '{given}'.");
        return null;
    }
}
