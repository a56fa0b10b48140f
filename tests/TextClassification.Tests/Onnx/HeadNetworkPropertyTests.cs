using FsCheck;
using FsCheck.Xunit;
using TextClassification.Tests.Support;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Onnx;

/// <summary>The encoder head trainer's vectorized backward pass (TensorPrimitives' dot products and multiply-adds over
/// rows) against a scalar double-precision reference, at input and hidden widths on the vector widths' edges, with the
/// input vector starting off a vector boundary. The finite-difference test checks widths under one vector only.</summary>
public sealed class HeadNetworkPropertyTests
{
    [Property(MaxTest = 150)]
    public void Backward_adds_the_gradients_of_a_scalar_reference(NonNegativeInt seed, byte rawOffset, bool mlp)
    {
        var random = new Random(seed.Get);
        int inputs = Math.Max(1, VectorEdges.Length(random) % 140);
        int hidden = mlp ? Math.Max(1, VectorEdges.Length(random) % 70) : 0;
        int classes = 2 + random.Next(VectorEdges.Lengths.Length);
        var network = new EncoderHeadTrainer.HeadNetwork(inputs, hidden, classes, seed.Get);
        foreach (float[] parameter in network.Parameters)
        {
            // Non-zero biases, so that the ReLU keeps some units and drops others.
            for (int i = 0; i < parameter.Length; i++)
            {
                parameter[i] += (float)((random.NextDouble() * 0.4) - 0.2);
            }
        }

        ArraySegment<float> x = VectorEdges.Values(random, inputs, rawOffset % 11);
        int target = random.Next(classes);
        float weight = (float)(0.25 + random.NextDouble());
        float[][] before = [.. network.Parameters.Select(p => new float[p.Length])];
        foreach (float[] g in network.Gradients)
        {
            // Backward adds to what the gradients hold.
            for (int i = 0; i < g.Length; i++)
            {
                g[i] = (float)(random.NextDouble() - 0.5);
            }
        }

        for (int p = 0; p < before.Length; p++)
        {
            network.Gradients[p].CopyTo(before[p], 0);
        }

        double loss = network.Backward(x, target, weight);

        (double[][] expected, double expectedLoss, bool[] ambiguous) = Reference(network.Parameters, x, inputs, hidden, classes, target, weight);
        Assert.True(Math.Abs(loss - expectedLoss) <= 1e-4 * Math.Max(1, Math.Abs(expectedLoss)), $"loss {loss} vs {expectedLoss}");
        for (int p = 0; p < expected.Length; p++)
        {
            // The first layer's rows of units within rounding of the ReLU's kink may fall either way.
            int rowLength = hidden > 0 && p == 0 ? inputs : 1;
            for (int i = 0; i < expected[p].Length; i++)
            {
                if (hidden > 0 && p < 2 && ambiguous[i / rowLength])
                {
                    continue;
                }

                double actual = network.Gradients[p][i] - (double)before[p][i];
                Assert.True(Math.Abs(actual - expected[p][i]) <= 1e-4, $"parameter {p}[{i}] ({inputs} inputs, {hidden} hidden, {classes} classes): {actual} vs {expected[p][i]}");
            }
        }
    }

    // The gradients of weight × cross-entropy, in doubles and loops, as Backward's parameters are laid out ([W1, b1,] W, b).
    private static (double[][] Gradients, double Loss, bool[] Ambiguous) Reference(float[][] parameters, IList<float> x, int inputs, int hidden, int classes, int target, float weight)
    {
        double[] features;
        bool[] ambiguous = new bool[Math.Max(hidden, 1)];
        if (hidden > 0)
        {
            features = new double[hidden];
            for (int j = 0; j < hidden; j++)
            {
                double sum = parameters[1][j];
                for (int i = 0; i < inputs; i++)
                {
                    sum += (double)parameters[0][(j * inputs) + i] * x[i];
                }

                features[j] = Math.Max(0, sum);
                ambiguous[j] = Math.Abs(sum) < 1e-4;
            }
        }
        else
        {
            features = [.. x.Select(v => (double)v)];
        }

        float[] w = parameters[^2], b = parameters[^1];
        int width = features.Length;
        double[] z = new double[classes];
        for (int c = 0; c < classes; c++)
        {
            z[c] = b[c];
            for (int i = 0; i < width; i++)
            {
                z[c] += w[(c * width) + i] * features[i];
            }
        }

        double max = z.Max();
        double total = z.Sum(v => Math.Exp(v - max));
        double[] dz = [.. z.Select((v, c) => weight * ((Math.Exp(v - max) / total) - (c == target ? 1 : 0)))];
        double loss = -weight * Math.Log(Math.Exp(z[target] - max) / total);
        double[] gw = new double[classes * width];
        for (int c = 0; c < classes; c++)
        {
            for (int i = 0; i < width; i++)
            {
                gw[(c * width) + i] = dz[c] * features[i];
            }
        }

        if (hidden == 0)
        {
            return ([gw, dz], loss, ambiguous);
        }

        double[] g1 = new double[hidden * inputs];
        double[] gb1 = new double[hidden];
        for (int j = 0; j < hidden; j++)
        {
            if (features[j] <= 0)
            {
                continue;
            }

            for (int c = 0; c < classes; c++)
            {
                gb1[j] += dz[c] * w[(c * width) + j];
            }

            for (int i = 0; i < inputs; i++)
            {
                g1[(j * inputs) + i] = gb1[j] * x[i];
            }
        }

        return ([g1, gb1, gw, dz], loss, ambiguous);
    }
}
