using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TextClassification.SourceGen;

namespace TextClassification.Tests.SourceGen;

/// <summary>The pipeline is incremental: unrelated edits reuse every step, and no step holds compiler objects.</summary>
public sealed class GeneratorCachingTests
{
    private static readonly string[] TrackedSteps = [TypedLabelGenerator.ItemsStep, TypedLabelGenerator.ModelsStep, TypedLabelGenerator.AllModelsStep];

    private static (GeneratorDriver Driver, CSharpCompilation Compilation) FirstRun(TestAdditionalText file)
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation();
        GeneratorDriver driver = GeneratorHarness.Driver([(file, new ModelItemOptions())]).RunGenerators(compilation);
        return (driver, compilation);
    }

    [Fact]
    public void Editing_code_reuses_every_step_and_the_output()
    {
        (GeneratorDriver driver, CSharpCompilation compilation) = FirstRun(new TestAdditionalText("/repo/m/textclassifier.json", "{ \"labels\": [\"a\", \"b\"] }"));
        CSharpCompilation edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace App; internal static class Other { }"));
        GeneratorRunResult result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (string step in TrackedSteps)
        {
            ImmutableArray<IncrementalGeneratorRunStep> runs = result.TrackedSteps[step];
            Assert.NotEmpty(runs);
            Assert.All(runs.SelectMany(r => r.Outputs), o => Assert.True(
                o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {o.Reason}"));
        }

        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs),
            o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void Changing_the_metadata_reruns_and_changes_the_output()
    {
        var original = new TestAdditionalText("/repo/m/textclassifier.json", "{ \"labels\": [\"a\", \"b\"] }");
        (GeneratorDriver driver, CSharpCompilation compilation) = FirstRun(original);
        driver = driver.ReplaceAdditionalText(original, new TestAdditionalText(original.Path, "{ \"labels\": [\"a\", \"b\", \"c\"] }"));
        GeneratorRunResult result = driver.RunGenerators(compilation).GetRunResult().Results.Single();
        Assert.Contains(result.TrackedSteps[TypedLabelGenerator.ModelsStep].SelectMany(r => r.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("C = 2,", result.GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Same_content_in_a_new_file_object_gives_an_unchanged_model()
    {
        var original = new TestAdditionalText("/repo/m/textclassifier.json", "{ \"labels\": [\"a\", \"b\"] }");
        (GeneratorDriver driver, CSharpCompilation compilation) = FirstRun(original);
        driver = driver.ReplaceAdditionalText(original, new TestAdditionalText(original.Path, "{\n  \"labels\": [ \"a\", \"b\" ]\n}"));
        GeneratorRunResult result = driver.RunGenerators(compilation).GetRunResult().Results.Single();
        Assert.All(result.TrackedSteps[TypedLabelGenerator.ModelsStep].SelectMany(r => r.Outputs), o => Assert.Equal(IncrementalStepRunReason.Unchanged, o.Reason));
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void No_step_output_holds_compiler_objects()
    {
        (GeneratorDriver driver, _) = FirstRun(new TestAdditionalText("/repo/m/textclassifier.json", "{ \"labels\": [\"a\"] }"));
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        foreach (object value in result.TrackedSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs).Select(o => o.Value))
        {
            AssertNoCompilerObjects(value, depth: 0);
        }
    }

    private static void AssertNoCompilerObjects(object? value, int depth)
    {
        if (value is null || depth > 6 || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum)
        {
            return;
        }

        Assert.False(value is Compilation or ISymbol or SyntaxNode or SemanticModel, $"A pipeline step holds a {value.GetType().Name}.");
        if (value is System.Collections.IEnumerable items)
        {
            foreach (object? item in items)
            {
                AssertNoCompilerObjects(item, depth + 1);
            }

            return;
        }

        if (value.GetType().Namespace?.StartsWith("TextClassification", StringComparison.Ordinal) == true || value.GetType().Name.StartsWith("ValueTuple", StringComparison.Ordinal))
        {
            foreach (FieldInfo field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                AssertNoCompilerObjects(field.GetValue(value), depth + 1);
            }
        }
    }
}
