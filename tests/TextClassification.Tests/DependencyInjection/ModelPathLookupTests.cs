using Microsoft.Extensions.DependencyInjection;
using TextClassification.DependencyInjection;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.DependencyInjection;

/// <summary>A relative <see cref="TextClassifierOptions.ModelPath"/> is looked for in the working directory, then in
/// the app's folder: the start-up error names both places.</summary>
[Collection(nameof(WorkingDirectoryTestGroup))]
public sealed class ModelPathLookupTests : IDisposable
{
    private readonly TempFolder _temp = new("tc-di-cwd");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_relative_path_in_neither_place_names_the_working_directory_and_the_app_folder()
    {
        // Started from another folder (a service's working directory is often /), the message named only
        // <working directory>/Models/x, not the app's folder, where a deployment keeps its model.
        string relative = Path.Combine("Models", "missing-" + Guid.NewGuid().ToString("N"));
        string before = Environment.CurrentDirectory;
        InvalidOperationException ex;
        try
        {
            Environment.CurrentDirectory = _temp.Path;
            ex = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddTextClassifier(o => o.ModelPath = relative));
        }
        finally
        {
            Environment.CurrentDirectory = before;
        }

        Assert.Contains($"neither {Path.Combine(_temp.Path, relative)} (from the working directory) nor {Path.Combine(AppContext.BaseDirectory, relative)} (from the app's folder) exists", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith(
            "exists. A relative path is read from the working directory, else from the app's folder: a TextClassifierModel item copies the bundle to the " +
            "app's output folder (at the path it has in the project, Models/<its ClassName or folder name> for a folder outside the project, or the item's " +
            "OutputPath), and ModelPath must name that path.",
            ex.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_of_that_name_in_the_working_directory_that_holds_no_model_leaves_the_bundle_in_the_app_folder_to_be_read()
    {
        // Review 54e: a web project's own Models/ folder (its C# classes) under `dotnet run`, or a state folder of that
        // name in a service's working directory, was taken for the model because it exists: start-up failed with "the
        // folder <working directory>/Models has no textclassifier.json" while the build output held the bundle.
        string relative = "model-" + Guid.NewGuid().ToString("N");
        string besideApp = Path.Combine(AppContext.BaseDirectory, relative);
        TestModels.Small.Save(besideApp);
        Directory.CreateDirectory(Path.Combine(_temp.Path, relative));
        File.WriteAllText(Path.Combine(_temp.Path, relative, "Order.cs"), "class Order;");
        string before = Environment.CurrentDirectory;
        try
        {
            Environment.CurrentDirectory = _temp.Path;
            var services = new ServiceCollection().AddTextClassifier(o => o.ModelPath = relative);
            using ServiceProvider provider = services.BuildServiceProvider();
            Assert.Equal(TestModels.Small.Labels, provider.GetRequiredService<ITextClassifier>().Labels);
        }
        finally
        {
            Environment.CurrentDirectory = before;
            Directory.Delete(besideApp, recursive: true);
        }
    }

    [Fact]
    public void A_rooted_path_that_does_not_exist_is_named_alone()
    {
        string rooted = _temp.Combine("no-model");

        var ex = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddTextClassifier(o => o.ModelPath = rooted));

        Assert.Contains($"{rooted} does not exist", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("relative path", ex.Message, StringComparison.Ordinal);
        // The sentence after the reason starts with a capital: it read "… does not exist. the bundle must be copied …".
        // The hint had said "The bundle must be copied there (a TextClassifierModel item copies it to the output)": the
        // item copies it to the app's output folder, never to a rooted path, so it sent the user the wrong way.
        Assert.EndsWith(
            $"{rooted} does not exist. A rooted path is read as given, so the bundle must be deployed to it; a TextClassifierModel item does not put it " +
            "there: it copies the bundle to the app's output folder (at the path it has in the project, Models/<its ClassName or folder name> for a folder " +
            "outside the project, or the item's OutputPath), and a ModelPath relative to the app's folder reads that copy.",
            ex.Message,
            StringComparison.Ordinal);
        Assert.DoesNotContain("copied there", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(@"C:\models\intent-47b")]
    [InlineData(@"d:/models/intent-47b")]
    [InlineData(@"\\server\share\intent-47b")]
    public void A_Windows_rooted_path_read_as_relative_elsewhere_is_told_so(string path)
    {
        // Review 47b: settings written on Windows, an app run on Linux: "…/bin/C:\models\intent does not exist. A relative
        // path is read from the working directory, …" told how to write a relative path to someone who had not meant one.
        var ex = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddTextClassifier(o => o.ModelPath = path));

        if (OperatingSystem.IsWindows())
        {
            Assert.DoesNotContain("rooted on Windows only", ex.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains(
                $"exists. '{path}' is rooted on Windows only: here it is a relative path, so give the bundle's path on this machine. A relative path is read from",
                ex.Message.Replace("does not exist.", "exists.", StringComparison.Ordinal),
                StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("~/models/intent-47b")]
    [InlineData(@"~\models\intent-47b")]
    public void A_path_from_the_home_folder_is_told_that_tilde_is_not_expanded(string path)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddTextClassifier(o => o.ModelPath = path));

        Assert.Contains(
            "'~' is not the home folder here (a shell expands it, .NET does not): it is read as a folder named '~', so give the full path. A relative path is read from",
            ex.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_relative_path_gets_no_note_on_how_it_was_read()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddTextClassifier(o => o.ModelPath = "models/intent-47b~"));

        Assert.DoesNotContain("rooted on Windows only", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'~'", ex.Message, StringComparison.Ordinal);
    }
}

/// <summary>These tests change the process's working directory, so they run alone.</summary>
[CollectionDefinition(nameof(WorkingDirectoryTestGroup), DisableParallelization = true)]
public sealed class WorkingDirectoryTestGroup;
