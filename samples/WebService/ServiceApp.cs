using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using TextClassification.DependencyInjection;
using TextClassification.Diagnostics;
using TextClassification.WebService.Endpoints;
using TextClassification.WebService.Models;

namespace TextClassification.WebService;

/// <summary>Builds the service: configuration → models → endpoints. <c>Program.cs</c> runs it; the tests start it on
/// 127.0.0.1 with a random port.</summary>
public static class ServiceApp
{
    /// <summary>Builds the app from command-line <paramref name="args"/> (which override <c>appsettings.json</c>);
    /// <paramref name="configure"/> lets a test add configuration or a logger provider before anything is read.</summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The content root (appsettings.json, wwwroot, data) is the output folder, so the app finds its files whatever
        // the working directory: `dotnet run --project samples/WebService` from the repository root, or a test host.
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        configure?.Invoke(builder);

        ServiceOptions options = ServiceConfiguration.Read(builder.Configuration);
        options.RequireLimitsInRange();
        if (options.Models.Count == 0)
        {
            options.Models["default"] = new ModelSettings();
        }

        EmbeddedModel? embedded = RegisterModels(builder.Services, options);

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);
        builder.Services.AddProblemDetails();
        // A field given twice is refused (JsonBodyError names it): kept last, as by default, the service classified
        // another text than a proxy, a firewall or an audit log that reads the first.
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.AllowDuplicateProperties = false);
        BatchLimit.Add(builder.Services, options);
        builder.Services.AddOpenApi();
        builder.Services.AddHealthChecks().AddCheck<ModelHealthCheck>("models");
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("TextClassification.WebService"))
            .WithMetrics(metrics => metrics
                .AddMeter(TextClassificationTelemetry.Name)
                .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.RateLimiting")
                .AddPrometheusExporter());

        WebApplication app = builder.Build();
        LoadEveryModel(app);
        if (embedded is not null)
        {
            ServiceLog.EmbeddedModelTrained(app.Logger, embedded.TrainExamples, embedded.TrainSeconds, embedded.Metrics.Accuracy, embedded.Metrics.MacroF1, embedded.BundlePath);
        }

        // The access log first and written when the request is finished, so it logs the status the request metrics
        // count (see AccessLog): HTTP logging, inside the exception handler, logged a client gone mid-batch 200.
        app.UseAccessLog();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseRateLimiter();

        app.MapOpenApi();
        app.MapPrometheusScrapingEndpoint();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = ModelHealthCheck.WriteAsync });
        ClassifyEndpoints.Map(app);
        ModelEndpoints.Map(app);
        return app;
    }

    /// <summary>What to print for an exception that stopped the start, or null for one that is a bug (left to the
    /// runtime, with its stack trace).
    /// An appsettings.json that does not parse (InvalidDataException, whose reason and line are in the inner
    /// exceptions) and an invalid <c>--urls</c> (FormatException) had ended in an unhandled-exception stack trace and
    /// exit code 134 (SIGABRT, a core dump in a container).</summary>
    public static string? StartFailure(Exception exception)
    {
        if (exception is not (InvalidOperationException or Bundles.BundleFormatException or IOException or InvalidDataException
            or FormatException or Microsoft.Extensions.Options.OptionsValidationException))
        {
            return null;
        }

        // The configuration's own message names the file alone ("Failed to load configuration from file '…'."): the
        // parser's reason and line are in its inner exceptions.
        string message = exception.Message;
        for (Exception? inner = exception is InvalidDataException ? exception.InnerException : null; inner is not null; inner = inner.InnerException)
        {
            message += " " + inner.Message;
        }

        return message;
    }

    /// <summary>Registers every configured model as a keyed <see cref="ITextClassifier"/> through
    /// <see cref="TextClassifierServiceCollectionExtensions.AddKeyedTextClassifier"/>; models without a path get the
    /// embedded quick-start model, trained once.</summary>
    private static EmbeddedModel? RegisterModels(IServiceCollection services, ServiceOptions options)
    {
        if (!options.Models.ContainsKey(options.DefaultModel))
        {
            throw new InvalidOperationException(
                $"{ServiceOptions.Section}:DefaultModel is '{options.DefaultModel}' but {ServiceOptions.Section}:Models has only: {string.Join(", ", options.Models.Keys)}.");
        }

        EmbeddedModel? embedded = null;
        var sources = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach ((string name, ModelSettings model) in options.Models)
        {
            string path;
            if (string.IsNullOrWhiteSpace(model.ModelPath))
            {
                string target = string.IsNullOrWhiteSpace(options.EmbeddedModelPath)
                    ? Path.Combine(AppContext.BaseDirectory, "models", "default")
                    : options.EmbeddedModelPath;
                embedded ??= EmbeddedModel.Train(target);
                path = embedded.BundlePath;
            }
            else
            {
                path = model.ModelPath;
            }

            // Registration gets the path as written: given the resolved full path, its error for a relative path that is
            // not there named the working directory's path alone, as a rooted path "read as given", and lost its
            // app-folder and '~' hints (review 49g).
            services.AddKeyedTextClassifier(name, o =>
            {
                o.ModelPath = path;
                o.ReloadOnChange = model.ReloadOnChange;
            });
            sources[name] = AsRegistered(path);
        }

        services.AddSingleton(sp => new ModelCatalog(sp, options, sources, embedded));
        return embedded;
    }

    /// <summary>Loads every served model now. A keyed registration loads its model at the first resolution, which is
    /// the first request: registration checks a bundle's manifest and its files' sizes, not their hashes, so a bundle
    /// with corrupt weights started a service that answered every request for it with a 500 and /healthz with 503.
    /// Now the start stops with the loader's message (Program: one line, exit 1).</summary>
    private static void LoadEveryModel(WebApplication app)
    {
        try
        {
            ModelCatalog catalog = app.Services.GetRequiredService<ModelCatalog>();
            foreach (string name in catalog.Names)
            {
                catalog.TryGet(name, out _, out _);
            }
        }
        catch
        {
            ((IDisposable)app).Dispose();
            throw;
        }
    }

    /// <summary>The full path a model is loaded from: a relative <paramref name="path"/> as the registration reads it,
    /// from the working directory, else from the app's folder. The catalog checks the model's files there: kept
    /// relative, a model beside the app in a service started elsewhere (<c>dotnet run --project</c>) was reported
    /// Degraded by /healthz ("the model's files are gone") while they were where it had loaded them.</summary>
    private static string AsRegistered(string path)
    {
        string fromWorkingDirectory = Path.GetFullPath(path);
        string besideApp = Path.GetFullPath(path, AppContext.BaseDirectory);
        return Path.Exists(fromWorkingDirectory) || !Path.Exists(besideApp) ? fromWorkingDirectory : besideApp;
    }
}
