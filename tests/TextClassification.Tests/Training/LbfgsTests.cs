using FsCheck.Xunit;
using TextClassification.Training.Optimization;

namespace TextClassification.Tests.Training;

/// <summary>The L-BFGS minimiser behind the linear ensemble member, on functions whose minimum is known.</summary>
public sealed class LbfgsTests
{
    [Property(MaxTest = 60)]
    public void Finds_the_minimum_of_a_random_convex_quadratic(int seed, byte sizeRaw)
    {
        int n = (sizeRaw % 12) + 1;
        (double[,] a, double[] b) = RandomQuadratic(seed, n);

        float[] x = new float[n];
        new Lbfgs(n, memory: 5).Minimize((p, g) => Quadratic(a, b, [.. p.Select(v => (double)v)], g), x, maxIterations: 500, tolerance: 0, onIteration: null, CancellationToken.None);

        double[] expected = Solve(a, b);
        for (int i = 0; i < n; i++)
        {
            Assert.True(Math.Abs(x[i] - expected[i]) < 2e-3, $"x[{i}] = {x[i]}, expected {expected[i]}");
        }
    }

    [Property(MaxTest = 100)]
    public void Takes_the_steps_of_the_plain_double_reference(int seed, byte sizeRaw, byte memoryRaw)
    {
        // The fused float passes of the two-loop recursion against LbfgsReference, iteration by iteration, on quadratics
        // with more iterations than pairs kept (so the ring wraps). Float rounding moves the values by ~1e-6 of the
        // first decrease; a wrong index or scale in the recursion moves them by far more, while still converging.
        int n = (sizeRaw % 30) + 5;
        int memory = (memoryRaw % 4) + 2;
        (double[,] a, double[] b) = RandomQuadratic(seed, n);
        double[] start = new double[n];
        var random = new Random(seed ^ 0x5bd1e995);
        for (int i = 0; i < n; i++)
        {
            start[i] = (random.NextDouble() * 6) - 3;
        }

        double first = Quadratic(a, b, start, new double[n]);
        var values = new List<double>();
        float[] x = [.. start.Select(v => (float)v)];
        new Lbfgs(n, memory).Minimize((p, g) => Quadratic(a, b, [.. p.Select(v => (double)v)], g), x, maxIterations: 10, tolerance: 0, (_, v) => values.Add(v), CancellationToken.None);
        List<double> expected = LbfgsReference.Minimize((p, g) => Quadratic(a, b, p, g), start, memory, maxIterations: 10); // moves start

        double scale = Math.Max(1e-9, first - expected[^1]);
        // Float arithmetic may end the search sooner, once a step no longer lowers the objective in float: the iterations
        // both made are compared.
        int compared = Math.Min(6, Math.Min(expected.Count, values.Count));
        Assert.True(compared >= Math.Min(2, expected.Count), $"{values.Count} iterations, the reference {expected.Count}");
        for (int k = 0; k < compared; k++)
        {
            Assert.True(Math.Abs(values[k] - expected[k]) <= 1e-4 * scale, $"iteration {k + 1}: {values[k]:R}, reference {expected[k]:R} (first decrease scale {scale:R})");
        }
    }

    [Fact]
    public void Minimises_the_rosenbrock_function()
    {
        static double Rosenbrock(float[] x, float[] gradient)
        {
            double u = x[0], v = x[1];
            gradient[0] = (float)((-2 * (1 - u)) - (400 * u * (v - (u * u))));
            gradient[1] = (float)(200 * (v - (u * u)));
            return ((1 - u) * (1 - u)) + (100 * (v - (u * u)) * (v - (u * u)));
        }

        float[] x = [-1.2f, 1f];
        int iterations = new Lbfgs(2).Minimize(Rosenbrock, x, maxIterations: 1000, tolerance: 0, onIteration: null, CancellationToken.None);

        Assert.InRange(x[0], 0.99f, 1.01f);
        Assert.InRange(x[1], 0.98f, 1.02f);
        Assert.InRange(iterations, 1, 1000);
    }

    [Fact]
    public void Reports_every_iteration_with_a_falling_objective()
    {
        var values = new List<double>();
        float[] x = [5f, -3f, 2f];
        static double Bowl(float[] x, float[] gradient)
        {
            double value = 0;
            for (int i = 0; i < x.Length; i++)
            {
                gradient[i] = 2 * (i + 1) * x[i];
                value += (i + 1) * x[i] * x[i];
            }

            return value;
        }

        var minimizer = new Lbfgs(3);
        int iterations = minimizer.Minimize(Bowl, x, maxIterations: 50, tolerance: 1e-12, (iteration, value) => values.Add(value), CancellationToken.None);

        Assert.Equal(iterations, values.Count);
        Assert.True(minimizer.Evaluations >= iterations);
        for (int k = 1; k < values.Count; k++)
        {
            Assert.True(values[k] <= values[k - 1], $"iteration {k + 1} rose from {values[k - 1]} to {values[k]}");
        }

        Assert.True(values[^1] < 1e-6, $"ended at {values[^1]}");
    }

    [Fact]
    public void Cancellation_stops_the_search()
    {
        using var source = new CancellationTokenSource();
        source.Cancel();
        static double Bowl(float[] x, float[] gradient)
        {
            gradient[0] = 2 * x[0];
            return x[0] * x[0];
        }

        Assert.Throws<OperationCanceledException>(() => new Lbfgs(1).Minimize(Bowl, [3f], 10, 0, null, source.Token));
    }

    // Gaussian elimination with partial pivoting.
    // f(x) = ½ xᵀAx − bᵀx with A = MᵀM + I (positive definite): the minimum is the solution of A x = b.
    private static (double[,] A, double[] B) RandomQuadratic(int seed, int n)
    {
        var random = new Random(seed);
        double[,] m = new double[n, n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++)
        {
            b[i] = (random.NextDouble() * 4) - 2;
            for (int j = 0; j < n; j++)
            {
                m[i, j] = random.NextDouble() - 0.5;
            }
        }

        double[,] a = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = i == j ? 1 : 0;
                for (int k = 0; k < n; k++)
                {
                    sum += m[k, i] * m[k, j];
                }

                a[i, j] = sum;
            }
        }

        return (a, b);
    }

    // The quadratic's value at x; writes its gradient A x − b (as floats or doubles).
    private static double Quadratic(double[,] a, double[] b, double[] x, float[] gradient) => Quadratic(a, b, x, (i, v) => gradient[i] = (float)v);

    private static double Quadratic(double[,] a, double[] b, double[] x, double[] gradient) => Quadratic(a, b, x, (i, v) => gradient[i] = v);

    private static double Quadratic(double[,] a, double[] b, double[] x, Action<int, double> setGradient)
    {
        double value = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double ax = 0;
            for (int j = 0; j < x.Length; j++)
            {
                ax += a[i, j] * x[j];
            }

            setGradient(i, ax - b[i]);
            value += (0.5 * x[i] * ax) - (b[i] * x[i]);
        }

        return value;
    }

    private static double[] Solve(double[,] a, double[] b)
    {
        int n = b.Length;
        double[,] m = (double[,])a.Clone();
        double[] r = (double[])b.Clone();
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            for (int row = col + 1; row < n; row++)
            {
                if (Math.Abs(m[row, col]) > Math.Abs(m[pivot, col]))
                {
                    pivot = row;
                }
            }

            for (int k = 0; k < n; k++)
            {
                (m[col, k], m[pivot, k]) = (m[pivot, k], m[col, k]);
            }

            (r[col], r[pivot]) = (r[pivot], r[col]);
            for (int row = col + 1; row < n; row++)
            {
                double factor = m[row, col] / m[col, col];
                for (int k = col; k < n; k++)
                {
                    m[row, k] -= factor * m[col, k];
                }

                r[row] -= factor * r[col];
            }
        }

        double[] x = new double[n];
        for (int row = n - 1; row >= 0; row--)
        {
            double sum = r[row];
            for (int k = row + 1; k < n; k++)
            {
                sum -= m[row, k] * x[k];
            }

            x[row] = sum / m[row, row];
        }

        return x;
    }
}
