using TextClassification.Tests.Support;

namespace TextClassification.Tests.Packaging;

/// <summary>
/// Models that reach an app through a <c>ProjectReference</c>, in throwaway projects that import this checkout's build
/// targets (no packages): a library's model is copied into the app's output, and two models bound for one output path
/// (the app's and a library's, or two libraries') are error TC0013 instead of being mixed in the output.
/// </summary>
public sealed class ReferencedModelTests
{
    [Fact]
    public void Models_from_referenced_projects_reach_the_output_and_a_clash_with_one_is_TC0013()
    {
        using var root = new TempFolder("tc-referenced-models");
        string targets = Path.Combine(PackagesFixture.FindRepositoryRoot(), "src", "TextClassification", "build", "TextClassification.targets");
        foreach (string library in new[] { "Lib1", "Lib3" })
        {
            Project(root.Combine(library), library, "", $"""<TextClassifierModel Include="Models/intent" />""", targets);
            Bundle(root.Combine(library, "Models", "intent"), library);
        }

        // A library with no model of its own that references Lib1: its model goes on up.
        Project(root.Combine("Middle"), "Middle", "", """<ProjectReference Include="../Lib1/Lib1.csproj" />""", targets);
        string app = root.Combine("App");
        Bundle(Path.Combine(app, "Models", "intent"), "App");
        string packages = root.Combine("packages");
        string output = Path.Combine(app, "bin", "Debug", "net10.0", "Models", "intent");
        CommandResult Build(string items)
        {
            if (Directory.Exists(Path.Combine(app, "bin")))
            {
                Directory.Delete(Path.Combine(app, "bin"), recursive: true);
            }

            Project(app, "App", "<OutputType>Exe</OutputType>", items, targets);
            return DotnetCli.Run(app, packages, "build", "--disable-build-servers");
        }

        // No clash: the library's model is copied as before, directly and through another library.
        foreach (string reference in new[] { "Lib1", "Middle" })
        {
            Build($"""<ProjectReference Include="../{reference}/{reference}.csproj" />""").ShouldSucceed();
            Assert.Equal(["Lib1.bin", "textclassifier.json"], Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.Contains("Lib1", File.ReadAllText(Path.Combine(output, "textclassifier.json")), StringComparison.Ordinal);
        }

        // The app's own Models/intent and a library's (through Middle): the SDK kept the app's manifest, copied both
        // weight files, and the library's Load() met the app's labels.
        CommandResult own = Build("""<ProjectReference Include="../Middle/Middle.csproj" /><TextClassifierModel Include="Models/intent" />""");
        Assert.NotEqual(0, own.ExitCode);
        Assert.Contains("error TC0013: Model files of the model Models/intent of App.csproj and the model Models/intent of Lib1.csproj go to the same output file (Models/intent/textclassifier.json)", own.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output), "nothing of the clashing models is copied");

        // Two libraries' models.
        CommandResult two = Build("""<ProjectReference Include="../Lib1/Lib1.csproj" /><ProjectReference Include="../Lib3/Lib3.csproj" />""");
        Assert.NotEqual(0, two.ExitCode);
        Assert.Contains("error TC0013: Model files of the model Models/intent of Lib1.csproj and the model Models/intent of Lib3.csproj go to the same output file (Models/intent/textclassifier.json)", two.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output), "nothing of the clashing models is copied");
    }

    private static void Project(string folder, string name, string properties, string items, string targets)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>{properties}<TargetFramework>net10.0</TargetFramework></PropertyGroup>
              <ItemGroup>{items}</ItemGroup>
              <Import Project="{targets}" />
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "Code.cs"), properties.Length == 0 ? $"namespace {name};\n\npublic static class Code {{ }}\n" : "System.Console.WriteLine(1);\n");
    }

    // A bundle whose manifest and weight file name its owner (the targets only read the manifest's encoder).
    private static void Bundle(string folder, string owner)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "textclassifier.json"), $$"""
            { "format": "textclassifier", "formatVersion": 1, "labels": ["{{owner}}", "b"], "encoder": { "type": "hashedEmbeddingBag", "dimension": 4 } }
            """);
        File.WriteAllText(Path.Combine(folder, owner + ".bin"), owner);
    }
}
