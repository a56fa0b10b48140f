namespace TextClassification.Cli;

/// <summary>Entry point of <c>textclf</c>: wires the real console and Ctrl+C to <see cref="CliApp"/>.</summary>
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

        Console.CancelKeyPress += OnCancel;
        try
        {
            return await CliApp.RunAsync(args, Console.Out, Console.Error, Console.In, cancellation.Token).ConfigureAwait(false);
        }
        finally
        {
            Console.CancelKeyPress -= OnCancel;
        }
    }
}
