using TextClassification.WebService.Models;

namespace TextClassification.WebService.Endpoints;

/// <summary><c>GET /labels</c>, <c>GET /models</c>, <c>GET /models/{model}/labels</c>, <c>GET /models/{model}/report</c>
/// and <c>GET /limits</c>.</summary>
internal static class ModelEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        // Handlers that return IResult say nothing of their success type: listed here, or the OpenAPI document showed
        // these endpoints with a 404 alone (an outside check).
        app.MapGet("/labels", Labels).WithName("Labels").WithTags("models")
            .WithSummary("Labels of the default model (or of ?model=name).")
            .Produces<LabelsResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/models/{model}/labels", Labels).WithName("LabelsWithModel").WithTags("models")
            .WithSummary("Labels of one model.").Produces<LabelsResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/models", (ModelCatalog catalog) => TypedResults.Ok(catalog.Names.Select(catalog.Describe).ToArray()))
            .WithName("Models").WithTags("models").WithSummary("The served models.");
        app.MapGet("/limits", (ModelCatalog catalog) => TypedResults.Ok(new LimitsResponse(
                catalog.Options.MaxBatchSize, catalog.Options.MaxTextLength, catalog.Options.MaxRequestBodyBytes,
                catalog.Options.MaxConcurrentBatches, catalog.Options.BatchQueueLimit)))
            .WithName("Limits").WithTags("models")
            .WithSummary("The request limits: texts per batch, characters per text (UTF-16 code units), bytes per body, batch requests at once and waiting.");
        app.MapGet("/models/{model}/report", Report).WithName("Report").WithTags("models")
            .WithSummary("The model's evaluation report: metrics, confusion matrix, per-label metrics and ROC curves.")
            .Produces<ModelReport>().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static IResult Labels(ModelCatalog catalog, string? model) =>
        catalog.TryGet(model, out string? name, out ITextClassifier? classifier)
            ? TypedResults.Ok(new LabelsResponse(name, classifier.Labels))
            : ClassifyEndpoints.UnknownModel(model, catalog);

    private static IResult Report(ModelCatalog catalog, string model) =>
        catalog.TryGet(model, out string? name, out _)
            ? TypedResults.Ok(catalog.Report(name))
            : ClassifyEndpoints.UnknownModel(model, catalog);
}
