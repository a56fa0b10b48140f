using System.Globalization;
using FsCheck;
using FsCheck.Xunit;
using TextClassification.Tests.Support;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Training;

/// <summary>The linear member's C raised in proportion below <see cref="LinearModelOptions.SmallDataTexts"/> texts.</summary>
public sealed class LinearSmallDataTests
{
    private static readonly List<string> Probe = SyntheticData.Texts(30, seed: 17);

    [Property(MaxTest = 200)]
    public void The_effective_c_keeps_c_times_texts_at_least_what_it_is_at_the_threshold(PositiveInt rawTexts, PositiveInt rawThreshold, PositiveInt rawC)
    {
        int texts = rawTexts.Get % 20_000;
        int threshold = rawThreshold.Get % 10_000;
        double c = 0.01 * rawC.Get;
        var options = new LinearModelOptions { C = c, SmallDataTexts = threshold };

        double effective = options.EffectiveC(texts);

        Assert.True(effective >= c);
        if (texts >= threshold || texts == 0)
        {
            Assert.Equal(c, effective);
        }
        else
        {
            Assert.Equal(c * threshold, effective * texts, 1e-9 * c * threshold);
            Assert.True(options.EffectiveC(texts + 1) <= effective);
        }
    }

    [Fact]
    public void Zero_keeps_c_fixed_at_every_size()
    {
        var options = new LinearModelOptions { C = 10, SmallDataTexts = 0 };

        Assert.Equal(10, options.EffectiveC(1));
        Assert.Equal(10, options.EffectiveC(100_000));
    }

    [Fact]
    public void A_small_set_is_fitted_with_the_raised_c_and_the_bundle_records_it()
    {
        // 150 texts, refitted on all of them: C = 10 · 5,000 / 150.
        NGramTrainerOptions Options(double c, int smallDataTexts) => TestModels.FastOptions(seed: 5) with
        {
            LinearModel = new LinearModelOptions { C = c, SmallDataTexts = smallDataTexts, NaiveBayes = false },
        };

        TextClassifier raised = NGramTrainer.Train(TestModels.SmallData, Options(10, 5_000)).Classifier;
        TextClassifier same = NGramTrainer.Train(TestModels.SmallData, Options(10.0 * 5_000 / 150, 0)).Classifier;
        TextClassifier fixedC = NGramTrainer.Train(TestModels.SmallData, Options(10, 0)).Classifier;

        Assert.Equal(150, TestModels.SmallData.Count);
        Assert.Equal(10.0 * 5_000 / 150, double.Parse(raised.Training!.Settings![NGramTrainer.LinearCSetting], CultureInfo.InvariantCulture), 3);
        Assert.Equal("10", fixedC.Training!.Settings![NGramTrainer.LinearCSetting]);
        Assert.Equal(TestModels.ScoresOf(same, Probe), TestModels.ScoresOf(raised, Probe));
        Assert.NotEqual(TestModels.ScoresOf(fixedC, Probe), TestModels.ScoresOf(raised, Probe));
    }

    [Fact]
    public void Without_a_linear_member_no_c_is_recorded()
    {
        TextClassifier model = NGramTrainer.Train(TestModels.SmallData, TestModels.FastOptions(seed: 5) with { LinearModel = null }).Classifier;

        Assert.DoesNotContain(NGramTrainer.LinearCSetting, model.Training!.Settings!.Keys);
    }

    [Fact]
    public void A_negative_threshold_is_refused_by_name()
    {
        var options = new NGramTrainerOptions { LinearModel = new LinearModelOptions { SmallDataTexts = -1 } };

        var ex = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.Equal(nameof(LinearModelOptions.SmallDataTexts), ex.ParamName);
    }
}
