#:property InvariantGlobalization=false
#:property TreatWarningsAsErrors=false

// Regenerates the Unicode tables the library carries, from ICU's data (string.Normalize leaves non-ASCII text
// unchanged when an application runs with InvariantGlobalization, common in containers and the way textclf runs, and
// token ids and labels must not depend on the host's settings):
//   src/TextClassification/Tokenization/CanonicalDecomposition.Data.cs: the full canonical (NFD) decomposition of
//     every code point that has one, Hangul syllables excepted (they decompose algorithmically); the tokenizer reads
//     accents through it.
//   src/TextClassification/Tokenization/UnicodeNormalizer.Data.cs: what normalization forms C and KC need beyond that
//     (labels are compared in form C, the CLI's look-alike warning in form KC):
//     - the canonical combining classes, as ranks (the order and the zero/non-zero split of the classes are all the
//       algorithm reads), found by asking ICU which of two marks it puts first;
//     - the compatibility decompositions that differ from the canonical ones;
//     - the canonical compositions (primary composites), Hangul excepted (it composes algorithmically).
//
//   dotnet run tools/GenerateUnicodeTables.cs          (needs ICU: libicu on Linux)
using System.Globalization;
using System.Text;

if ("\u00E9".Normalize(NormalizationForm.FormD).Length != 2)
{
    Console.Error.WriteLine("string.Normalize does not decompose here: run with ICU available and invariant mode off.");
    return 1;
}

string root = Path.GetFullPath(Path.Combine(AppContext.GetData("EntryPointFileDirectoryPath") as string ?? ".", ".."));
string folder = Path.Combine(root, "src", "TextClassification", "Tokenization");

// Every code point .NET will normalize: not a surrogate, not a noncharacter (string.Normalize refuses those).
var codePoints = new List<int>();
for (int cp = 0; cp <= 0x10FFFF; cp++)
{
    if (cp is >= 0xD800 and <= 0xDFFF)
    {
        continue;
    }

    try
    {
        char.ConvertFromUtf32(cp).Normalize(NormalizationForm.FormD);
        codePoints.Add(cp);
    }
    catch (ArgumentException)
    {
    }
}

// Part 1: canonical decompositions.
var keys = new List<int>();
var offsets = new List<int> { 0 };
var data = new StringBuilder();
foreach (int cp in codePoints)
{
    if (cp < 0x80 || cp is >= 0xAC00 and <= 0xD7A3)
    {
        continue; // ASCII has none; Hangul syllables decompose algorithmically
    }

    string text = char.ConvertFromUtf32(cp);
    string decomposed = text.Normalize(NormalizationForm.FormD);
    if (decomposed != text)
    {
        keys.Add(cp);
        data.Append(decomposed);
        offsets.Add(data.Length);
    }
}

var nfdOutput = new StringBuilder();
AppendHeader(nfdOutput, "NFD", "CanonicalDecomposition");
AppendArray(nfdOutput, "Code points with a canonical decomposition, ascending.", "int", "Keys", keys.Select(k => $"0x{k:X}"), first: true);
AppendArray(nfdOutput, "Start of each decomposition in <see cref=\"Decompositions\"/>; one more entry than <see cref=\"Keys\"/>.", "ushort", "Starts", offsets.Select(o => o.ToString(CultureInfo.InvariantCulture)));
AppendLiteral(nfdOutput, "The decompositions, UTF-16, back to back.", "Decompositions", data.ToString());
string nfdTarget = WriteFile(folder, "CanonicalDecomposition.Data.cs", nfdOutput);
Console.WriteLine($"{keys.Count} decompositions, {data.Length} chars -> {nfdTarget}");

// Part 2: combining classes, compatibility decompositions and compositions.
// Non-zero combining classes. A mark with a class above 1 moves before U+0334 (class 1); one below 240 moves after
// U+0345 (class 240). Only code points without a decomposition matter: the others never reach the reordering.
string Nfd(string s) => s.Normalize(NormalizationForm.FormD);
var marks = new List<int>();
foreach (int cp in codePoints)
{
    string c = char.ConvertFromUtf32(cp);
    if (Nfd(c) != c)
    {
        continue;
    }

    if (Nfd("a" + c + "\u0334") == "a\u0334" + c || Nfd("a\u0345" + c) == "a" + c + "\u0345")
    {
        marks.Add(cp);
    }
}

// x before y when ICU puts x first after a base letter in either order.
int Compare(int x, int y)
{
    string a = char.ConvertFromUtf32(x), b = char.ConvertFromUtf32(y);
    if (x == y)
    {
        return 0;
    }

    if (Nfd("a" + b + a) == "a" + a + b)
    {
        return -1;
    }

    return Nfd("a" + a + b) == "a" + b + a ? 1 : 0;
}

marks.Sort((x, y) => Compare(x, y) is int order and not 0 ? order : x.CompareTo(y));
var rankOf = new SortedDictionary<int, int>();
int rank = 0;
for (int i = 0; i < marks.Count; i++)
{
    if (i == 0 || Compare(marks[i - 1], marks[i]) < 0)
    {
        rank++;
    }

    rankOf[marks[i]] = rank;
}

if (rank > 255)
{
    Console.Error.WriteLine($"{rank} combining classes do not fit a byte.");
    return 1;
}

// Compatibility decompositions that differ from the canonical one.
var compatKeys = new List<int>();
var compatStarts = new List<int> { 0 };
var compatData = new StringBuilder();
foreach (int cp in codePoints)
{
    string c = char.ConvertFromUtf32(cp);
    string kd = c.Normalize(NormalizationForm.FormKD);
    if (kd != Nfd(c) && !(cp is >= 0xAC00 and <= 0xD7A3))
    {
        compatKeys.Add(cp);
        compatData.Append(kd);
        compatStarts.Add(compatData.Length);
    }
}

// Primary composites: code points that decompose canonically and that form C keeps. Their decomposition's last code
// point is the one composed onto the form-C composition of the rest, which must be a single code point.
var pairs = new SortedDictionary<long, int>();
foreach (int cp in codePoints)
{
    string c = char.ConvertFromUtf32(cp);
    if (cp is >= 0xAC00 and <= 0xD7A3 || Nfd(c) == c || c.Normalize(NormalizationForm.FormC) != c)
    {
        continue;
    }

    int[] runes = [.. Nfd(c).EnumerateRunes().Select(r => r.Value)];
    string first = string.Concat(runes[..^1].Select(char.ConvertFromUtf32)).Normalize(NormalizationForm.FormC);
    if (first.EnumerateRunes().Count() != 1)
    {
        Console.Error.WriteLine($"U+{cp:X4}: the rest of its decomposition does not compose to one code point.");
        return 1;
    }

    int firstCp = char.ConvertToUtf32(first, 0);
    int second = runes[^1];
    if ((char.ConvertFromUtf32(firstCp) + char.ConvertFromUtf32(second)).Normalize(NormalizationForm.FormC) != c)
    {
        Console.Error.WriteLine($"U+{cp:X4}: U+{firstCp:X4} + U+{second:X4} does not compose to it.");
        return 1;
    }

    pairs.Add(((long)firstCp << 21) | (uint)second, cp);
}

var output = new StringBuilder();
AppendHeader(output, "normalization", "UnicodeNormalizer");
AppendArray(output, "Code points with a non-zero canonical combining class, ascending.", "int", "MarkKeys", rankOf.Keys.Select(k => $"0x{k:X}"), first: true);
AppendArray(output, "The rank of each <see cref=\"MarkKeys\"/> entry's combining class among the non-zero classes (1 = lowest).", "byte", "MarkRanks", rankOf.Values.Select(v => v.ToString(CultureInfo.InvariantCulture)));
AppendArray(output, "Canonical compositions: (first &lt;&lt; 21) | second, ascending.", "long", "PairKeys", pairs.Keys.Select(k => $"0x{k:X}"));
AppendArray(output, "The composite of each <see cref=\"PairKeys\"/> entry.", "int", "Composites", pairs.Values.Select(v => $"0x{v:X}"));
AppendArray(output, "Code points whose compatibility decomposition differs from their canonical one, ascending.", "int", "CompatibilityKeys", compatKeys.Select(k => $"0x{k:X}"));
AppendArray(output, "Start of each decomposition in <see cref=\"CompatibilityDecompositions\"/>; one more entry than <see cref=\"CompatibilityKeys\"/>.", "ushort", "CompatibilityStarts", compatStarts.Select(o => o.ToString(CultureInfo.InvariantCulture)));
AppendLiteral(output, "The full compatibility decompositions, UTF-16, back to back.", "CompatibilityDecompositions", compatData.ToString());
string target = WriteFile(folder, "UnicodeNormalizer.Data.cs", output);
Console.WriteLine($"{rankOf.Count} marks in {rank} classes, {pairs.Count} compositions, {compatKeys.Count} compatibility decompositions ({compatData.Length} chars) -> {target}");
return 0;

static void AppendNumbers(StringBuilder output, IEnumerable<string> numbers)
{
    var line = new StringBuilder("       ");
    foreach (string n in numbers)
    {
        if (line.Length + n.Length + 2 > 118)
        {
            output.Append(line.ToString().TrimEnd()).Append('\n');
            line.Clear().Append("       ");
        }

        line.Append(' ').Append(n).Append(',');
    }

    output.Append(line.ToString().TrimEnd()).Append('\n');
}

// The file's opening: the generated-code marker naming the ICU data, the namespace and the partial class.
static void AppendHeader(StringBuilder output, string data, string className) =>
    output.Append($"// <auto-generated>\n// Generated by tools/GenerateUnicodeTables.cs from ICU's {data} data; do not edit by hand.\n// </auto-generated>\n")
        .Append("namespace TextClassification.Tokenization;\n\n")
        .Append($"internal static partial class {className}\n{{\n");

// A static readonly array with its summary; every array but the first is closed off from the one before.
static void AppendArray(StringBuilder output, string summary, string type, string name, IEnumerable<string> numbers, bool first = false)
{
    output.Append(first ? string.Empty : "    ];\n\n")
        .Append($"    /// <summary>{summary}</summary>\n    private static readonly {type}[] {name} =\n    [\n");
    AppendNumbers(output, numbers);
}

// The last array closed, then a string literal of \uXXXX escapes, 16 chars a line, and the end of the class.
static void AppendLiteral(StringBuilder output, string summary, string name, string chars)
{
    output.Append($"    ];\n\n    /// <summary>{summary}</summary>\n    private static ReadOnlySpan<char> {name} =>\n");
    var literal = new StringBuilder();
    foreach (char c in chars)
    {
        literal.Append($"\\u{(int)c:X4}");
    }

    for (int i = 0; i < literal.Length; i += 96)
    {
        output.Append(i == 0 ? "        \"" : "        + \"").Append(literal.ToString(i, Math.Min(96, literal.Length - i))).Append("\"\n");
    }

    output.Append("        ;\n}\n");
}

// Writes the file (the literal's last line ending with its semicolon) and returns its path.
static string WriteFile(string folder, string name, StringBuilder output)
{
    string path = Path.Combine(folder, name);
    File.WriteAllText(path, output.ToString().Replace("\"\n        ;", "\";"));
    return path;
}
