#:project ../../src/TextClassification/TextClassification.csproj
#:property InvariantGlobalization=true
#:property TreatWarningsAsErrors=false
#:property PublishAot=false

// Encodes each line of a JSON Lines file (a JSON string, or [a, b] for a pair) with our WordPieceTokenizer and writes
// {ids, types, offsets} a line, offsets in code points, as encode.js writes Hugging Face's (see README.md).
//   dotnet run probe.cs -- tokenizer.json in.jsonl out.jsonl
using System.Text;
using System.Text.Json;
using TextClassification.Tokenization;

WordPieceTokenizer tokenizer = WordPieceTokenizer.CreateFromTokenizerJson(args[0]);
tokenizer = WordPieceTokenizer.Create(tokenizer.Vocabulary, tokenizer.Options with { MaxLength = 1 << 22 });
var output = new StringBuilder();
foreach (string line in File.ReadLines(args[1]))
{
    if (line.Length == 0)
    {
        continue;
    }

    using JsonDocument document = JsonDocument.Parse(line);
    JsonElement root = document.RootElement;
    string a = root.ValueKind == JsonValueKind.Array ? root[0].GetString()! : root.GetString()!;
    string? b = root.ValueKind == JsonValueKind.Array ? root[1].GetString() : null;
    try
    {
        WordPieceEncoding encoding = tokenizer.Encode(a, b);
        int secondStart = Array.IndexOf(encoding.TypeIds, 1);
        var offsets = new List<int[]>();
        for (int i = 0; i < encoding.Ids.Length; i++)
        {
            string source = b is not null && secondStart >= 0 && i >= secondStart ? b : a;
            offsets.Add([CodePoints(source, encoding.Offsets[i].Start), CodePoints(source, encoding.Offsets[i].End)]);
        }

        output.AppendLine(JsonSerializer.Serialize(new { ids = encoding.Ids, types = encoding.TypeIds, offsets }));
    }
    catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
    {
        output.AppendLine(JsonSerializer.Serialize(new { error = ex.GetType().Name + ": " + ex.Message }));
    }
}

File.WriteAllText(args[2], output.ToString());

static int CodePoints(string text, int utf16)
{
    int count = 0;
    for (int i = 0; i < utf16 && i < text.Length; i++)
    {
        if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
        {
            i++;
        }

        count++;
    }

    return count;
}
