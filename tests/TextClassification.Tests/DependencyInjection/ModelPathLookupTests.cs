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
}

/// <summary>These tests change the process's working directory, so they run alone.</summary>
[CollectionDefinition(nameof(WorkingDirectoryTestGroup), DisableParallelization = true)]
public sealed class WorkingDirectoryTestGroup;
