using System.Text.Json.Nodes;

namespace TextClassification.Fuzz;

/// <summary>Damages a copy of a Hugging Face export's tokenizer and config files (<see cref="ExportFiles.Damageable"/>;
/// the graph stays intact): structure-aware edits of the JSON files (<see cref="JsonEditor"/>), lines of
/// <c>vocab.txt</c> changed, and byte flips, truncation, extension and deletion.</summary>
internal sealed class ExportMutator(Random random)
{
    // Beside the common ones: the special tokens' names, a vocabulary entry's id past 2^24 (the lead's probe), labels,
    // normalizer and model types, a truncation strategy, a tokenizer class.
    private static readonly Func<JsonNode?>[] HostileValues =
    [
        .. JsonEditor.CommonHostileValues, () => 16_777_216, () => 29, () => 30, () => 64, () => 65, () => 100_000_000,
        () => "[UNK]", () => "[CLS]", () => "[SEP]", () => "[PAD]", () => "[MASK]", () => "##", () => "[USER]", () => "the",
        () => "BertNormalizer", () => "WordPiece", () => "BPE", () => "TemplateProcessing", () => "BertProcessing",
        () => "PreTrainedTokenizerFast", () => "OnlyFirst", () => "Left", () => "regression", () => "multi_label_classification",
        () => new JsonArray(new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "[CLS]", ["type_id"] = 0 } }),
        () => new JsonObject { ["content"] = "[SEP]", ["special"] = true },
    ];

    private static readonly string[] VocabularyLines = ["", " ", "[UNK]", "[PAD]", "##", "##a", "the", "a b", "\uD800", "x\0", "中"];

    private readonly JsonEditor _json = new(random, HostileValues);

    /// <summary>Applies 1 to 3 mutations to the export in <paramref name="folder"/> and describes them.</summary>
    public string Mutate(string folder)
    {
        var done = new List<string>();
        int steps = 1 + random.Next(3);
        for (int s = 0; s < steps; s++)
        {
            List<string> files = [];
            foreach (string name in ExportFiles.Damageable)
            {
                if (File.Exists(Path.Combine(folder, name)))
                {
                    files.Add(Path.Combine(folder, name));
                }
            }

            if (files.Count == 0)
            {
                break;
            }

            string file = files[random.Next(files.Count)];
            int kind = random.Next(10);
            if (kind < 7 && file.EndsWith(".json", StringComparison.Ordinal) && _json.TryEdit(file, out string? edit))
            {
                done.Add(edit!);
            }
            else if (kind < 7 && file.EndsWith("vocab.txt", StringComparison.Ordinal))
            {
                done.Add(EditVocabulary(file));
            }
            else
            {
                done.Add(FileDamage.Apply(random, file));
            }
        }

        return string.Join("; ", done);
    }

    // A line of vocab.txt replaced, removed or duplicated, or an odd line inserted.
    private string EditVocabulary(string file)
    {
        List<string> lines = [.. File.ReadAllText(file).Split('\n')];
        int at = random.Next(lines.Count);
        string line = VocabularyLines[random.Next(VocabularyLines.Length)];
        switch (random.Next(4))
        {
            case 0:
                lines[at] = line;
                break;
            case 1:
                lines.RemoveAt(at);
                break;
            case 2:
                lines.Insert(at, lines[random.Next(lines.Count)]);
                break;
            default:
                lines.Insert(at, line);
                break;
        }

        // Lone surrogates as U+FFFD (File.WriteAllText's UTF-8 throws on them); byte damage makes invalid UTF-8.
        File.WriteAllText(file, string.Join('\n', lines), new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false));
        return $"vocab.txt line {at + 1}: {line}";
    }
}
