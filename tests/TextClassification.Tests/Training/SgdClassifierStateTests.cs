using FsCheck;
using FsCheck.Xunit;
using TextClassification.Encoders;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Training;

/// <summary>The SGD state's reset, which lets the refit reuse the early-stopping search's memory.</summary>
public sealed class SgdClassifierStateTests
{
    [Property(MaxTest = 50)]
    public void A_reset_state_equals_a_new_one(NonNegativeInt seed, PositiveInt rawRows, PositiveInt rawDimension, bool multiLabel)
    {
        int rows = 1 + (rawRows.Get % 40);
        int dimension = 1 + (rawDimension.Get % 24);
        const int Classes = 3;
        var used = new SgdClassifierState(rows, dimension, Classes, NGramPooling.TfIdf, seed.Get + 1, multiLabel);

        // Train it a little so every array has moved away from its start.
        int[] features = [0, rows - 1];
        float[] weights = [1f, 2f];
        for (int step = 0; step < 5; step++)
        {
            if (multiLabel)
            {
                used.StepMultiLabel(features, weights, [step % Classes], 0.5f);
            }
            else
            {
                used.Step(features, weights, step % Classes, 1f, 0.5f);
            }
        }

        Assert.NotEqual(0f, used.HeadBias.Select(Math.Abs).Sum());

        used.Reset(seed.Get);
        var fresh = new SgdClassifierState(rows, dimension, Classes, NGramPooling.TfIdf, seed.Get, multiLabel);

        Assert.Equal(fresh.Embeddings, used.Embeddings);
        Assert.Equal(fresh.HeadWeights, used.HeadWeights);
        Assert.Equal(fresh.HeadBias, used.HeadBias);
    }
}
