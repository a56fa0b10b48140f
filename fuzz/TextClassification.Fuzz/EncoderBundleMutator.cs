using TextClassification.Bundles;

namespace TextClassification.Fuzz;

/// <summary>Damages a copy of an encoder + head bundle (<see cref="EncoderBundleFiles"/>): its manifest and head
/// weights as <see cref="BundleMutator"/> damages an n-gram bundle's, or its carried encoder's tokenizer and config
/// files as <see cref="ExportMutator"/> damages an export's (the graph stays intact).</summary>
internal sealed class EncoderBundleMutator(Random random)
{
    private readonly BundleMutator _bundle = new(random);
    private readonly ExportMutator _encoder = new(random);

    /// <summary>Applies the mutations to the bundle in <paramref name="folder"/> and describes them.</summary>
    public string Mutate(string folder)
    {
        string encoder = Path.Combine(folder, ModelBundle.CarriedEncoderFolderName);
        return random.Next(2) == 0 || !Directory.Exists(encoder)
            ? _bundle.Mutate(folder)
            : $"{ModelBundle.CarriedEncoderFolderName}/: {_encoder.Mutate(encoder)}";
    }
}
