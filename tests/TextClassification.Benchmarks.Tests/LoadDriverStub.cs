using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TextClassification.Benchmarks.Tests;

/// <summary>What the load driver's tests drive: a Kestrel server on a free loopback port whose <c>POST /classify</c>
/// (or another <c>route</c>) awaits a given step and answers a small JSON prediction; and the driver itself as a child
/// process.</summary>
internal sealed class LoadDriverStub : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoadDriverStub(WebApplication app, string url) => (_app, Url) = (app, url);

    public string Url { get; }

    /// <summary>Starts the stub; <paramref name="body"/>, when given, is shown each request's JSON body first;
    /// <paramref name="status"/>, when given, picks each answer's status code (200 otherwise).</summary>
    public static async Task<LoadDriverStub> StartAsync(Func<Task> beforeAnswer, string route = "/classify", Action<JsonElement>? body = null, Func<int>? status = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        WebApplication app = builder.Build();
        app.MapPost(route, async (HttpRequest request) =>
        {
            body?.Invoke(await JsonSerializer.DeserializeAsync<JsonElement>(request.Body));
            await beforeAnswer();
            return Results.Text("{\"label\":\"order_status\"}", "application/json", statusCode: status?.Invoke() ?? StatusCodes.Status200OK);
        });
        await app.StartAsync();
        return new LoadDriverStub(app, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    /// <summary>Starts the load driver's dll (copied beside the tests) with <paramref name="args"/>, its output
    /// redirected.</summary>
    public static Process StartDriver(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "TextClassification.LoadDriver.dll"));
        foreach (string argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
