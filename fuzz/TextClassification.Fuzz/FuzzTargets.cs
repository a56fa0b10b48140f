using TextClassification.Bundles;
using TextClassification.Tokenization;

namespace TextClassification.Fuzz;

/// <summary>
/// The properties every input must keep. Each target returns null when the input passed, or a description of the
/// failure (an unexpected exception or a broken property); it never throws.
/// </summary>
internal static class FuzzTargets
{
    private static readonly string[] ProbeTexts = ["the stock market", "goal in the match", "rain and storm", "", "😀"];

    /// <summary>Tokenizers and the whole classification path on one text.</summary>
    public static string? Text(string text)
    {
        try
        {
            return Featurizers(text) ?? Classifiers(text) ?? WordPieces(text);
        }
#pragma warning disable CA1031 // Any exception is a finding.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return $"{ex.GetType().FullName}: {ex.Message}{Environment.NewLine}{ex.StackTrace}";
        }
    }

    /// <summary>Loading a (possibly damaged) bundle: success, or a <see cref="BundleFormatException"/>; a loaded model
    /// must classify.</summary>
    public static string? Bundle(string folder) => Bundle(folder, out _);

    /// <inheritdoc cref="Bundle(string)"/>
    public static string? Bundle(string folder, out bool loaded)
    {
        loaded = false;
        try
        {
            TextClassifier model;
            try
            {
                model = TextClassifier.Load(folder);
            }
            catch (BundleFormatException ex) when (ex.FilePath.Length > 0)
            {
                return null;
            }

            loaded = true;

            foreach (string text in ProbeTexts)
            {
                string? failure = CheckDistribution(model, text);
                if (failure is not null)
                {
                    return "loaded, then: " + failure;
                }
            }

            return null;
        }
#pragma warning disable CA1031 // Any exception is a finding.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return $"{ex.GetType().FullName}: {ex.Message}{Environment.NewLine}{ex.StackTrace}";
        }
    }

    private static string? Featurizers(string text)
    {
        foreach (HashedNGramOptions options in FuzzModels.FeaturizerOptions)
        {
            var vectorized = new HashedNGramFeaturizer(options, vectorized: true);
            var scalar = new HashedNGramFeaturizer(options, vectorized: false);
            int[] a = new int[vectorized.MaxFeatures];
            int[] b = new int[scalar.MaxFeatures];
            int countA = vectorized.Extract(text, a);
            int countB = scalar.Extract(text, b);
            if (!a.AsSpan(0, countA).SequenceEqual(b.AsSpan(0, countB)))
            {
                return $"featurizer {options}: vectorized gives {countA} features, scalar {countB}, or they differ";
            }

            foreach (int bucket in a.AsSpan(0, countA))
            {
                if (bucket < 0 || bucket >= options.Buckets)
                {
                    return $"featurizer {options}: bucket {bucket} out of range";
                }
            }
        }

        return null;
    }

    private static string? Classifiers(string text)
    {
        foreach (TextClassifier model in FuzzModels.Models)
        {
            string? failure = CheckDistribution(model, text);
            if (failure is not null)
            {
                return failure;
            }
        }

        return null;
    }

    private static string? CheckDistribution(TextClassifier model, string text)
    {
        Prediction prediction = model.Classify(text);
        float sum = 0;
        foreach (float score in prediction.Scores)
        {
            if (!float.IsFinite(score) || score < 0 || score > 1)
            {
                return $"score {score} is not a probability";
            }

            sum += score;
        }

        if (Math.Abs(sum - 1) > 1e-3f)
        {
            return $"scores sum to {sum}";
        }

        float[] scores = new float[model.Labels.Count];
        model.Score(text, scores);
        return scores.AsSpan().SequenceEqual(prediction.Scores.ToArray()) ? null : "Score differs from Classify";
    }

    private static string? WordPieces(string text)
    {
        foreach (WordPieceTokenizer tokenizer in FuzzModels.WordPieces)
        {
            int maxLength = tokenizer.Options.MaxLength;
            WordPieceEncoding encoding = tokenizer.Encode(text);
            if (encoding.Ids.Length < 2 || encoding.Ids.Length > maxLength || encoding.Offsets.Length != encoding.Ids.Length)
            {
                return $"WordPiece (MaxLength {maxLength}) gave {encoding.Ids.Length} ids";
            }

            foreach (int id in encoding.Ids)
            {
                if (id < 0 || id >= tokenizer.Vocabulary.Count)
                {
                    return $"WordPiece id {id} outside the vocabulary";
                }
            }

            foreach (TokenOffset offset in encoding.Offsets)
            {
                if (offset.Start < 0 || offset.End < offset.Start || offset.End > text.Length)
                {
                    return $"WordPiece offset {offset} outside the text of {text.Length} chars";
                }
            }

            WordPieceEncoding pair = tokenizer.Encode(text, text);
            if (pair.Ids.Length < 3 || pair.Ids.Length > maxLength)
            {
                return $"WordPiece pair (MaxLength {maxLength}) gave {pair.Ids.Length} ids";
            }
        }

        return null;
    }
}
