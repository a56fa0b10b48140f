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
        float[][] small = TestModels.ScoresOf(TestModels.Small, Texts);
        float[][] other = TestModels.ScoresOf(TestModels.SmallOtherSeed, Texts);
        string bundle = _temp.Combine("bundle");
        TestModels.Small.Save(bundle);

        for (int round = 0; round < 10; round++)
        {
            await Task.WhenAll(
                Task.Run(() => TestModels.SmallOtherSeed.Save(bundle)),
                Task.Run(() => TestModels.Small.Save(bundle)));

            float[][] loaded = TestModels.ScoresOf(TextClassifier.Load(bundle), Texts);
            Assert.True(loaded.SequenceEqual(small, ScoresComparer) || loaded.SequenceEqual(other, ScoresComparer), $"round {round}: a mixed model");
        }
    }

    [Fact]
    public async Task Loads_during_saves_always_get_one_whole_model()
    {
        float[][] small = TestModels.ScoresOf(TestModels.Small, Texts);
        float[][] other = TestModels.ScoresOf(TestModels.SmallOtherSeed, Texts);
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
            float[][] loaded = TestModels.ScoresOf(TextClassifier.Load(bundle), Texts);
            Assert.True(loaded.SequenceEqual(small, ScoresComparer) || loaded.SequenceEqual(other, ScoresComparer), $"load {loads}: a mixed model");
            loads++;
        }

        await saver;
    }

    private static readonly IEqualityComparer<float[]> ScoresComparer = EqualityComparer<float[]>.Create(
        (a, b) => a is not null && b is not null && a.AsSpan().SequenceEqual(b),
        scores => scores.Length);
}
