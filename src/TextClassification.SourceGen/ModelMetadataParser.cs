using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis.Text;
using TextClassification.SourceGen.Json;
using TextClassification.SourceGen.Model;

namespace TextClassification.SourceGen;

/// <summary>Reads the labels of a model from its metadata and turns an MSBuild item into a <see cref="ModelToGenerate"/>.</summary>
internal static class ModelMetadataParser
{
    /// <summary>Builds the model to generate for one item; <paramref name="text"/> is null when the file could not be read,
    /// and <paramref name="encodingProblem"/> says why the runtime could not read its bytes (<see cref="MetadataEncoding"/>).</summary>
    public static ModelToGenerate Parse(ModelItem item, string? text, string? encodingProblem = null)
    {
        var diagnostics = new List<DiagnosticInfo>();
        string path = item.MetadataPath;
        string className = item.ClassName.Length > 0 ? item.ClassName : DefaultClassName(item);
        string ns = item.Namespace;
        if (!IdentifierSanitizer.IsValidIdentifier(className))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidClassName, path, default, className, path));
        }

        if (ns.Length > 0 && !IdentifierSanitizer.IsValidNamespace(ns))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidNamespace, path, default, ns, path));
        }

        var members = new List<LabelMember>();
        if (text is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MetadataFileMissing, path, default, path));
        }
        else if (encodingProblem is not null)
        {
            diagnostics.Add(Unusable(path, default, encodingProblem));
        }
        else if (ReadLabels(text, path, diagnostics) is { } labels)
        {
            AssignIdentifiers(labels, path, members, diagnostics);
        }

        return new ModelToGenerate(
            ns,
            className,
            item.ModelPath,
            path,
            new EquatableArray<LabelMember>(members.ToArray()),
            new EquatableArray<DiagnosticInfo>(diagnostics.ToArray()));
    }

    /// <summary>
    /// The labels in model order: a bundle manifest's <c>labels</c> array of strings, or a Hugging Face
    /// <c>config.json</c>'s <c>id2label</c> object whose keys are the indices 0…n-1 (without <c>id2label</c> and
    /// <c>label2id</c>, transformers' default LABEL_0 and LABEL_1, as the runtime reads it). Null (with a diagnostic)
    /// when the file is malformed, has neither field, or has no labels.
    /// </summary>
    internal static List<(string Label, LinePosition Position)>? ReadLabels(string text, string path, List<DiagnosticInfo> diagnostics)
    {
        JsonValue? root = JsonReader.TryParse(text, out string? error, out LinePosition errorAt);
        if (root is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MetadataUnreadable, path, errorAt, path, $"invalid JSON at line {errorAt.Line + 1}, column {errorAt.Character + 1}: {error}"));
            return null;
        }

        if (root.Kind != JsonKind.Object)
        {
            diagnostics.Add(Unusable(path, root.Position, "the file is not a JSON object"));
            return null;
        }

        bool huggingFace = root.Property("labels") is null;
        if (!huggingFace && BundleFormatProblem(root, path) is { } formatProblem)
        {
            return Fail(diagnostics, formatProblem);
        }

        List<(string, LinePosition)>? labels = root.Property("labels") is { } array
            ? FromLabelsArray(array, path, diagnostics)
            : root.Property("id2label") is { } map && !IsNull(map) && (map.Kind != JsonKind.Object || map.Members!.Count > 0 || root.Property("label2id") is null)
                ? FromId2Label(map, path, diagnostics)
                : root.Property("label2id") is { } inverse && !IsNull(inverse)
                    ? FromLabel2Id(inverse, path, diagnostics)
                    : IsHuggingFaceConfig(path) && (root.Property("id2label") is null || IsNull(root.Property("id2label")!))
                        ? TransformersDefaultLabels(root, path, diagnostics)
                        : Fail(diagnostics, Unusable(path, root.Position, "it has neither a 'labels' array (textclassifier.json) nor an 'id2label' object (Hugging Face config.json)"));
        if (labels is null)
        {
            return null;
        }

        // What the runtime refuses to load (HuggingFaceConfig.LabelsInIdOrder) gets no enum either.
        if (huggingFace && root.Property("problem_type") is { } problemType && problemType.Kind != JsonKind.String && !IsNull(problemType))
        {
            return Fail(diagnostics, Unusable(path, problemType.Position, "'problem_type' must be a string"));
        }

        // The runtime refuses an empty label in either format (ModelBundle, HuggingFaceConfig).
        if (labels.Exists(label => label.Item1.Length == 0))
        {
            return Fail(diagnostics, Unusable(path, labels.Find(label => label.Item1.Length == 0).Item2, huggingFace ? "a label is empty; each id needs a label" : "a label is empty"));
        }

        // A lone surrogate (an escape such as \ud800 in a hand-edited file) is no text: System.Text.Json refuses to read
        // such a label, so the runtime never loads the file (an outside check: the generator had given it an enum).
        if (labels.FindIndex(label => HasLoneSurrogate(label.Item1)) is int broken and >= 0)
        {
            return Fail(diagnostics, Unusable(path, labels[broken].Item2, $"label {broken} holds a lone surrogate (an unpaired \\u escape from D800 to DFFF), which the runtime cannot read"));
        }

        if (huggingFace && root.Property("problem_type") is { Kind: JsonKind.String } problem &&
            problem.Text is not ("single_label_classification" or "multi_label_classification"))
        {
            return Fail(diagnostics, Unusable(path, problem.Position, problem.Text == "regression"
                ? "'problem_type' is 'regression': the model predicts a number, not a label"
                : $"'problem_type' is '{problem.Text}'; expected single_label_classification or multi_label_classification"));
        }

        if (huggingFace && labels.Count == 1 && root.Property("problem_type") is not { Text: "multi_label_classification" })
        {
            return Fail(diagnostics, Unusable(path, root.Position, "it has one label: a single-label classifier needs two or more (one output without problem_type is a regression model in transformers)"));
        }

        if (labels.Count == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoLabels, path, root.Position, path));
            return null;
        }

        var seen = new HashSet<string>(System.StringComparer.Ordinal);
        foreach ((string label, LinePosition position) in labels)
        {
            if (!seen.Add(label))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateLabel, path, position, label, path));
                return null;
            }
        }

        return labels;
    }

    /// <summary>The newest bundle <c>formatVersion</c> the runtime of this package reads (ModelManifest.CurrentFormatVersion,
    /// which a test keeps equal).</summary>
    internal const int CurrentFormatVersion = 15;

    // What ModelBundle's validation refuses before it looks at the labels: a 'format' other than "textclassifier", or a
    // 'formatVersion' that is no whole number from 1 to CurrentFormatVersion (a bundle written by a newer textclf). The
    // enum had been generated and the app failed at its first Load() (review 48). Either may be left out (the defaults).
    private static DiagnosticInfo? BundleFormatProblem(JsonValue root, string path)
    {
        if (root.Property("format") is { } format && !(format.Kind == JsonKind.String && format.Text == "textclassifier"))
        {
            return Unusable(path, format.Position, "its 'format' is not \"textclassifier\", so the runtime does not load it as a bundle");
        }

        if (root.Property("formatVersion") is not { } version)
        {
            return null;
        }

        if (version.Kind != JsonKind.Number || !int.TryParse(version.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int number))
        {
            return Unusable(path, version.Position, "its 'formatVersion' is not a whole number");
        }

        return number < 1 || number > CurrentFormatVersion
            ? Unusable(path, version.Position, $"its 'formatVersion' is {number}, and this TextClassification package reads 1 to {CurrentFormatVersion}; upgrade the package (a newer textclf wrote the bundle) or train it again with this one")
            : null;
    }

    private static List<(string, LinePosition)>? FromLabelsArray(JsonValue array, string path, List<DiagnosticInfo> diagnostics)
    {
        if (array.Kind != JsonKind.Array)
        {
            return Fail(diagnostics, Unusable(path, array.Position, "'labels' is not an array"));
        }

        var labels = new List<(string, LinePosition)>(array.Items!.Count);
        foreach (JsonValue item in array.Items)
        {
            if (item.Kind != JsonKind.String)
            {
                return Fail(diagnostics, Unusable(path, item.Position, "every entry of 'labels' must be a string"));
            }

            labels.Add((item.Text!, item.Position));
        }

        return labels;
    }

    // A config.json (the runtime's HuggingFaceConfig.FileName) that names no labels: transformers reads it as two.
    private static bool IsHuggingFaceConfig(string path) =>
        string.Equals(System.IO.Path.GetFileName(path), "config.json", System.StringComparison.OrdinalIgnoreCase);

    // transformers' labels for a config that names none (LABEL_i for num_labels, 2 by default), which
    // HuggingFaceConfig.TransformersLabels mirrors; null (with the runtime's refusal) where 'architectures' names no
    // sequence classifier: an encoder's folder.
    private static List<(string, LinePosition)>? TransformersDefaultLabels(JsonValue root, string path, List<DiagnosticInfo> diagnostics)
    {
        if (root.Property("architectures") is { Kind: JsonKind.Array } architectures)
        {
            var names = new List<string>();
            foreach (JsonValue entry in architectures.Items!)
            {
                if (entry.Kind == JsonKind.String && entry.Text is { Length: > 0 } name)
                {
                    names.Add(name);
                }
            }

            if (names.Count > 0 && !names.Exists(name => name.EndsWith("ForSequenceClassification", System.StringComparison.Ordinal)))
            {
                return Fail(diagnostics, Unusable(path, architectures.Position, $"it names no labels and its 'architectures' ({string.Join(", ", names)}) holds no sequence classifier: an encoder's folder"));
            }
        }

        // PretrainedConfig's num_labels setter: LABEL_0..LABEL_{n-1} (num_labels 3 is three labels; audit 38).
        int count = root.Property("num_labels") is { Kind: JsonKind.Number } numLabels &&
            int.TryParse(numLabels.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int given) && given > 0
                ? given
                : 2;
        if (count > MaxUnnamedLabels)
        {
            // As the runtime refuses it (HuggingFaceConfig.MaxUnnamedLabels): an enum of a million members is no help.
            return Fail(diagnostics, Unusable(path, root.Property("num_labels")!.Position, $"'num_labels' is {count} and no labels are named; more than {MaxUnnamedLabels} unnamed labels is not read: name them in 'id2label'"));
        }

        var labels = new List<(string, LinePosition)>(count);
        for (int i = 0; i < count; i++)
        {
            labels.Add(("LABEL_" + i.ToString(CultureInfo.InvariantCulture), root.Position));
        }

        return labels;
    }

    // HuggingFaceConfig.MaxUnnamedLabels in the runtime.
    private const int MaxUnnamedLabels = 100_000;

    private static List<(string, LinePosition)>? FromId2Label(JsonValue map, string path, List<DiagnosticInfo> diagnostics)
    {
        if (map.Kind != JsonKind.Object)
        {
            return Fail(diagnostics, Unusable(path, map.Position, "'id2label' is not an object"));
        }

        // A key written twice means its last value, as the runtime reads it (System.Text.Json, like Python's json): the
        // generator had refused such a config the runtime loads.
        var members = new List<KeyValuePair<string, JsonValue>>(map.Members!.Count);
        var slotOfKey = new Dictionary<string, int>(System.StringComparer.Ordinal);
        foreach (KeyValuePair<string, JsonValue> member in map.Members)
        {
            if (member.Value.Kind != JsonKind.String)
            {
                return Fail(diagnostics, Unusable(path, member.Value.Position, $"'id2label' entry '{member.Key}' is not a string"));
            }

            // Checked before a later copy of the key replaces it: the runtime reads every value, and one it cannot read
            // fails the file whatever comes after it.
            if (HasLoneSurrogate(member.Value.Text!))
            {
                return Fail(diagnostics, Unusable(path, member.Value.Position, $"'id2label' entry '{member.Key}' holds a lone surrogate (an unpaired \\u escape from D800 to DFFF), which the runtime cannot read"));
            }

            if (slotOfKey.TryGetValue(member.Key, out int earlier))
            {
                members[earlier] = member;
            }
            else
            {
                slotOfKey.Add(member.Key, members.Count);
                members.Add(member);
            }
        }

        int count = members.Count;
        var slots = new (string, LinePosition)?[count];
        foreach (KeyValuePair<string, JsonValue> member in members)
        {
            if (!int.TryParse(member.Key, NumberStyles.None, CultureInfo.InvariantCulture, out int id) || id >= count)
            {
                return Fail(diagnostics, Unusable(path, member.Value.Position, $"'id2label' keys must be the ids 0 to {count - 1}; found '{member.Key}'"));
            }

            if (slots[id] is not null)
            {
                return Fail(diagnostics, Unusable(path, member.Value.Position, $"'id2label' lists id {id} twice"));
            }

            slots[id] = (member.Value.Text!, member.Value.Position);
        }

        return InIdOrder(slots);
    }

    private static bool HasLoneSurrogate(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNull(JsonValue value) => value.Kind == JsonKind.Literal && value.Text == "null";

    // A config with label2id alone ({"neg": 0, "pos": 1}), read the other way round; ids may be numbers or strings.
    private static List<(string, LinePosition)>? FromLabel2Id(JsonValue map, string path, List<DiagnosticInfo> diagnostics)
    {
        if (map.Kind != JsonKind.Object)
        {
            return Fail(diagnostics, Unusable(path, map.Position, "'label2id' is not an object"));
        }

        int count = map.Members!.Count;
        var slots = new (string, LinePosition)?[count];
        foreach (KeyValuePair<string, JsonValue> member in map.Members)
        {
            if (member.Value.Kind is not (JsonKind.Number or JsonKind.String) ||
                !int.TryParse(member.Value.Text, NumberStyles.None, CultureInfo.InvariantCulture, out int id) || id >= count || slots[id] is not null)
            {
                return Fail(diagnostics, Unusable(path, member.Value.Position, $"'label2id' must give the labels the ids 0 to {count - 1}, each once; '{member.Key}' has {member.Value.Text}"));
            }

            slots[id] = (member.Key, member.Value.Position);
        }

        return InIdOrder(slots);
    }

    // Every slot is filled: ids were checked to be 0..n-1, each once.
    private static List<(string, LinePosition)> InIdOrder((string, LinePosition)?[] slots)
    {
        var labels = new List<(string, LinePosition)>(slots.Length);
        foreach ((string, LinePosition)? slot in slots)
        {
            labels.Add(slot!.Value);
        }

        return labels;
    }

    /// <summary>Sanitises every label; a later label whose identifier is taken gets the first free <c>_2</c>,
    /// <c>_3</c>, … suffix (model order decides, so the result is deterministic) and a warning.</summary>
    private static void AssignIdentifiers(List<(string Label, LinePosition Position)> labels, string path, List<LabelMember> members, List<DiagnosticInfo> diagnostics)
    {
        var baseNames = new string[labels.Count];
        for (int i = 0; i < labels.Count; i++)
        {
            baseNames[i] = IdentifierSanitizer.ToIdentifier(labels[i].Label);
        }

        // Reserve every natural name first, so a suffixed name never steals a later label's own name.
        var taken = new HashSet<string>(baseNames, System.StringComparer.Ordinal);
        var owner = new Dictionary<string, string>(System.StringComparer.Ordinal);
        for (int i = 0; i < labels.Count; i++)
        {
            string name = baseNames[i];
            if (owner.TryGetValue(name, out string? first))
            {
                int suffix = 2;
                string candidate;
                do
                {
                    candidate = IdentifierSanitizer.WithSuffix(name, "_" + suffix.ToString(CultureInfo.InvariantCulture));
                    suffix++;
                }
                while (!taken.Add(candidate));

                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.IdentifierCollision, path, labels[i].Position, first, labels[i].Label, name, candidate));
                name = candidate;
            }

            owner[name] = labels[i].Label;
            members.Add(new LabelMember(name, labels[i].Label, i));
        }
    }

    /// <summary>The folder name of the model (or of its metadata file), sanitised: <c>Models/intent</c> gives <c>Intent</c>.</summary>
    private static string DefaultClassName(ModelItem item)
    {
        string path = item.MetadataPath.Replace('\\', '/');
        string[] parts = path.Split(new[] { '/' }, System.StringSplitOptions.RemoveEmptyEntries);
        string folder = parts.Length >= 2 ? parts[parts.Length - 2] : "Model";
        return IdentifierSanitizer.ToIdentifier(folder).TrimStart('@');
    }

    private static DiagnosticInfo Unusable(string path, LinePosition position, string reason) =>
        DiagnosticInfo.Create(DiagnosticDescriptors.MetadataUnreadable, path, position, path, reason);

    private static List<(string, LinePosition)>? Fail(List<DiagnosticInfo> diagnostics, DiagnosticInfo diagnostic)
    {
        diagnostics.Add(diagnostic);
        return null;
    }
}
