using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Microsoft.Extensions.DependencyInjection;
using TextClassification.SourceGen;

namespace TextClassification.Tests.SourceGen;

/// <summary>An additional file as the compiler sees it; <see cref="GetText"/> is null for a file that does not exist.</summary>
internal sealed class TestAdditionalText(string path, string? text) : AdditionalText
{
    public override string Path { get; } = path;

    public override SourceText? GetText(CancellationToken cancellationToken = default) =>
        text is null ? null : SourceText.From(text);
}

/// <summary>The MSBuild item metadata of one TextClassifierModel item (what build/TextClassification.targets sets).</summary>
internal sealed record ModelItemOptions(string? ClassName = "Intent", string? Namespace = "MyApp.Ml", string? ModelPath = "Models/intent", bool Marked = true);

/// <summary>Runs <see cref="TypedLabelGenerator"/> the way the compiler does, with step tracking on.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        string tpa = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        var references = tpa.Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList();
        references.Add(MetadataReference.CreateFromFile(typeof(ITextClassifier).Assembly.Location));
        references.Add(MetadataReference.CreateFromFile(typeof(IServiceCollection).Assembly.Location));
        return [.. references];
    });

    public static CSharpCompilation Compilation(string source = "namespace App; public static class Program { public static void Main() { } }", LanguageVersion language = LanguageVersion.Latest) =>
        CSharpCompilation.Create(
            "App",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(language), path: "Program.cs")],
            References.Value,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver Driver(IEnumerable<(AdditionalText File, ModelItemOptions? Options)> files, string rootNamespace = "App", LanguageVersion language = LanguageVersion.Latest)
    {
        var list = files.ToList();
        var provider = new TestOptionsProvider(
            list.Where(f => f.Options is not null).ToDictionary(f => f.File.Path, f => f.Options!),
            rootNamespace);
        return CSharpGeneratorDriver.Create(
            [new TypedLabelGenerator().AsSourceGenerator()],
            list.Select(f => f.File),
            new CSharpParseOptions(language),
            provider,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
    }

    /// <summary>Runs the generator over one metadata file and returns the result plus the compiled output's errors.</summary>
    public static GeneratorOutcome Run(string path, string? json, ModelItemOptions? options = null) =>
        Run([(new TestAdditionalText(path, json), options ?? new ModelItemOptions())]);

    public static GeneratorOutcome Run(IEnumerable<(AdditionalText File, ModelItemOptions? Options)> files, string rootNamespace = "App", LanguageVersion language = LanguageVersion.Latest)
    {
        // A program C# 7.3 reads too (no file-scoped namespace), so the language version alone decides.
        CSharpCompilation compilation = language == LanguageVersion.Latest
            ? Compilation()
            : Compilation("namespace App { public static class Program { public static void Main() { } } }", language);
        GeneratorDriver driver = Driver(files, rootNamespace, language).RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        Diagnostic[] compileErrors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        return new GeneratorOutcome(driver.GetRunResult(), diagnostics, compileErrors, output);
    }

    private sealed class TestOptionsProvider(Dictionary<string, ModelItemOptions> items, string rootNamespace) : AnalyzerConfigOptionsProvider
    {
        private static readonly TestOptions Empty = new(new Dictionary<string, string>());

        public override AnalyzerConfigOptions GlobalOptions { get; } =
            new TestOptions(new Dictionary<string, string> { ["build_property.RootNamespace"] = rootNamespace });

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile)
        {
            if (!items.TryGetValue(textFile.Path, out ModelItemOptions? item))
            {
                return Empty;
            }

            const string Prefix = "build_metadata.AdditionalFiles.";
            var values = new Dictionary<string, string>
            {
                [Prefix + "TextClassifierModel"] = item.Marked ? "true" : string.Empty,
            };
            if (item.ClassName is not null)
            {
                values[Prefix + "TextClassifierClassName"] = item.ClassName;
            }

            if (item.Namespace is not null)
            {
                values[Prefix + "TextClassifierNamespace"] = item.Namespace;
            }

            if (item.ModelPath is not null)
            {
                values[Prefix + "TextClassifierModelPath"] = item.ModelPath;
            }

            return new TestOptions(values);
        }
    }

    private sealed class TestOptions(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) =>
            values.TryGetValue(key, out value);
    }
}

/// <summary>What one generator run produced.</summary>
internal sealed record GeneratorOutcome(GeneratorDriverRunResult Result, ImmutableArray<Diagnostic> Diagnostics, Diagnostic[] CompileErrors, Compilation Output)
{
    public string GeneratedSource => Result.GeneratedTrees.Single().ToString();

    public Diagnostic Single(string id) => Assert.Single(Diagnostics, d => d.Id == id);
}
