using System.Security.Cryptography;
using System.Text;

namespace TextClassification.Fuzz;

/// <summary>Files of kept inputs: texts as raw UTF-16LE (<c>text-*.utf16</c>, so lone surrogates survive) and bundles
/// as folders (<c>bundle-*</c>).</summary>
internal static class Corpus
{
    /// <summary>Name of a kept text: its content hash.</summary>
    public static string TextFileName(byte[] utf16) => $"text-{Convert.ToHexStringLower(SHA256.HashData(utf16))[..12]}.utf16";

    /// <summary>The kept texts in a folder (none if it does not exist).</summary>
    public static IEnumerable<string> ReadTexts(string folder) =>
        Directory.Exists(folder)
            ? Directory.GetFiles(folder, "text-*.utf16").Order(StringComparer.Ordinal).Select(ReadUtf16)
            : [];

    /// <summary>The UTF-16LE code units of <paramref name="text"/> as they are, lone surrogates included
    /// (<see cref="Encoding.Unicode"/> writes U+FFFD for them, so a kept input whose failure needed one did not
    /// fail again when replayed).</summary>
    public static byte[] Utf16(string text) =>
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(text.AsSpan()).ToArray();

    /// <summary>A kept input's text from its raw UTF-16LE code units (see <see cref="Utf16"/>).</summary>
    public static string ReadUtf16(string file) =>
        new(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, char>(File.ReadAllBytes(file)));

    /// <summary>The kept bundle folders in a folder (none if it does not exist).</summary>
    public static IEnumerable<string> BundleFolders(string folder) =>
        Directory.Exists(folder) ? Directory.GetDirectories(folder, "bundle-*").Order(StringComparer.Ordinal) : [];

    /// <summary>Replaces <paramref name="destination"/> with a copy of <paramref name="source"/> (its subfolders too).</summary>
    public static void CopyFolder(string source, string destination)
    {
        if (Directory.Exists(destination))
        {
            Directory.Delete(destination, recursive: true);
        }

        Directory.CreateDirectory(destination);
        foreach (string file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        }

        // An encoder + head bundle carries its encoder in a subfolder.
        foreach (string folder in Directory.GetDirectories(source))
        {
            CopyFolder(folder, Path.Combine(destination, Path.GetFileName(folder)));
        }
    }

    /// <summary>Names (relative paths) and contents of a folder's files, its subfolders' included, for a content
    /// hash. A flat folder gives what it always gave, so kept folders keep their names.</summary>
    public static byte[] HashFolder(string folder)
    {
        using var stream = new MemoryStream();
        AppendFolder(stream, folder, prefix: string.Empty);
        return stream.ToArray();
    }

    private static void AppendFolder(MemoryStream stream, string folder, string prefix)
    {
        foreach (string file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
        {
            stream.Write(Encoding.UTF8.GetBytes(prefix + Path.GetFileName(file)));
            stream.Write(File.ReadAllBytes(file));
        }

        // An encoder + head bundle carries its encoder in a subfolder: read without it, every case of a seed damaged
        // there alone got one kept name, and a second failure replaced the first one's folder.
        foreach (string sub in Directory.GetDirectories(folder).Order(StringComparer.Ordinal))
        {
            AppendFolder(stream, sub, prefix + Path.GetFileName(sub) + "/");
        }
    }
}
