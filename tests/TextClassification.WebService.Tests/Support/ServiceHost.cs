using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TextClassification.WebService.Tests.Support;

/// <summary>The real service on Kestrel at 127.0.0.1 with a port the OS picks, with its log lines kept.</summary>
public sealed class ServiceHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _temp;

    private ServiceHost(WebApplication app, string temp, LogSink logs)
    {
        _app = app;
        _temp = temp;
        Logs = logs;
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public LogSink Logs { get; }

    /// <summary>Starts the service; <paramref name="settings"/> are <c>key=value</c> configuration overrides.</summary>
    public static async Task<ServiceHost> StartAsync(params string[] settings)
    {
        string temp = Path.Combine(Path.GetTempPath(), $"tc-web-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        var logs = new LogSink();
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            $"--TextClassification:EmbeddedModelPath={Path.Combine(temp, "embedded")}",
            "--Logging:Console:FormatterName=simple",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:TextClassification=Information",
            .. settings.Select(s => "--" + s),
        ];
        WebApplication app = ServiceApp.Create(args, builder => builder.Logging.ClearProviders().AddProvider(logs));
        await app.StartAsync();
        return new ServiceHost(app, temp, logs);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_temp, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}

/// <summary>Keeps every log entry of the service.</summary>
public sealed class LogSink : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, string Message)> _entries = new();

    public IReadOnlyList<(string Category, LogLevel Level, string Message)> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<(string, LogLevel, string)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue((category, logLevel, formatter(state, exception) + (exception is null ? string.Empty : " | " + exception.Message)));
    }
}
