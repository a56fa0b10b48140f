// A bounded load run against the web service (samples/WebService): exactly N POST /classify requests from C concurrent
// workers over keep-alive connections, texts taken in turn from the quick-start data. Prints errors, latency
// percentiles and throughput as a Markdown table row. A benchmark, not a test: run it by hand (docs/benchmarks.md).
//
//   dotnet run -c Release --project benchmarks/TextClassification.LoadDriver -- http://127.0.0.1:5080 20000 32
using System.Globalization;
using System.Text.Json;
using TextClassification.LoadDriver;

string baseUrl = args.Length > 0 ? args[0].TrimEnd('/') : "http://127.0.0.1:5080";
int total = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000;
int concurrency = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 32;
string path = args.Length > 3 ? args[3] : "/classify";
int warmup = Math.Min(2_000, total / 10);

string[] texts = [.. File.ReadLines(Path.Combine(AppContext.BaseDirectory, "data", "support-intents.tsv"))
    .Skip(1).Select(line => line[(line.IndexOf('\t', StringComparison.Ordinal) + 1)..])];
byte[][] bodies = [.. texts.Select(t => JsonSerializer.SerializeToUtf8Bytes(new { text = t }))];

using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseProxy = false })
{
    BaseAddress = new Uri(baseUrl),
    Timeout = TimeSpan.FromSeconds(30),
};

// Warm-up (JIT, connection pool), not measured.
await LoadRun.RunAsync(client, path, bodies, warmup, concurrency);

LoadResult result = await LoadRun.RunAsync(client, path, bodies, total, concurrency);
Console.WriteLine($"{total} requests to {baseUrl}{path}, {concurrency} concurrent, after {warmup} warm-up requests");
Console.WriteLine(LoadReport.Header);
Console.WriteLine(LoadReport.Row(result, concurrency));
if (result.FirstFailure is not null)
{
    Console.WriteLine($"{result.Failures} of {result.Requests} requests failed; the latencies and requests/s are of the {result.Requests - result.Failures} successful responses only. First failure: {result.FirstFailure}");
}

return result.Failures == 0 ? 0 : 1;
