using System.Globalization;

namespace TextClassification.Bundles;

// The checks a manifest passes before any weights file is read: every failure names the manifest and the field.
public static partial class ModelBundle
{
    private static void ValidateMember(
        TokenizerSection? tokenizer, EncoderSection? encoder, PoolingSection? poolingSection, HeadSection? head, int labels, bool multiLabel, int formatVersion, string where, string manifestPath)
    {
        void Fail(string message) => throw new BundleFormatException(manifestPath, where + message);

        if (tokenizer?.Type != "hashedNGrams")
        {
            Fail($"tokenizer type '{tokenizer?.Type}' is not supported.");
        }

        if (tokenizer!.NeedsVersion3 && formatVersion < 3)
        {
            Fail($"'tokenizer.{(tokenizer.CaseShapes ? "caseShapes" : "skipBigrams")}' needs 'formatVersion' 3.");
        }

        if (tokenizer.NeedsVersion4 && formatVersion < 4)
        {
            Fail($"'tokenizer.{(tokenizer.SplitUnspacedScripts ? "splitUnspacedScripts" : "normalizeAccents")}' needs 'formatVersion' 4.");
        }

        if (tokenizer.UnspacedRunNGrams && formatVersion < 6)
        {
            Fail("'tokenizer.unspacedRunNGrams' needs 'formatVersion' 6.");
        }

        if (tokenizer.SymbolSuffixes && formatVersion < 7)
        {
            Fail("'tokenizer.symbolSuffixes' needs 'formatVersion' 7.");
        }

        if (tokenizer.NeedsVersion8 && formatVersion < 8)
        {
            Fail($"'tokenizer.{(tokenizer.FoldDiacritics ? "foldDiacritics" : "foldWidth")}' needs 'formatVersion' 8.");
        }

        if (tokenizer.StripMarkup && formatVersion < 9)
        {
            Fail("'tokenizer.stripMarkup' needs 'formatVersion' 9.");
        }

        if (tokenizer.NeedsVersion10 && formatVersion < 10)
        {
            Fail($"'tokenizer.{(tokenizer.FoldAbjadMarks ? "foldAbjadMarks" : "composeHangul")}' needs 'formatVersion' 10.");
        }

        if (tokenizer.FoldCompatibilityForms && formatVersion < 11)
        {
            Fail("'tokenizer.foldCompatibilityForms' needs 'formatVersion' 11.");
        }

        if (tokenizer.SkipFormatChars && formatVersion < 12)
        {
            Fail("'tokenizer.skipFormatChars' needs 'formatVersion' 12.");
        }

        if (tokenizer.FoldConfusables && formatVersion < 13)
        {
            Fail("'tokenizer.foldConfusables' needs 'formatVersion' 13.");
        }

        if (tokenizer.JoinSpacedLetters && formatVersion < 14)
        {
            Fail("'tokenizer.joinSpacedLetters' needs 'formatVersion' 14.");
        }

        if (tokenizer.FoldDiacritics && !tokenizer.NormalizeAccents)
        {
            Fail("'tokenizer.foldDiacritics' needs 'normalizeAccents' (it reads the decomposed letters).");
        }

        if (tokenizer.FoldAbjadMarks && !tokenizer.FoldDiacritics)
        {
            Fail("'tokenizer.foldAbjadMarks' needs 'foldDiacritics' (it folds more marks with them).");
        }

        if (tokenizer.ComposeHangul && !tokenizer.NormalizeAccents)
        {
            Fail("'tokenizer.composeHangul' needs 'normalizeAccents' (it reads the decomposed letters).");
        }

        if (tokenizer.FoldCompatibilityForms && !tokenizer.NormalizeAccents)
        {
            Fail("'tokenizer.foldCompatibilityForms' needs 'normalizeAccents' (it reads the folded letters decomposed).");
        }

        try
        {
            ToOptions(tokenizer!).Validate();
        }
        catch (ArgumentOutOfRangeException ex)
        {
            // Without .NET's "(Parameter 'WordNGrams')" and "Actual value was …" line: the words name the setting and value.
            throw new BundleFormatException(manifestPath, $"{where}tokenizer setting out of range: {ArgumentMessages.Reason(ex)}", ex);
        }

        if (encoder?.Type != "embeddingBag" || encoder.Dimension < 1 || encoder.Dimension > MaxDimension || encoder.Rows < 0)
        {
            Fail($"encoder must be an embeddingBag with 1 ≤ dimension ≤ {MaxDimension} and rows ≥ 0.");
        }

        string? pooling = poolingSection?.Type;
        if (pooling != MeanPooling && pooling != TfIdfPooling)
        {
            Fail($"pooling type '{pooling}' is not supported (expected '{MeanPooling}' or '{TfIdfPooling}').");
        }

        if (pooling == TfIdfPooling && string.IsNullOrEmpty(encoder!.IdfFile))
        {
            Fail("'tfidf' pooling needs the encoder's 'idfFile'.");
        }

        string activation = multiLabel ? SigmoidActivation : SoftmaxActivation;
        if (head?.Type is not (LinearHeadType or IdentityHeadType) || head.Activation != activation)
        {
            Fail($"head must be {LinearHeadType} or {IdentityHeadType} with {activation} activation (problem type '{(multiLabel ? ModelManifest.MultiLabel : ModelManifest.SingleLabel)}').");
        }

        if (head!.Type == IdentityHeadType)
        {
            if (formatVersion < 5)
            {
                Fail($"an '{IdentityHeadType}' head needs 'formatVersion' 5.");
            }

            if (head.Inputs != head.Outputs)
            {
                Fail($"an '{IdentityHeadType}' head takes as many inputs as it has outputs; it has {head.Inputs} and {head.Outputs}.");
            }
        }

        if (head.Outputs != labels)
        {
            Fail($"the head has {head.Outputs} outputs but there are {labels} labels.");
        }

        if (head.Inputs != encoder!.Dimension)
        {
            Fail($"the head takes {head.Inputs} inputs but the encoder gives {encoder.Dimension}.");
        }
    }

    private static void Validate(ModelManifest manifest, string manifestPath)
    {
        void Fail(string message) => throw new BundleFormatException(manifestPath, message);

        if (!string.Equals(manifest.Format, ModelManifest.FormatName, StringComparison.Ordinal))
        {
            Fail($"'format' is '{manifest.Format}', expected '{ModelManifest.FormatName}'.");
        }

        if (manifest.FormatVersion < 1 || manifest.FormatVersion > ModelManifest.CurrentFormatVersion)
        {
            Fail($"'formatVersion' {manifest.FormatVersion} is not supported (this library reads 1 to {ModelManifest.CurrentFormatVersion}); upgrade the TextClassification package.");
        }

        bool multiLabel = string.Equals(manifest.ProblemType, ModelManifest.MultiLabel, StringComparison.Ordinal);
        if (!multiLabel && !string.Equals(manifest.ProblemType, ModelManifest.SingleLabel, StringComparison.Ordinal))
        {
            Fail($"'problemType' '{manifest.ProblemType}' is not supported by n-gram bundles (expected '{ModelManifest.SingleLabel}' or '{ModelManifest.MultiLabel}').");
        }

        if (manifest.Labels is null || manifest.Labels.Count == 0)
        {
            Fail("'labels' is empty.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string label in manifest.Labels!)
        {
            if (string.IsNullOrEmpty(label) || !seen.Add(label))
            {
                Fail($"'labels' holds an empty or repeated label ('{label}').");
            }
        }

        if (manifest.Temperature is { } temperature)
        {
            if (manifest.FormatVersion < 15 || multiLabel || IsEncoderHead(manifest))
            {
                Fail("'temperature' needs 'formatVersion' 15 and a single-label n-gram model.");
            }

            // Checked as the float the classifier takes: the double 0.05 (the documented lowest) is under 0.05f.
            if (!TextClassifier.IsValidTemperature((float)temperature))
            {
                Fail(string.Create(CultureInfo.InvariantCulture, $"'temperature' {temperature} is outside [{TextClassifier.MinTemperature}, {TextClassifier.MaxTemperature}]."));
            }
        }

        if (IsEncoderHead(manifest))
        {
            ValidateEncoderHead(manifest, manifestPath);
            return;
        }

        ValidateMember(manifest.Tokenizer, manifest.Encoder, manifest.Pooling, manifest.Head, manifest.Labels!.Count, multiLabel, manifest.FormatVersion, string.Empty, manifestPath);
        if (manifest.Ensemble is { } ensemble)
        {
            if (manifest.FormatVersion < 2)
            {
                Fail("'ensemble' needs 'formatVersion' 2.");
            }

            for (int m = 0; m < ensemble.Count; m++)
            {
                EnsembleMemberSection? member = ensemble[m];
                if (member is null)
                {
                    Fail($"ensemble[{m}] is null.");
                }

                ValidateMember(member!.Tokenizer, member.Encoder, member.Pooling, member.Head, manifest.Labels.Count, multiLabel, manifest.FormatVersion, $"ensemble[{m}]: ", manifestPath);
            }
        }

        if (manifest.EnsembleCombination is { } combination)
        {
            if (combination == ModelManifest.RootMeanCombination)
            {
                if (manifest.FormatVersion < 3 || manifest.Ensemble is null || multiLabel)
                {
                    Fail($"'ensembleCombination' '{combination}' needs 'formatVersion' 3, an 'ensemble' and a single-label model.");
                }
            }
            else if (combination != ModelManifest.MeanCombination)
            {
                Fail($"'ensembleCombination' '{combination}' is not supported (expected '{ModelManifest.MeanCombination}' or '{ModelManifest.RootMeanCombination}').");
            }
        }

        if (manifest.Files is null)
        {
            Fail("'files' is missing.");
        }

        if (manifest.Abstain is { } abstain && !AbstainSection.IsValidThreshold(abstain.Threshold))
        {
            Fail($"'abstain.threshold' {abstain.Threshold} is outside [0, 1].");
        }

        ValidateThresholds(manifest, multiLabel, manifestPath);
    }

    private static void ValidateThresholds(ModelManifest manifest, bool multiLabel, string manifestPath)
    {
        void Fail(string message) => throw new BundleFormatException(manifestPath, message);

        if (!multiLabel)
        {
            if (manifest.Thresholds is not null)
            {
                Fail("'thresholds' belongs to 'multiLabel' models only.");
            }

            return;
        }

        if (manifest.Abstain is not null)
        {
            Fail("'abstain' is not supported for 'multiLabel' models (they have per-label 'thresholds').");
        }

        if (manifest.Thresholds is null)
        {
            Fail("'multiLabel' models need 'thresholds', one per label.");
        }

        if (manifest.Thresholds!.Count != manifest.Labels.Count)
        {
            Fail($"'thresholds' has {manifest.Thresholds.Count} values but there are {manifest.Labels.Count} labels.");
        }

        for (int i = 0; i < manifest.Thresholds.Count; i++)
        {
            float threshold = manifest.Thresholds[i];
            if (!(threshold >= 0f && threshold <= 1f))
            {
                Fail($"'thresholds[{i}]' ({manifest.Labels[i]}) is {threshold}, outside [0, 1].");
            }
        }
    }
}
