using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace TextClassification.WebService.Tests.Support;

/// <summary>Batches that hold the service's batch places (MaxConcurrentBatches) as long as a test wants: a request
/// whose body is sent only after the service's 100 Continue, which Kestrel sends when the endpoint first reads the
/// body, so a body asked for is a request the limiter has let in.</summary>
internal static class HeldBatch
{
    /// <summary>Sends a batch whose body is held and returns once the service has let it in (asked for its body).</summary>
    public static async Task<Task<HttpResponseMessage>> RunHeldAsync(HttpClient client, string path, HeldBody held)
    {
        Task<HttpResponseMessage> running = client.SendAsync(Post(path, held));
        await held.Asked.WaitAsync(TimeSpan.FromSeconds(30));
        return running;
    }

    public static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>A client that sends a body only after the service's 100 Continue.</summary>
    public static HttpClient ContinueClient(ServiceHost host) =>
        new(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(2) }) { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };

    public static HttpRequestMessage Post(string path, HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.ExpectContinue = true;
        return request;
    }
}

/// <summary>A JSON batch body that is finished only when released.</summary>
internal sealed class HeldBody : HttpContent
{
    private readonly TaskCompletionSource _asked = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public HeldBody() => Headers.ContentType = new MediaTypeHeaderValue("application/json");

    /// <summary>Completes when the client starts sending the body (after the service's 100 Continue).</summary>
    public Task Asked => _asked.Task;

    public void Release() => _released.TrySetResult();

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        _asked.TrySetResult();
        await stream.WriteAsync("{\"texts\":["u8.ToArray());
        await stream.FlushAsync();
        await _released.Task;
        await stream.WriteAsync("\"a refund please\"]}"u8.ToArray());
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
