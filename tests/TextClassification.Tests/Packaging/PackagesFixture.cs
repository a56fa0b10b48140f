using System.Diagnostics;
using System.Reflection;
using System.Text;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Packaging;

/// <summary>
/// Packs TextClassification and TextClassification.Training once (from this test run's build output, so nothing
/// is built twice) into a local feed inside a temporary folder, with a nuget.config that adds the feed to the
/// machine's usual sources and a private global packages folder. The packages get a version of this run's own
/// (<see cref="Version"/>): a 0.1.0 from anywhere else — the developer's NuGet cache, or a feed that some other
/// nuget.config up the folder tree adds (one in /tmp once served a stale 0.1.0 to about half of the runs, whichever
/// source answered first) — can never be used instead of the freshly packed one.
/// </summary>
public sealed class PackagesFixture : IDisposable
{
    /// <summary>The version the packages are packed with: 0.1.0 with a prerelease tag unique to this run.</summary>
    public static readonly string Version = "0.1.0-test.t" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The configuration this test assembly was built in, which the packs take their build output from.</summary>
    public static readonly string Configuration = typeof(PackagesFixture).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    private readonly TempFolder _root = new("tc-pack");

    public PackagesFixture()
    {
        var clock = Stopwatch.StartNew();
        RepositoryRoot = FindRepositoryRoot();
        Feed = _root.Combine("feed");
        Packages = _root.Combine("packages");
        Directory.CreateDirectory(Feed);
        // The machine's own packages folder is a read-only fallback: the dependencies this run restored already
        // (ONNX Runtime is 390 MB unpacked) are taken from there, not downloaded again into the private folder by
        // every restore. It cannot serve a stale TextClassification: the packed version is unique to this run.
        string machinePackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string fallback = Directory.Exists(machinePackages)
            ? $"""<fallbackPackageFolders><add key="machine" value="{machinePackages}" /></fallbackPackageFolders>"""
            : string.Empty;
        File.WriteAllText(_root.Combine("nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Packages}" />
              </config>
              {fallback}
              <packageSources>
                <add key="textclassification-local" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
        // --no-restore: the projects were restored and built by this test run; a restore here, under the private
        // packages folder, would rewrite the repository's own obj/project.assets.json for nothing.
        foreach (string project in new[] { "src/TextClassification/TextClassification.csproj", "src/TextClassification.Training/TextClassification.Training.csproj" })
        {
            DotnetCli.Run(RepositoryRoot, Packages, "pack", Path.Combine(RepositoryRoot, project), "-c", Configuration, "--no-build", "--no-restore", "-o", Feed, "--disable-build-servers", "-p:PackageVersion=" + Version)
                .ShouldSucceed();
        }

        PackSeconds = clock.Elapsed.TotalSeconds;
    }

    /// <summary>The checkout this test assembly was built from.</summary>
    public string RepositoryRoot { get; }

    /// <summary>The local feed holding the packed .nupkg files.</summary>
    public string Feed { get; }

    /// <summary>The private global packages folder of every restore in these tests.</summary>
    public string Packages { get; }

    public double PackSeconds { get; }

    /// <summary>A new folder for an app, under the folder holding nuget.config.</summary>
    public string NewAppFolder(string name)
    {
        string path = _root.Combine(name);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Runs the dotnet CLI in <paramref name="folder"/> with the fixture's packages folder.</summary>
    public CommandResult Dotnet(string folder, params string[] arguments) => DotnetCli.Run(folder, Packages, arguments);

    /// <summary>Labelled support messages with clear keywords per label, with labels that need sanitising.</summary>
    public static string TrainingTsv(int perLabel = 25)
    {
        (string Label, string[] Words)[] labels =
        [
            ("billing issue", ["charged", "invoice", "refund", "payment", "card", "bill"]),
            ("order-status", ["package", "delivery", "tracking", "shipped", "arrive", "courier"]),
            ("2fa", ["login", "password", "code", "authenticator", "locked", "sign"]),
        ];
        string[] filler = ["my", "the", "please", "help", "with", "is", "not", "today", "again", "why"];
        var random = new Random(17);
        var tsv = new StringBuilder("label\ttext\n");
        for (int i = 0; i < perLabel; i++)
        {
            foreach ((string label, string[] words) in labels)
            {
                var sentence = new List<string>();
                for (int w = 0; w < 6; w++)
                {
                    sentence.Add(w % 2 == 0 ? words[random.Next(words.Length)] : filler[random.Next(filler.Length)]);
                }

                tsv.Append(label).Append('\t').AppendJoin(' ', sentence).Append('\n');
            }
        }

        return tsv.ToString();
    }

    public void Dispose() => _root.Dispose();

    internal static string FindRepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TextClassification.Sdk.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No TextClassification.Sdk.sln above {AppContext.BaseDirectory}.");
    }
}
