// The TextClassification web service: a minimal API over ITextClassifier from dependency injection, a web page,
// OpenAPI, Prometheus metrics and model hot reload. Everything is wired in ServiceApp so the tests start the same app.
using TextClassification.WebService;

try
{
    await using WebApplication app = ServiceApp.Create(args);
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ServiceApp.StartFailure(ex) is { } message)
{
    // Start-up failures (a port in use, a model path that is not a bundle, a default model not configured, an
    // appsettings.json that does not parse) say what is wrong in one line; their stack trace, printed twice by the host
    // and the runtime, helps nobody run the sample.
    Console.Error.WriteLine($"error: {message}");
    return 1;
}
