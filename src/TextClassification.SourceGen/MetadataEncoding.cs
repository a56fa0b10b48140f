using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace TextClassification.SourceGen;

/// <summary>
/// Whether a metadata file's bytes are what the runtime reads: UTF-8, with or without a byte order mark (System.Text.Json
/// over the file's bytes, in ModelBundle and HuggingFaceConfig, past a UTF-8 mark since session 57). The compiler decodes
/// an additional file by its BOM (UTF-16) or with a fallback for invalid UTF-8, so such a file got an enum and the app
/// failed at its first Load() (review 55a). The file's bytes are not at hand in a generator, but the compiler's checksum
/// of them is: it matches the text's UTF-8 (after a UTF-8 mark or not) exactly when those are the bytes.
/// </summary>
internal static class MetadataEncoding
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Why the runtime cannot read the file, or null when it can (or when the host gave no checksum or
    /// encoding to tell by, as for a text made from a string).</summary>
    /// <param name="file">The file as the compiler read it.</param>
    /// <param name="text">Its text (<paramref name="file"/>'s content).</param>
    public static string? Problem(SourceText file, string text)
    {
        Encoding? encoding = file.Encoding;
        ImmutableArray<byte> checksum = file.GetChecksum();
        if (encoding is null || checksum.IsDefaultOrEmpty || CreateHash(file.ChecksumAlgorithm) is not { } hash)
        {
            return null;
        }

        using (hash)
        {
            byte[] utf8 = Utf8.GetBytes(text);
            if (Matches(hash, utf8, checksum) || Matches(hash, [0xEF, 0xBB, 0xBF, .. utf8], checksum))
            {
                return null;
            }

            string reason = encoding.CodePage switch
            {
                1200 or 1201 => "the file is saved as UTF-16",
                12000 or 12001 => "the file is saved as UTF-32",
                _ => "the file is not UTF-8 text (another encoding, or bytes that are no text)",
            };
            return reason + ", and the runtime reads it as UTF-8 alone, so the app could not load the model: save it as UTF-8";
        }
    }

    private static HashAlgorithm? CreateHash(SourceHashAlgorithm algorithm) => algorithm switch
    {
#pragma warning disable CA5350 // Not for security: the compiler's checksum (csc -checksumalgorithm:SHA1) is compared.
        SourceHashAlgorithm.Sha1 => SHA1.Create(),
#pragma warning restore CA5350
        SourceHashAlgorithm.Sha256 => SHA256.Create(),
        _ => null,
    };

    private static bool Matches(HashAlgorithm hash, byte[] bytes, ImmutableArray<byte> checksum)
    {
        byte[] computed = hash.ComputeHash(bytes);
        if (computed.Length != checksum.Length)
        {
            return false;
        }

        for (int i = 0; i < computed.Length; i++)
        {
            if (computed[i] != checksum[i])
            {
                return false;
            }
        }

        return true;
    }
}
