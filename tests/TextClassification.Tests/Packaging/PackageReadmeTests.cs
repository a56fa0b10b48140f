using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.Extensions.DependencyInjection;
using TextClassification.SourceGen;
using TextClassification.Tests.SourceGen;

namespace TextClassification.Tests.Packaging;

/// <summary>The C# snippets of the packages' readme (docs/nuget/README.md, what nuget.org shows) compile in a console
/// app that has the packages' assemblies and those of the packages the snippet names in a "(package …)" comment, with
/// the SDK's implicit usings and the typed-labels generator's output for the models the readme's project file names.</summary>
public sealed partial class PackageReadmeTests
{
    // What the packages bring: TextClassification and its dependencies, and TextClassification.Training.
    private static readonly Type[] PackageAssemblies =
    [
        typeof(ITextClassifier), typeof(IServiceCollection), typeof(Microsoft.Extensions.Logging.ILogger),
        typeof(System.Numerics.Tensors.TensorPrimitives), typeof(Microsoft.ML.OnnxRuntime.InferenceSession),
        typeof(TextClassification.Training.Data.DatasetReader),
    ];

    // The packages a snippet may name in a comment, by an assembly of each.
    private static readonly Dictionary<string, Type> NamedPackages = new(StringComparer.Ordinal)
    {
        ["Microsoft.Extensions.DependencyInjection"] = typeof(ServiceCollectionContainerBuilderExtensions),
    };

    private const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    public static TheoryData<int> Snippets()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < CSharpBlocks().Count; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Snippets))]
    public void A_snippet_compiles_with_the_packages_and_those_it_names(int index)
    {
        // Review 53c: "Serve a model" and "Labels as an enum" call BuildServiceProvider, which is in the package
        // Microsoft.Extensions.DependencyInjection, not in the abstractions the runtime package depends on: pasted into a
        // console app with the package, they failed with CS1061 and CS0246, and the readme did not name the package.
        string snippet = CSharpBlocks()[index];
        var references = new List<MetadataReference>(FrameworkReferences());
        references.AddRange(PackageAssemblies.Select(t => MetadataReference.CreateFromFile(t.Assembly.Location)));
        foreach (Match named in NamedPackage().Matches(snippet))
        {
            Assert.True(NamedPackages.TryGetValue(named.Groups[1].Value, out Type? type), $"The snippet names the package {named.Groups[1].Value}, which this test does not know.");
            references.Add(MetadataReference.CreateFromFile(type.Assembly.Location));
        }

        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        CSharpCompilation compilation = CSharpCompilation.Create(
            "ReadmeApp",
            [CSharpSyntaxTree.ParseText(snippet, parse, path: "Program.cs"), CSharpSyntaxTree.ParseText(ImplicitUsings, parse, path: "GlobalUsings.g.cs")],
            references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        // The readme's items: Models/intent with ClassName Intent and Namespace MyApp.Ml, and data/tickets.tsv with
        // ModelName Ticket in the project's root namespace (none here, so that a top-level program sees it).
        const string Labels = """{ "format": "textclassifier", "formatVersion": 1, "labels": ["billing issue", "order status"] }""";
        GeneratorHarness.Driver(
            [
                (new TestAdditionalText("/app/Models/intent/textclassifier.json", Labels), new ModelItemOptions("Intent", "MyApp.Ml", "Models/intent")),
                (new TestAdditionalText("/app/obj/textclassifier/Ticket/textclassifier.json", Labels), new ModelItemOptions("Ticket", string.Empty, "Models/Ticket")),
            ],
            rootNamespace: string.Empty).RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);

        Diagnostic[] errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();

        Assert.True(errors.Length == 0, string.Join('\n', errors.Select(e => e.ToString())) + "\n\n" + snippet);
    }

    private static List<string> CSharpBlocks()
    {
        string readme = File.ReadAllText(Path.Combine(PackagesFixture.FindRepositoryRoot(), "docs", "nuget", "README.md"));
        return CSharpBlock().Matches(readme.ReplaceLineEndings("\n")).Select(m => m.Groups[1].Value).ToList();
    }

    // The shared framework's assemblies, without the packages this test project references.
    private static IEnumerable<MetadataReference> FrameworkReferences()
    {
        string framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => string.Equals(Path.GetDirectoryName(p), framework, StringComparison.Ordinal))
            .Select(p => MetadataReference.CreateFromFile(p));
    }

    [GeneratedRegex(@"(?ms)^```csharp\n(.*?)^```")]
    private static partial Regex CSharpBlock();

    [GeneratedRegex(@"\(package ([A-Za-z0-9.]+)[;)]")]
    private static partial Regex NamedPackage();
}
