using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using TextClassification.WebService.Models;

namespace TextClassification.WebService.Endpoints;

/// <summary>
/// The concurrency limit of <c>/classify/batch</c> (<see cref="ServiceOptions.MaxConcurrentBatches"/> running,
/// <see cref="ServiceOptions.BatchQueueLimit"/> waiting), with ASP.NET Core's rate limiter: without one, 16 batches of
/// 1,000 long texts at once took the service from 120 MB to 580 MB resident and nothing bounded it. A refused batch gets
/// 503 problem details with <c>Retry-After: 1</c>, naming the settings.
/// </summary>
internal static class BatchLimit
{
    /// <summary>The policy name the batch endpoints require.</summary>
    public const string Policy = "batches";

    /// <summary>Registers the limiter: one concurrency limiter shared by every model's batch endpoint.</summary>
    public static void Add(IServiceCollection services, ServiceOptions options)
    {
        var limits = new ConcurrencyLimiterOptions
        {
            PermitLimit = options.MaxConcurrentBatches,
            QueueLimit = options.BatchQueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        };
        services.AddRateLimiter(limiter =>
        {
            // A batch for a model the service does not have passes unlimited to its 404: while the places were full it
            // got 503 "Too many batches", and a client retried a request that could never succeed (review 56c).
            limiter.AddPolicy(Policy, http => ForKnownModel(http)
                ? RateLimitPartition.GetConcurrencyLimiter(Policy, _ => limits)
                : RateLimitPartition.GetNoLimiter("unknown model"));
            limiter.OnRejected = (context, _) => RejectAsync(context.HttpContext, options);
        });
    }

    // The model a batch request names (/models/{model}/classify/batch, or ?model= on /classify/batch) is served.
    private static bool ForKnownModel(HttpContext http)
    {
        string? model = http.Request.RouteValues.TryGetValue("model", out object? routed) ? routed as string : http.Request.Query["model"].FirstOrDefault();
        return http.RequestServices.GetRequiredService<ModelCatalog>().TryGet(model, out _, out _);
    }

    private static async ValueTask RejectAsync(HttpContext http, ServiceOptions options)
    {
        http.Response.Headers.RetryAfter = "1";
        await TypedResults.Problem(
            title: "Too many batches",
            detail: $"{options.MaxConcurrentBatches} batch requests are running and {options.BatchQueueLimit} waiting ({ServiceOptions.Section}:MaxConcurrentBatches, {ServiceOptions.Section}:BatchQueueLimit). Retry in a second, or send single texts to /classify.",
            statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(http);
    }
}
