using System.Net;
using System.Text.Json;
using TextClassification.WebService.Tests.Support;
using static TextClassification.WebService.Tests.Support.HeldBatch;

namespace TextClassification.WebService.Tests;

/// <summary>
/// <c>/classify/batch</c> runs at most <c>MaxConcurrentBatches</c> requests at a time and queues at most
/// <c>BatchQueueLimit</c> more; past that a request gets 503 with <c>Retry-After</c>. Without a limit, 16 batches of
/// 1,000 long texts at once took the service from 120 MB to 580 MB resident (docs/benchmarks.md), and nothing bounded it.
/// A batch takes its place before its body is read, so a client still sending one holds it.
/// </summary>
public sealed class BatchConcurrencyTests
{
    [Fact]
    public async Task A_batch_past_the_running_and_queued_limits_gets_503_with_retry_after_and_single_texts_are_not_limited()
    {
        await using ServiceHost host = await StartOneBatchAsync(queueLimit: 1);
        using HttpClient client = ContinueClient(host);

        // One batch running: its body is asked for (100 Continue) only once the service has let it in.
        using var held = new HeldBody();
        Task<HttpResponseMessage> running = await RunHeldAsync(client, "classify/batch", held);

        // Two more: one waits in the queue, the other finds it full (which is which depends on which arrives first).
        Task<HttpResponseMessage> one = client.SendAsync(Post("classify/batch", Json("""{"texts":["a refund please"]}""")));
        Task<HttpResponseMessage> other = client.SendAsync(Post("classify/batch", Json("""{"texts":["where is my card"]}""")));
        Task<HttpResponseMessage> answeredFirst = await Task.WhenAny(one, other).WaitAsync(TimeSpan.FromSeconds(30));
        using HttpResponseMessage refused = await answeredFirst;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        using (JsonDocument problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()))
        {
            Assert.Contains("MaxConcurrentBatches", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Task<HttpResponseMessage> waiting = answeredFirst == one ? other : one;
        Assert.False(waiting.IsCompleted, "the queued batch was answered while the running one held the only place");

        // A single text is answered while the batches wait.
        using HttpResponseMessage single = await client.SendAsync(Post("classify", Json("""{"text":"a refund please"}""")));
        Assert.Equal(HttpStatusCode.OK, single.StatusCode);

        // The running batch ends, the queued one runs, and both are answered.
        held.Release();
        using HttpResponseMessage runningAnswer = await running;
        using HttpResponseMessage queuedAnswer = await waiting;
        Assert.Equal(HttpStatusCode.OK, runningAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, queuedAnswer.StatusCode);
    }

    [Fact]
    public async Task Without_a_queue_a_batch_past_the_limit_is_refused_at_once()
    {
        await using ServiceHost host = await StartOneBatchAsync(queueLimit: 0);
        using HttpClient client = ContinueClient(host);
        using var held = new HeldBody();
        Task<HttpResponseMessage> running = await RunHeldAsync(client, "models/default/classify/batch", held);

        // The limit is the service's, whichever model the batch is for.
        using HttpResponseMessage refused = await client.SendAsync(Post("classify/batch", Json("""{"texts":["a refund please"]}""")));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);

        held.Release();
        using HttpResponseMessage answer = await running;
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        using HttpResponseMessage after = await client.SendAsync(Post("classify/batch", Json("""{"texts":["a refund please"]}""")));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task A_batch_for_a_model_not_served_gets_404_while_the_places_are_full()
    {
        // It got 503 "Too many batches" with Retry-After, and a client retried a request that could never succeed.
        await using ServiceHost host = await StartOneBatchAsync(queueLimit: 0);
        using HttpClient client = ContinueClient(host);
        using var held = new HeldBody();
        Task<HttpResponseMessage> running = await RunHeldAsync(client, "classify/batch", held);

        using HttpResponseMessage routed = await client.SendAsync(Post("models/nope/classify/batch", Json("""{"texts":["a refund please"]}""")));
        using HttpResponseMessage queried = await client.SendAsync(Post("classify/batch?model=nope", Json("""{"texts":["a refund please"]}""")));
        using HttpResponseMessage known = await client.SendAsync(Post("models/default/classify/batch", Json("""{"texts":["a refund please"]}""")));

        Assert.Equal(HttpStatusCode.NotFound, routed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, queried.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, known.StatusCode);
        held.Release();
        using HttpResponseMessage answer = await running;
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [Theory]
    [InlineData("MaxConcurrentBatches", "0")]
    [InlineData("BatchQueueLimit", "-1")]
    public async Task A_limit_out_of_range_stops_the_start_naming_the_setting(string setting, string value)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ServiceHost.StartAsync($"TextClassification:{setting}={value}"));
        Assert.Contains($"TextClassification:{setting} is {value}", error.Message, StringComparison.Ordinal);
    }

    private static Task<ServiceHost> StartOneBatchAsync(int queueLimit) => ServiceHost.StartAsync(
        "TextClassification:MaxConcurrentBatches=1",
        $"TextClassification:BatchQueueLimit={queueLimit}");
}
