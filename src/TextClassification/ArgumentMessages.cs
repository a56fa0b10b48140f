namespace TextClassification;

/// <summary>An <see cref="ArgumentException"/>'s own words, for a message that wraps it in another exception.</summary>
internal static class ArgumentMessages
{
    /// <summary>The message without what .NET appends to it: <c> (Parameter 'x')</c>, which names a C# parameter, and,
    /// for an <see cref="ArgumentOutOfRangeException"/>, the line <c>Actual value was …</c> (the words already give
    /// the value).</summary>
    public static string Reason(ArgumentException exception)
    {
        string message = exception.Message;
        if (exception.ParamName is { Length: > 0 } name)
        {
            // .NET puts the parameter suffix right after the message and the actual value's line after that.
            int at = message.IndexOf($" (Parameter '{name}')", StringComparison.Ordinal);
            return at >= 0 ? message[..at] : message;
        }

        if (exception is ArgumentOutOfRangeException { ActualValue: not null })
        {
            int line = message.LastIndexOf(Environment.NewLine, StringComparison.Ordinal);
            return line >= 0 ? message[..line] : message;
        }

        return message;
    }
}
