// The TextClassification web service: a minimal API over ITextClassifier from dependency injection, a web page,
// OpenAPI, Prometheus metrics and model hot reload. Everything is wired in ServiceApp so the tests start the same app.
using TextClassification.WebService;

await using WebApplication app = ServiceApp.Create(args);
await app.RunAsync();
