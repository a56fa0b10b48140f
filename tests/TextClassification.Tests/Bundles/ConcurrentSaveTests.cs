using TextClassification.Bundles;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Bundles;

/// <summary>Saves racing each other and loads racing saves over one folder: every load gets one whole model, and the
/// folder always holds a loadable bundle.</summary>
public sealed class ConcurrentSaveTests : IDisposable
{
    private static readonly List<string> Texts = SyntheticData.Texts(20, seed: 13);

    private readonly TempFolder _temp = new("tc-concurrent-save");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Two_saves_at_once_leave_one_whole_bundle()
    {
        string bundle = _temp.Combine("bundle");
        TestModels.Small.Save(bundle);

        for (int round = 0; round < 10; round++)
        {
            await Task.WhenAll(
                Task.Run(() => TestModels.SmallOtherSeed.Save(bundle)),
                Task.Run(() => TestModels.Small.Save(bundle)));

            Assert.True(IsOneWholeModel(TextClassifier.Load(bundle)), $"round {round}: a mixed model");
        }
    }

    [Fact]
    public void A_save_removes_staging_folders_that_killed_saves_of_the_same_bundle_left()
    {
        string bundle = _temp.Combine("bundle");
        TestModels.Small.Save(bundle);
        string orphan = _temp.Combine($".bundle.saving-{Guid.NewGuid():N}");
        Directory.CreateDirectory(orphan);
        File.WriteAllText(Path.Combine(orphan, "embeddings-0123456789ab.bin"), "half written");
        Directory.SetLastWriteTimeUtc(orphan, DateTime.UtcNow.AddHours(-1));
        string live = _temp.Combine($".bundle.saving-{Guid.NewGuid():N}"); // written to just now: maybe a save in progress
        Directory.CreateDirectory(live);
        string otherBundles = _temp.Combine($".bundle2.saving-{Guid.NewGuid():N}"); // another bundle's: not ours to touch
        Directory.CreateDirectory(otherBundles);
        Directory.SetLastWriteTimeUtc(otherBundles, DateTime.UtcNow.AddHours(-1));
        string notOurs = _temp.Combine(".bundle.saving-notes"); // not a name a save gives
        Directory.CreateDirectory(notOurs);

        TestModels.SmallOtherSeed.Save(bundle);

        Assert.False(Directory.Exists(orphan));
        Assert.True(Directory.Exists(live));
        Assert.True(Directory.Exists(otherBundles));
        Assert.True(Directory.Exists(notOurs));
        Assert.Equal(TestModels.ScoresOf(TestModels.SmallOtherSeed, Texts), TestModels.ScoresOf(TextClassifier.Load(bundle), Texts));
    }

    [Fact]
    public async Task Loads_during_saves_always_get_one_whole_model()
    {
        string bundle = _temp.Combine("bundle");
        TestModels.Small.Save(bundle);
        using var saving = new CancellationTokenSource();

        Task saver = Task.Run(() =>
        {
            for (int i = 0; i < 60; i++)
            {
                (i % 2 == 0 ? TestModels.SmallOtherSeed : TestModels.Small).Save(bundle);
            }

            saving.Cancel();
        });
        int loads = 0;
        while (!saving.IsCancellationRequested || loads == 0)
        {
            Assert.True(IsOneWholeModel(TextClassifier.Load(bundle)), $"load {loads}: a mixed model");
            loads++;
        }

        await saver;
    }

    // Scores equal, bit for bit, to those of one of the two models the tests save.
    private static bool IsOneWholeModel(TextClassifier loaded)
    {
        float[][] scores = TestModels.ScoresOf(loaded, Texts);
        return scores.SequenceEqual(TestModels.ScoresOf(TestModels.Small, Texts), ScoresComparer)
            || scores.SequenceEqual(TestModels.ScoresOf(TestModels.SmallOtherSeed, Texts), ScoresComparer);
    }

    private static readonly IEqualityComparer<float[]> ScoresComparer = EqualityComparer<float[]>.Create(
        (a, b) => a is not null && b is not null && a.AsSpan().SequenceEqual(b),
        scores => scores.Length);
}
