// A bounded load run against the web service (samples/WebService): exactly N POST /classify requests from C concurrent
// workers over keep-alive connections, texts taken in turn from the quick-start data. Prints errors, latency
// percentiles and throughput as a Markdown table row. A benchmark, not a test: run it by hand (docs/benchmarks.md).
//
//   dotnet run -c Release --project benchmarks/TextClassification.LoadDriver -- http://127.0.0.1:5080 20000 32
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

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
await Run(warmup, new long[warmup]);

long[] latencies = new long[total];
var clock = Stopwatch.StartNew();
(int failures, string? firstFailure) = await Run(total, latencies);
clock.Stop();

double[] ms = [.. latencies.Select(t => t * 1000.0 / Stopwatch.Frequency).Order()];
double Percentile(double p) => ms[Math.Clamp((int)Math.Ceiling(p * ms.Length) - 1, 0, ms.Length - 1)];
Console.WriteLine($"{total} requests to {baseUrl}{path}, {concurrency} concurrent, after {warmup} warm-up requests");
Console.WriteLine("| requests | concurrency | errors | p50 ms | p90 ms | p99 ms | max ms | requests/s |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"| {total} | {concurrency} | {failures} | {Percentile(0.50):F2} | {Percentile(0.90):F2} | {Percentile(0.99):F2} | {ms[^1]:F2} | {total / clock.Elapsed.TotalSeconds:F0} |"));
if (firstFailure is not null)
{
    Console.WriteLine($"first failure: {firstFailure}");
}

return failures == 0 ? 0 : 1;

async Task<(int Failures, string? First)> Run(int count, long[] times)
{
    int next = -1;
    int failed = 0;
    string? first = null;
    Task[] workers = [.. Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < count)
        {
            using var content = new ByteArrayContent(bodies[i % bodies.Length]);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            long started = Stopwatch.GetTimestamp();
            try
            {
                using HttpResponseMessage response = await client.PostAsync(path, content);
                byte[] body = await response.Content.ReadAsByteArrayAsync();
                times[i] = Stopwatch.GetTimestamp() - started;
                if (response.StatusCode != HttpStatusCode.OK || body.Length == 0 || body[0] != (byte)'{')
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref first, $"{(int)response.StatusCode} {Encoding.UTF8.GetString(body)}", null);
                }
            }
            catch (HttpRequestException ex)
            {
                times[i] = Stopwatch.GetTimestamp() - started;
                Interlocked.Increment(ref failed);
                Interlocked.CompareExchange(ref first, ex.Message, null);
            }
        }
    }))];
    await Task.WhenAll(workers);
    return (failed, first);
}
