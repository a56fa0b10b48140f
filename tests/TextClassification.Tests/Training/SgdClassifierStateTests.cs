using FsCheck;
using FsCheck.Xunit;
using TextClassification.Encoders;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Training;

/// <summary>The SGD state's reset, which lets the refit reuse the early-stopping search's memory, and its step past
/// <see cref="SgdClassifierState.ManyLabels"/> labels, which leaves out the labels of negligible gradient.</summary>
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

    [Theory]
    [InlineData(SgdClassifierState.ManyLabels, false, 16)]
    [InlineData(SgdClassifierState.ManyLabels + 1, true, 16)]
    [InlineData(2000, true, 16)]
    [InlineData(SgdClassifierState.ManyLabels, false, 64)] // the default width, whose step is RowArithmetic.HeadStepWide
    [InlineData(2000, true, 64)]
    public void Past_many_labels_a_step_leaves_out_only_labels_of_negligible_gradient(int classes, bool skips, int dimension)
    {
        var state = new SgdClassifierState(8, dimension, classes, NGramPooling.TfIdf, seed: 3);
        int[] features = [1, 5];
        float[] weights = [1f, 1f];

        // Train on label 0 until most labels' probabilities are tiny.
        for (int step = 0; step < 40; step++)
        {
            state.Step(features, weights, 0, 1f, 1f);
        }

        float[] probabilities = state.Predict(features, weights, rowFilter: null).ToArray();
        float[] bias = [.. state.HeadBias];
        float[] head = [.. state.HeadWeights];
        state.Step(features, weights, 0, 1f, 0.5f);

        float negligible = 0.01f / classes;
        int left = 0;
        double leftMass = 0;
        for (int c = 1; c < classes; c++)
        {
            bool unchanged = state.HeadBias[c] == bias[c] && state.HeadWeights.AsSpan(c * dimension, dimension).SequenceEqual(head.AsSpan(c * dimension, dimension));
            bool expectLeftOut = skips && probabilities[c] <= negligible;
            Assert.Equal(expectLeftOut, unchanged);
            left += unchanged ? 1 : 0;
            leftMass += unchanged ? probabilities[c] : 0;
        }

        Assert.NotEqual(bias[0], state.HeadBias[0]);
        Assert.True(leftMass <= 0.01, $"left out a gradient of {leftMass}");
        if (skips)
        {
            // The rule has something to do here: most labels fell below it.
            Assert.True(left > classes / 2, $"{left} of {classes} labels left out");
        }
        else
        {
            Assert.Equal(0, left);
        }
    }
}
