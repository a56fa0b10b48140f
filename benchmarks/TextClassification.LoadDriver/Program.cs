// A bounded load run against the web service (samples/WebService): exactly N POST /classify requests over keep-alive
// connections, from C concurrent workers (closed loop) or at a fixed rate over at most C connections (--rate, open
// loop), texts taken in turn from the quick-start data. Prints errors, latency percentiles and throughput (of the
// successful responses) as a Markdown table row. A benchmark, not a test: run it by hand (docs/benchmarks.md).
//
//   dotnet run -c Release --project benchmarks/TextClassification.LoadDriver -- http://127.0.0.1:5080 20000 32 [--rate 5000]
//   ... http://127.0.0.1:5080 200 8 --batch 100: /classify/batch, 100 texts a request (its limiter's 503s are errors)
using System.Globalization;
using System.Runtime.InteropServices;
using TextClassification.LoadDriver;

if (args is ["-h" or "--help"])
{
    Console.WriteLine(LoadOptions.Usage);
    return 0;
}

if (LoadOptions.Parse(args, out string? error) is not { } options)
{
    Console.Error.WriteLine($"error: {error}");
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

(_, int total, int concurrency, _, double? rate, int? batch) = options;
string target = options.Target.AbsoluteUri;
int warmup = Math.Min(2_000, total / 10);

string[] texts = [.. File.ReadLines(Path.Combine(AppContext.BaseDirectory, "data", "support-intents.tsv"))
    .Skip(1).Select(line => line[(line.IndexOf('\t', StringComparison.Ordinal) + 1)..])];
byte[][] bodies = RequestBodies.Make(texts, batch);

using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseProxy = false })
{
    Timeout = TimeSpan.FromSeconds(30),
};

// Ctrl+C stops the run and prints what it measured; it had ended the process with nothing printed. Every Ctrl+C is
// taken so: one from the terminal reaches a wrapper (`dotnet run`, `timeout`) too, which may pass it on as a second
// one, and cancelling the requests in flight ends the run at once anyway.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

// SIGTERM likewise (exit 143 instead of 130): it is what `timeout 10s` (a bounded run's usual form), `kill` and
// `docker stop` send, and it had ended the process with nothing printed.
int interruptedExit = 130;
using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    interruptedExit = 143;
    stop.Cancel();
});

// Warm-up (JIT, connection pool), not measured.
await LoadRun.RunAsync(client, target, bodies, warmup, concurrency, stop: stop.Token);
if (stop.IsCancellationRequested)
{
    Console.WriteLine("interrupted during the warm-up: nothing measured");
    return interruptedExit;
}

LoadResult result = await LoadRun.RunAsync(client, target, bodies, total, concurrency, rate, stop.Token);
string interrupted = result.Interrupted ? $"interrupted after {result.Requests} of " : string.Empty;
string loop = rate is double perSecond
    ? string.Create(CultureInfo.InvariantCulture, $"open loop at {perSecond:0.###} requests/s over at most {concurrency} connections, latency from each send (waits for a connection included)")
    : $"closed loop, {concurrency} concurrent, latency from each send";
string each = batch is int n ? $" of {n} texts" : string.Empty;
Console.WriteLine($"{interrupted}{total} requests{each} to {target}, {loop}, after {warmup} warm-up requests");
Console.WriteLine(LoadReport.Header);
Console.WriteLine(LoadReport.Row(result, concurrency));
if (LoadReport.Schedule(result) is { } schedule)
{
    Console.WriteLine(schedule);
}

if (result.FirstFailure is not null)
{
    Console.WriteLine($"{result.Failures} of {result.Requests} requests failed; the latencies and requests/s are of the {result.Requests - result.Failures} successful responses only. First failure: {result.FirstFailure}");
    Console.WriteLine(LoadReport.Failures(result));
}

return result.Interrupted ? interruptedExit : result.Failures == 0 ? 0 : 1;
