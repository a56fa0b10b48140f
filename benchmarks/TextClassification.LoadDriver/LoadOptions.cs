using System.Globalization;

namespace TextClassification.LoadDriver;

/// <summary>The driver's command line: <c>[base URL] [requests] [concurrency] [path] [--rate R] [--batch N]</c>, all
/// optional. <paramref name="Rate"/>: requests a second for an open-loop run; null for a closed loop (see LoadRun).
/// <paramref name="Batch"/>: texts a request, sent as <c>{"texts": [...]}</c> to a batch endpoint; null for one
/// <c>{"text": ...}</c> a request.</summary>
internal sealed record LoadOptions(Uri BaseUrl, int Requests, int Concurrency, string Path, double? Rate = null, int? Batch = null)
{
    public const string Usage =
        "usage: TextClassification.LoadDriver [base URL (http://127.0.0.1:5080)] [requests (20000)] [concurrency (32)] [path (/classify)] [--rate requests/s] [--batch texts]\n" +
        "  the path is sent under the base URL's own path (http://lb/textclf and /classify: http://lb/textclf/classify).\n" +
        "  --batch N: each request is {\"texts\": [N texts]} (N up to 1000000), to /classify/batch unless a path is given; without it, {\"text\": ...}.\n" +
        "  without --rate: closed loop, <concurrency> workers each send when their previous request is answered; latency from the send.\n" +
        "  --rate R: open loop, request i is sent at i/R s whatever the answers, over at most <concurrency> connections; latency\n" +
        "  from the send, waiting for a free connection included (a server stall counts in every request it delays).\n" +
        "  Latencies and requests/s are of the successful responses.";

    /// <summary>The URL the requests go to: <see cref="Path"/> under the base URL's own path, so a service behind a
    /// load balancer at <c>http://lb/textclf</c> gets <c>http://lb/textclf/classify</c>. Resolved against the base URL
    /// as HttpClient does, the path had replaced it: every request went to the balancer's <c>/classify</c>.</summary>
    public Uri Target => new(BaseUrl.AbsoluteUri.TrimEnd('/') + Path);

    /// <summary>The options <paramref name="args"/> give, or null and the reason in <paramref name="error"/>: a bad
    /// value had ended in an unhandled exception (exit 134), or, for 0 requests, a table header and then one.</summary>
    public static LoadOptions? Parse(string[] args, out string? error)
    {
        error = null;
        double? rate = null;
        if (Take(ref args, "--rate", ref error) is { } rateText)
        {
            if (!double.TryParse(rateText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double perSecond) ||
                !(perSecond > 0) || double.IsInfinity(perSecond))
            {
                error = $"--rate must be followed by a number of requests a second above 0; got {Shown(rateText)}.";
                return null;
            }

            rate = perSecond;
        }

        int? batch = null;
        if (Take(ref args, "--batch", ref error) is { } batchText)
        {
            // The bodies are made before the run: a batch of a billion texts ended in "Out of memory." with nothing sent.
            if (!int.TryParse(batchText, NumberStyles.None, CultureInfo.InvariantCulture, out int texts) || texts is < 1 or > RequestBodies.MaxBatch)
            {
                error = $"--batch must be followed by a whole number of texts a request, from 1 to {RequestBodies.MaxBatch}; got {Shown(batchText)}.";
                return null;
            }

            batch = texts;
        }

        // An option this driver does not have had been read as a positional: "--concurrency 4"
        // was "the base URL must be an absolute http:// URL; got '--concurrency'".
        if (error is null && Array.Find(args, arg => arg.StartsWith("--", StringComparison.Ordinal)) is { } unknown)
        {
            error = $"unknown option '{unknown}': the options are --rate and --batch; the rest is [base URL] [requests] [concurrency] [path], in that order.";
        }

        if (error is not null)
        {
            return null;
        }

        if (args.Length > 4)
        {
            error = $"at most four arguments; got an extra '{args[4]}'.";
            return null;
        }

        string url = args.Length > 0 ? args[0] : "http://127.0.0.1:5080";
        if (!Uri.TryCreate(url.TrimEnd('/'), UriKind.Absolute, out Uri? baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            error = $"the base URL must be an absolute http:// or https:// URL; got '{url}'.";
            return null;
        }

        // The path follows the base URL's, so a query or fragment there would end up in the middle of the URL.
        if (baseUrl.Query.Length > 0 || baseUrl.Fragment.Length > 0)
        {
            error = $"the base URL must have no query (?...) or fragment (#...): put a query in the path; got '{url}'.";
            return null;
        }

        int? requests = Count(args, 1, "requests", 20_000, ref error);
        int? concurrency = Count(args, 2, "concurrency", 32, ref error);
        string path = args.Length > 3 ? args[3] : batch is null ? "/classify" : "/classify/batch";
        if (error is null && !path.StartsWith('/'))
        {
            error = $"the path must start with '/'; got '{path}'.";
        }

        // A batch endpoint sent single texts answers every request 400 ("the texts field is required").
        if (error is null && batch is null && path.TrimEnd('/').EndsWith("/batch", StringComparison.Ordinal))
        {
            error = $"'{path}' takes {{\"texts\": [...]}}: give --batch N for N texts a request.";
        }

        return error is null ? new LoadOptions(baseUrl, requests!.Value, concurrency!.Value, path, rate, batch) : null;
    }

    /// <summary>Removes <paramref name="name"/> and the value after it from <paramref name="args"/> and returns that
    /// value: "" where nothing follows, null where the option is not given. An option given twice is an error.</summary>
    private static string? Take(ref string[] args, string name, ref string? error)
    {
        int at = Array.IndexOf(args, name);
        if (at < 0)
        {
            return null;
        }

        string value = at + 1 < args.Length ? args[at + 1] : string.Empty;
        args = [.. args[..at], .. args[Math.Min(at + 2, args.Length)..]];
        if (Array.IndexOf(args, name) >= 0)
        {
            error ??= $"{name} is given twice.";
        }

        return value;
    }

    private static string Shown(string value) => value.Length == 0 ? "nothing" : $"'{value}'";

    private static int? Count(string[] args, int index, string name, int fallback, ref string? error)
    {
        if (args.Length <= index)
        {
            return fallback;
        }

        if (int.TryParse(args[index], NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0)
        {
            return value;
        }

        error ??= $"{name} must be a whole number of at least 1; got '{args[index]}'.";
        return null;
    }
}
