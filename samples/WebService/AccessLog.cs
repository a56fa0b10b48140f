using System.Diagnostics;

namespace TextClassification.WebService;

/// <summary>
/// One access-log line per request (<c>POST /classify 200 3.1 ms</c>, category
/// <c>TextClassification.WebService.AccessLog</c>), written when Kestrel has finished the request: its status is then
/// the one the request metrics (<c>http.server.request.duration</c>) count. ASP.NET Core's HTTP logging, used before,
/// logs the status the application set; Kestrel turns a request whose client went away before the answer was sent into
/// a 499 after that, so a client gone mid-batch was logged 200 (or 400) and counted 499 (an outside audit).
/// </summary>
internal static partial class AccessLog
{
    /// <summary>The category of the access-log lines.</summary>
    public const string Category = "TextClassification.WebService.AccessLog";

    /// <summary>Adds the access log; first in the pipeline, so every request is logged.</summary>
    public static IApplicationBuilder UseAccessLog(this IApplicationBuilder app)
    {
        ILogger logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        return app.Use((context, next) =>
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                // Read now: later middleware may rewrite the path (the default files turn / into /index.html).
                (string method, string path, long started) = (context.Request.Method, context.Request.Path.ToString(), Stopwatch.GetTimestamp());
                context.Response.OnCompleted(() =>
                {
                    double milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    Answered(logger, method, path, context.Response.StatusCode, milliseconds);
                    return Task.CompletedTask;
                });
            }

            return next(context);
        });
    }

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "{Method} {Path} {StatusCode} {DurationMs:F1} ms")]
    private static partial void Answered(ILogger logger, string method, string path, int statusCode, double durationMs);
}
