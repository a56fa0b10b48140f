using System.Runtime.InteropServices;
using TextClassification.Training.Data;

namespace TextClassification.Cli;

/// <summary>Entry point of <c>textclf</c>: wires the real console, Ctrl+C and termination signals to
/// <see cref="CliApp"/>.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        OnnxRuntimeLocation.Register();
        using var cancellation = new CancellationTokenSource();

        // The first Ctrl+C asks the running command to stop cleanly; a second one ends the process at once.
        void OnCancel(object? sender, ConsoleCancelEventArgs e)
        {
            if (!cancellation.IsCancellationRequested)
            {
                e.Cancel = true;
                cancellation.Cancel();
            }
        }

        // SIGTERM (docker stop, systemd, kill) stops the command as Ctrl+C does, so a save in progress finishes or is
        // cleaned up instead of leaving its temporary folder; a second one ends the process at once. SIGHUP (the terminal
        // closed) is left to end the process: the console it would report to is gone, and writing to it fails.
        bool terminated = false;
        void OnSignal(PosixSignalContext context)
        {
            if (!cancellation.IsCancellationRequested)
            {
                context.Cancel = true;
                terminated = true;
                cancellation.Cancel();
            }
        }

        using PosixSignalRegistration term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        Console.CancelKeyPress += OnCancel;
        try
        {
            // Redirected input is decoded strictly (StrictTextReader); a terminal's is the console's; a closed one fails
            // when read instead of waiting on the runtime's own pipe.
            TextReader input = ClosedStandardInput.WasClosedAtStart()
                ? new ClosedStandardInput()
                : Console.IsInputRedirected
                    ? new StrictTextReader(Console.OpenStandardInput(), "standard input", gzipAdvice: "decompress it first: zcat FILE | textclf predict BUNDLE")
                    : Console.In;
            int exitCode = await CliApp.RunAsync(args, new StandardOutputWriter(Console.Out), new StandardErrorWriter(Console.Error), input, cancellation.Token, StandardOutputReader.ForThisProcess()).ConfigureAwait(false);
            return exitCode == ExitCodes.Canceled && Volatile.Read(ref terminated) ? ExitCodes.Terminated : exitCode;
        }
        finally
        {
            Console.CancelKeyPress -= OnCancel;
        }
    }
}
