using System.IO.Compression;
using System.Xml.Linq;

namespace TextClassification.Tests.Packaging;

/// <summary>The version ranges the packed packages give their dependencies, as a restore reads them.</summary>
public sealed partial class PackAndConsumeTests
{
    [Fact]
    public void The_training_package_requires_the_runtime_package_of_its_own_version()
    {
        // TextClassification.Training calls TextClassification's internal members (InternalsVisibleTo), which any
        // version may change: its dependency was a floor (>= its own version), so an app that updated TextClassification
        // alone (a bot's pull request) restored without a word and training failed at run time (MissingMethodException).
        using (ZipArchive package = ZipFile.OpenRead(Path.Combine(packages.Feed, $"TextClassification.Training.{PackagesFixture.Version}.nupkg")))
        using (Stream nuspec = package.GetEntry("TextClassification.Training.nuspec")!.Open())
        {
            XElement runtime = XDocument.Load(nuspec).Descendants().Single(e => e.Name.LocalName == "dependency" && e.Attribute("id")?.Value == "TextClassification");
            Assert.Equal($"[{PackagesFixture.Version}]", runtime.Attribute("version")!.Value);
        }

        // A newer runtime package beside it: the restore says the two do not go together (NU1608).
        string app = packages.NewAppFolder("newer-runtime-app");
        string newer = PackagesFixture.Version + ".1";
        string feed = Path.Combine(app, "feed");
        packages.Dotnet(packages.RepositoryRoot, "pack", Path.Combine(packages.RepositoryRoot, "src", "TextClassification", "TextClassification.csproj"), "-c", PackagesFixture.Configuration, "--no-build", "--no-restore", "-o", feed, "--disable-build-servers", "-p:PackageVersion=" + newer)
            .ShouldSucceed();
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources><add key="newer-runtime" value="{feed}" /></packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(app, "NewerRuntimeApp.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup>
              <ItemGroup>
                <PackageReference Include="TextClassification" Version="{newer}" />
                <PackageReference Include="TextClassification.Training" Version="{PackagesFixture.Version}" />
              </ItemGroup>
            </Project>
            """);

        CommandResult restore = packages.Dotnet(app, "restore", "--disable-build-servers");

        Assert.Contains($"NU1608: Detected package version outside of dependency constraint: TextClassification.Training {PackagesFixture.Version} requires TextClassification (= {PackagesFixture.Version}) but version TextClassification {newer} was resolved", restore.Output, StringComparison.Ordinal);
    }
}
