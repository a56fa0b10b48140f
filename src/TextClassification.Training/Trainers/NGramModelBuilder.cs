using TextClassification.Encoders;
using TextClassification.Heads;
using TextClassification.Tokenization;

namespace TextClassification.Training.Trainers;

/// <summary>Assembles a trained member (featurizer, feature rows, table, head) into an <see cref="NGramModel"/>.</summary>
internal static class NGramModelBuilder
{
    /// <summary>Which rows of <paramref name="matrix"/> the texts at <paramref name="indices"/> use.</summary>
    internal static bool[] MarkRows(FeatureMatrix matrix, int[] indices)
    {
        bool[] marked = new bool[matrix.BucketsByRow.Length];
        foreach (int i in indices)
        {
            foreach (int row in matrix.Features(i))
            {
                marked[row] = true;
            }
        }

        return marked;
    }

    // keepRows: when the model learnt from part of the data only, the rows it saw; the others are dropped, as unseen
    // features are at inference. sameRowsAs: a model built from the same matrix and rows, whose index and IDF are reused.
    internal static NGramModel Build(
        HashedNGramFeaturizer featurizer, FeatureMatrix matrix, float[] table, LinearHead head, bool[]? keepRows, bool sigmoid, EmbeddingBag? sameRowsAs = null)
    {
        int dimension = head.Inputs;
        int[] buckets = matrix.BucketsByRow;
        float[]? idf = matrix.Idf;
        if (keepRows is not null)
        {
            // Rows seen only in the validation split were never trained: drop them, as unseen features are at inference.
            var keptBuckets = new List<int>(buckets.Length);
            var keptTable = new List<float>(table.Length);
            var keptIdf = new List<float>(idf is null ? 0 : buckets.Length);
            for (int row = 0; row < buckets.Length; row++)
            {
                if (keepRows[row])
                {
                    keptBuckets.Add(buckets[row]);
                    keptTable.AddRange(table.AsSpan(row * dimension, dimension));
                    if (idf is not null)
                    {
                        keptIdf.Add(idf[row]);
                    }
                }
            }

            buckets = [.. keptBuckets];
            table = [.. keptTable];
            idf = idf is null ? null : [.. keptIdf];
        }

        EmbeddingBag encoder;
        if (sameRowsAs is not null)
        {
            if (sameRowsAs.Index.Count != buckets.Length || sameRowsAs.Idf?.Length != idf?.Length)
            {
                throw new InvalidOperationException("The models to share an index do not have the same rows.");
            }

            encoder = new EmbeddingBag(sameRowsAs.Index, table, dimension, sameRowsAs.Idf);
        }
        else
        {
            encoder = new EmbeddingBag(new FeatureIndex(buckets), table, dimension, idf);
        }

        return new NGramModel(featurizer, encoder, head, sigmoid);
    }
}
