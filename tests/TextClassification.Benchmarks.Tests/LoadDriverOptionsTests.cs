using System.Diagnostics;
using TextClassification.LoadDriver;

namespace TextClassification.Benchmarks.Tests;

/// <summary>The load driver's command line: a bad value is one line naming it and exit code 2, not a stack trace.</summary>
public class LoadDriverOptionsTests
{
    [Theory]
    [InlineData("abc", "requests")]
    [InlineData("0", "requests")]
    [InlineData("-5", "requests")]
    [InlineData("100 0", "concurrency")]
    [InlineData("100 x", "concurrency")]
    [InlineData("100 -1", "concurrency")]
    [InlineData("100 4 classify", "path")]
    [InlineData("100 4 /classify extra", "extra")]
    [InlineData("100 4 --rate 0", "--rate")]
    [InlineData("100 4 --rate -3", "--rate")]
    [InlineData("100 4 --rate fast", "--rate")]
    [InlineData("100 4 --rate", "--rate")]
    [InlineData("100 4 --batch 0", "--batch")]
    [InlineData("100 4 --batch some", "--batch")]
    [InlineData("100 4 --batch 1000001", "--batch")]
    [InlineData("100 4 --batch 2147483647", "--batch")]
    [InlineData("100 4 --batch", "--batch")]
    [InlineData("100 4 /classify/batch", "--batch")]
    [InlineData("100 4 /models/x/classify/batch", "--batch")]
    [InlineData("100 4 --batch 5 --batch 6", "--batch is given twice")]
    [InlineData("100 4 --rate 5 --rate 6", "--rate is given twice")]
    [InlineData("100 --concurrency 4", "unknown option '--concurrency'")]
    [InlineData("100 4 /classify --duration 10", "unknown option '--duration'")]
    public void Parse_BadValue_NamesIt(string rest, string named)
    {
        string[] args = ["http://127.0.0.1:5080", .. rest.Split(' ')];

        LoadOptions? options = LoadOptions.Parse(args, out string? error);

        Assert.Null(options);
        Assert.Contains(named, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost:5080")]
    [InlineData("ftp://127.0.0.1/")]
    [InlineData("not a url")]
    [InlineData("http://127.0.0.1:5080/?model=x")]
    [InlineData("http://127.0.0.1:5080/#top")]
    public void Parse_BadUrl_NamesIt(string url)
    {
        Assert.Null(LoadOptions.Parse([url], out string? error));
        Assert.Contains("URL", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Defaults()
    {
        LoadOptions options = LoadOptions.Parse([], out string? error)!;

        Assert.Null(error);
        Assert.Equal((new Uri("http://127.0.0.1:5080"), 20_000, 32, "/classify"), (options.BaseUrl, options.Requests, options.Concurrency, options.Path));
    }

    [Fact]
    public void Parse_AllFour()
    {
        LoadOptions options = LoadOptions.Parse(["http://localhost:5081/", "500", "8", "/models/x/classify"], out _)!;

        Assert.Equal((new Uri("http://localhost:5081"), 500, 8, "/models/x/classify"), (options.BaseUrl, options.Requests, options.Concurrency, options.Path));
    }

    [Fact]
    public void Parse_Rate_AnywhereAmongThePositionals()
    {
        LoadOptions options = LoadOptions.Parse(["http://127.0.0.1:5080", "--rate", "2500.5", "500", "8"], out _)!;

        Assert.Equal((500, 8, "/classify", (double?)2500.5), (options.Requests, options.Concurrency, options.Path, options.Rate));
        Assert.Null(LoadOptions.Parse([], out _)!.Rate);
    }

    [Fact]
    public void Parse_Batch_DefaultsThePathToTheBatchEndpoint()
    {
        LoadOptions options = LoadOptions.Parse(["http://127.0.0.1:5080", "500", "8", "--batch", "50"], out _)!;
        LoadOptions named = LoadOptions.Parse(["http://127.0.0.1:5080", "500", "8", "/models/x/classify/batch", "--batch", "50"], out _)!;

        Assert.Equal((500, 8, "/classify/batch", (int?)50), (options.Requests, options.Concurrency, options.Path, options.Batch));
        Assert.Equal("/models/x/classify/batch", named.Path);
        Assert.Null(LoadOptions.Parse([], out _)!.Batch);
    }

    /// <summary><c>--batch N</c> drives <c>/classify/batch</c> with N texts a request, as the batch limiter
    /// (MaxConcurrentBatches, BatchQueueLimit) needs to be tried. The driver sent every request as one
    /// <c>{"text": ...}</c>, so a run against /classify/batch was every request a 400 ("the texts field is required").</summary>
    [Fact]
    public async Task Main_Batch_SendsThatManyTextsARequest()
    {
        var sizes = new System.Collections.Concurrent.ConcurrentQueue<int>();
        await using LoadDriverStub stub = await LoadDriverStub.StartAsync(
            () => Task.CompletedTask,
            "/classify/batch",
            body => sizes.Enqueue(body.TryGetProperty("texts", out var texts) ? texts.GetArrayLength() : -1));

        (int exit, string output, string error) = RunDriver(stub.Url, "10", "2", "/classify/batch", "--batch", "7");

        Assert.True(exit == 0, output + error);
        Assert.Equal(Enumerable.Repeat(7, 11), sizes); // 1 warm-up request, then the 10 measured
        Assert.Contains($"10 requests of 7 texts to {stub.Url}/classify/batch,", output, StringComparison.Ordinal);
    }

    /// <summary>A base URL with a path, as for a service behind a load balancer that routes /textclf/ to it: the
    /// requests go under that path. The driver had sent them to the host's /classify, dropping the path, so against a
    /// balancer every request failed with its 404 (and the report named the wrong URL as if it were the one given).</summary>
    [Fact]
    public async Task Main_BaseUrlWithAPath_SendsTheRequestsUnderIt()
    {
        int served = 0;
        await using LoadDriverStub stub = await LoadDriverStub.StartAsync(
            () =>
            {
                Interlocked.Increment(ref served);
                return Task.CompletedTask;
            },
            "/textclf/classify");

        (int exit, string output, string error) = RunDriver(stub.Url + "/textclf/", "20", "2");

        Assert.True(exit == 0, output + error);
        Assert.Equal(22, Volatile.Read(ref served)); // 2 warm-up requests, then the 20 measured
        Assert.Contains($"20 requests to {stub.Url}/textclf/classify,", output, StringComparison.Ordinal);
    }

    /// <summary>The process: exit code 2 and an "error:" line with the usage, no unhandled-exception trace (it was exit
    /// 134, a core dump, for `... abc`).</summary>
    [Fact]
    public void Main_BadRequestCount_ExitsTwoWithOneLine()
    {
        (int exit, string output, string error) = RunDriver("http://127.0.0.1:9", "abc");

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Contains("usage:", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", error, StringComparison.Ordinal);
    }

    private static (int Exit, string Output, string Error) RunDriver(params string[] args)
    {
        using Process driver = LoadDriverStub.StartDriver(args);
        Task<string> output = driver.StandardOutput.ReadToEndAsync();
        Task<string> error = driver.StandardError.ReadToEndAsync();
        if (!driver.WaitForExit(60_000))
        {
            driver.Kill(entireProcessTree: true);
            Assert.Fail("the load driver did not exit in 60 s");
        }

        return (driver.ExitCode, output.Result, error.Result);
    }
}
