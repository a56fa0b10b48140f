using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TextClassification.WebService.Endpoints;

/// <summary>
/// Documents a JSON request body in the OpenAPI document without <c>Accepts</c> metadata: that metadata makes routing
/// answer a wrong Content-Type with 415 before the handler runs, and this service answers every bad request with a
/// 400 problem (see <see cref="JsonBody"/>).
/// </summary>
internal static class OpenApiBody
{
    public static RouteHandlerBuilder WithJsonRequestBody<T>(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            OpenApiSchema schema = await context.GetOrCreateSchemaAsync(typeof(T), parameterDescription: null, cancellationToken);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
            };
        });
}
