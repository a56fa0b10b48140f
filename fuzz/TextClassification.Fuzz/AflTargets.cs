using System.Text;
using SharpFuzz;
using TextClassification.Bundles;

namespace TextClassification.Fuzz;

/// <summary>
/// Entry points for coverage-guided fuzzing with AFL++ through SharpFuzz (fuzz/afl.sh instruments
/// TextClassification.dll and starts afl-fuzz). A broken property becomes an exception, which AFL records as a crash.
/// </summary>
internal static class AflTargets
{
    /// <summary>The input is a text as raw UTF-16LE (the format of fuzz/corpus and fuzz/crashes).</summary>
    public static int Text()
    {
        // No instrumented code may run before Fuzzer.Run sets up the coverage map (it would write through a null
        // pointer), so the models are trained lazily by the first input.
        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            // The code units as they are (Encoding.Unicode would turn lone surrogates into U+FFFD).
            string? failure = FuzzTargets.Text(new string(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, char>(memory.ToArray().AsSpan(0, (int)memory.Length & ~1))));
            if (failure is not null)
            {
                throw new FuzzFindingException(failure);
            }
        });
        return 0;
    }

    /// <summary>The input is the manifest of the bundle in <paramref name="pristine"/> (its weight files stay intact).</summary>
    public static int Manifest(string pristine)
    {
        string work = Path.Combine(Path.GetTempPath(), $"tc-afl-{Environment.ProcessId}");
        Corpus.CopyFolder(pristine, work);
        string manifest = Path.Combine(work, ModelBundle.ManifestFileName);
        Fuzzer.OutOfProcess.Run(stream =>
        {
            using (FileStream file = File.Create(manifest))
            {
                stream.CopyTo(file);
            }

            string? failure = FuzzTargets.Bundle(work);
            if (failure is not null)
            {
                throw new FuzzFindingException(failure);
            }
        });
        return 0;
    }

    /// <summary>Writes the single-model (0) or ensemble (1) bundle the manifest target runs against.</summary>
    public static int WriteBundle(string folder, int model)
    {
        FuzzModels.Models[model].Save(folder);
        return 0;
    }
}

/// <summary>A broken property found by a fuzz target.</summary>
internal sealed class FuzzFindingException(string message) : Exception(message);
