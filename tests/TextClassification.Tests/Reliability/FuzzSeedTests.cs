using TextClassification.Bundles;
using TextClassification.Fuzz;
using TextClassification.Tests.Onnx;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Reliability;

/// <summary>The folder targets' seeds load and pass their targets (a seed the library refuses leaves the fuzzer mutating
/// files nothing reads: the export target's vocab.txt seed listed the word-like added token '##ly', refused since
/// 0b9e2bf, so it never loaded), and the encoder target's scores check tells a carried encoder other than the one the
/// head was trained on. Kept encoder-*/ folders replay in <see cref="FuzzReplayTests"/>.</summary>
public sealed class FuzzSeedTests : IDisposable
{
    private readonly TempFolder _temp = new("tc-fuzz-seeds");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Every_export_seed_loads_and_classifies()
    {
        foreach (string folder in ExportFiles.Write(_temp.Combine("exports")))
        {
            Assert.Null(FuzzTargets.Export(folder, out bool loaded));
            Assert.True(loaded, $"{folder} did not load");
        }
    }

    [Fact]
    public void Every_encoder_bundle_seed_loads_from_its_carried_encoder_and_classifies()
    {
        foreach (string bundle in EncoderBundleFiles.Write(_temp.Path))
        {
            Assert.Null(FuzzTargets.EncoderBundle(bundle, out bool loaded, sameAs: null));
            Assert.True(loaded, $"{bundle} did not load");
            Assert.Equal(Path.Combine(bundle, ModelBundle.CarriedEncoderFolderName), ModelBundle.EncoderFolder(bundle));
        }
    }

    [Fact]
    public void A_carried_encoder_whose_graph_was_replaced_is_refused_not_run_under_the_head()
    {
        string bundle = EncoderBundleFiles.Write(_temp.Path)[0];
        using var pristine = (IDisposable)TextClassifierLoader.Load(bundle);
        string copy = _temp.Combine("replaced");
        Corpus.CopyFolder(bundle, copy);
        new TinyBert(labels: 3, seed: 99).WriteOnnx(Path.Combine(copy, ModelBundle.CarriedEncoderFolderName, "model.onnx"), classifier: false);

        Assert.Null(FuzzTargets.EncoderBundle(copy, out bool loaded, sameAs: (ITextClassifier)pristine));
        Assert.False(loaded);
    }

    [Fact]
    public void Encoder_bundles_damaged_only_in_their_carried_encoder_are_kept_under_names_of_their_own()
    {
        // A kept folder is named by this hash: it read the top-level files alone, so every case of a seed damaged only
        // in encoder/ got one name, and a second such failure replaced the first one's folder and .txt.
        string bundle = EncoderBundleFiles.Write(_temp.Path)[0];
        string other = _temp.Combine("other");
        Corpus.CopyFolder(bundle, other);
        Assert.Equal(Corpus.HashFolder(bundle), Corpus.HashFolder(other));

        File.AppendAllText(Path.Combine(other, ModelBundle.CarriedEncoderFolderName, "vocab.txt"), "extra\n");

        Assert.NotEqual(Corpus.HashFolder(bundle), Corpus.HashFolder(other));
    }
}
