namespace TextClassification.Fuzz;

/// <summary>Byte-level damage to one file: a byte flipped, the file truncated, extended with zeros, a byte order mark
/// put before it (an editor's UTF-8 one, read past in JSON files since session 57, or UTF-16's, refused), or the file
/// deleted.</summary>
internal static class FileDamage
{
    /// <summary>Damages <paramref name="file"/> by one of the five kinds, chosen by <paramref name="random"/>, and
    /// describes it.</summary>
    public static string Apply(Random random, string file)
    {
        string name = Path.GetFileName(file);
        byte[] bytes = File.ReadAllBytes(file);
        switch (random.Next(7))
        {
            case 0 or 1 or 2 when bytes.Length > 0:
                int position = random.Next(bytes.Length);
                byte mask = (byte)random.Next(1, 256);
                bytes[position] ^= mask;
                File.WriteAllBytes(file, bytes);
                return $"{name}[{position}] ^= 0x{mask:X2}";
            case 3:
                int length = bytes.Length == 0 ? 0 : random.Next(bytes.Length);
                File.WriteAllBytes(file, bytes[..length]);
                return $"{name} truncated to {length}";
            case 4:
                int extra = random.Next(1, 9);
                File.WriteAllBytes(file, [.. bytes, .. new byte[extra]]);
                return $"{name} extended by {extra}";
            case 5:
                byte[] mark = random.Next(3) == 0 ? [0xFF, 0xFE] : [0xEF, 0xBB, 0xBF];
                File.WriteAllBytes(file, [.. mark, .. bytes]);
                return $"{name} given the byte order mark {Convert.ToHexString(mark)}";
            default:
                File.Delete(file);
                return $"{name} deleted";
        }
    }
}
