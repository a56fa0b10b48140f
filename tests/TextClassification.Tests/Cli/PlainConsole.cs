using Spectre.Console;

namespace TextClassification.Tests.Cli;

/// <summary>A Spectre console writing plain text (no colours, no escape sequences) of a fixed width, as a terminal of
/// that width would show it.</summary>
internal static class PlainConsole
{
    public static IAnsiConsole Create(TextWriter writer, int width)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = width;
        return console;
    }
}
