using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using TextClassification.SourceGen.Emit;
using TextClassification.SourceGen.Model;

namespace TextClassification.SourceGen;

/// <summary>
/// For every <c>TextClassifierModel</c> item (an AdditionalFiles entry marked by the package's build files), emits a
/// label enum, its conversions, a typed classifier and an <c>Add{ClassName}Classifier</c> DI helper.
/// </summary>
/// <remarks>
/// The pipeline reads only additional files and their MSBuild metadata, never syntax or symbols, so editing code
/// does not rerun it; every step's output is an equatable record (see docs/design.md, "Source generator").
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed class TypedLabelGenerator : IIncrementalGenerator
{
    /// <summary>Tracking name of the step that reads each item's MSBuild metadata.</summary>
    public const string ItemsStep = "TextClassifierModelItems";

    /// <summary>Tracking name of the step that parses each model's metadata file.</summary>
    public const string ModelsStep = "TextClassifierModels";

    /// <summary>Tracking name of the step that gathers all models (to find clashing class names).</summary>
    public const string AllModelsStep = "TextClassifierAllModels";

    private const string MetadataPrefix = "build_metadata.AdditionalFiles.";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValueProvider<string> rootNamespace = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => RootNamespace(options.GlobalOptions));

        IncrementalValuesProvider<(ModelItem Item, AdditionalText File)> items = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Combine(rootNamespace)
            .Select(static (input, _) => (Item: ReadItem(input.Left.Left, input.Left.Right, input.Right), File: input.Left.Left))
            .Where(static pair => pair.Item is not null)
            .Select(static (pair, _) => (pair.Item!, pair.File))
            .WithTrackingName(ItemsStep);

        IncrementalValuesProvider<ModelToGenerate> models = items
            .Select(static (pair, cancellationToken) => Parse(pair.Item, pair.File, cancellationToken))
            .WithTrackingName(ModelsStep);

        IncrementalValueProvider<EquatableArray<ModelToGenerate>> all = models
            .Collect()
            .Select(static (array, _) => new EquatableArray<ModelToGenerate>(array))
            .WithTrackingName(AllModelsStep);

        // The generated code uses C# 9 (target-typed new, static lambdas): under an older LangVersion it failed to
        // compile inside the generated file, which names no cause. A project pinned below 9 gets TCG009 instead.
        IncrementalValueProvider<string?> oldLanguage = context.ParseOptionsProvider
            .Select(static (options, _) => options is CSharpParseOptions { LanguageVersion: < LanguageVersion.CSharp9 } csharp ? csharp.LanguageVersion.ToDisplayString() : null);

        context.RegisterSourceOutput(all.Combine(oldLanguage), static (spc, input) => Execute(spc, input.Left, input.Right));
    }

    private static void Execute(SourceProductionContext context, EquatableArray<ModelToGenerate> models, string? oldLanguage)
    {
        if (oldLanguage is not null)
        {
            foreach (ModelToGenerate model in models)
            {
                context.ReportDiagnostic(DiagnosticInfo.Create(DiagnosticDescriptors.LanguageVersionTooOld, model.MetadataPath, default, model.MetadataPath, oldLanguage).ToDiagnostic());
            }

            return;
        }

        var emitted = new Dictionary<string, ModelToGenerate>(System.StringComparer.Ordinal);
        // Roslyn compares hint names ignoring case, while C# names are case-sensitive: Sentiment and sentiment are two
        // classes, whose files must still have distinct names.
        var hintNames = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase);
        foreach (ModelToGenerate model in models)
        {
            bool failed = false;
            foreach (DiagnosticInfo info in model.Diagnostics)
            {
                context.ReportDiagnostic(info.ToDiagnostic());
                failed |= info.Descriptor.DefaultSeverity == DiagnosticSeverity.Error;
            }

            if (failed)
            {
                continue;
            }

            string fullName = model.Namespace.Length > 0 ? model.Namespace + "." + model.ClassName : model.ClassName;
            if (emitted.TryGetValue(fullName, out ModelToGenerate? first))
            {
                var info = DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateClassName, model.MetadataPath, default, first.MetadataPath, model.MetadataPath, fullName + "Classifier");
                context.ReportDiagnostic(info.ToDiagnostic());
                continue;
            }

            emitted.Add(fullName, model);
            string hintName = fullName;
            for (int suffix = 2; !hintNames.Add(hintName); suffix++)
            {
                hintName = fullName + "_" + suffix.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            context.AddSource(hintName + ".TextClassifier.g.cs", SourceText.From(LabelSourceEmitter.Emit(model), System.Text.Encoding.UTF8));
        }
    }

    // The project's RootNamespace as the build's targets pass it with '#' and ';' made '_' (the analyzer config file
    // ends a value at either: C#Tools came as C), else as the compiler has it (a build without those targets).
    private static string RootNamespace(AnalyzerConfigOptions options) =>
        options.TryGetValue("build_property._TextClassifierRootNamespace", out string? passed) && !string.IsNullOrWhiteSpace(passed) ? passed.Trim()
        : options.TryGetValue("build_property.RootNamespace", out string? value) ? value.Trim()
        : string.Empty;

    /// <summary>The item's metadata, or null when the additional file is not a <c>TextClassifierModel</c>.</summary>
    private static ModelItem? ReadItem(AdditionalText file, AnalyzerConfigOptionsProvider provider, string rootNamespace)
    {
        AnalyzerConfigOptions options = provider.GetOptions(file);
        if (!options.TryGetValue(MetadataPrefix + "TextClassifierModel", out string? marker) ||
            !string.Equals(marker.Trim(), "true", System.StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string ns = Get(options, "TextClassifierNamespace");
        return new ModelItem(
            file.Path,
            Get(options, "TextClassifierClassName"),
            ns.Length > 0 ? ns : IdentifierSanitizer.IsValidNamespace(rootNamespace) ? rootNamespace : IdentifierSanitizer.ToNamespace(rootNamespace),
            Get(options, "TextClassifierModelPath").Replace('\\', '/'));
    }

    private static string Get(AnalyzerConfigOptions options, string name) =>
        options.TryGetValue(MetadataPrefix + name, out string? value) ? value.Trim() : string.Empty;

    // The file's text and, where its bytes are not what the runtime reads (UTF-8 without a BOM), why.
    private static ModelToGenerate Parse(ModelItem item, AdditionalText file, CancellationToken cancellationToken)
    {
        SourceText? source = file.GetText(cancellationToken);
        string? text = source?.ToString();
        return ModelMetadataParser.Parse(item, text, source is null ? null : MetadataEncoding.Problem(source, text!));
    }
}
