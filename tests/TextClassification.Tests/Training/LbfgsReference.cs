namespace TextClassification.Tests.Training;

/// <summary>
/// The scalar reference of <c>Lbfgs</c>: the same algorithm (Nocedal &amp; Wright's two-loop recursion, the same
/// backtracking Armijo search, restart and curvature rules) written plainly in double, with the correction pairs in a
/// list instead of a ring of fused float passes.
/// </summary>
internal static class LbfgsReference
{
    /// <summary>Minimises <paramref name="objective"/> (value; writes the gradient) from <paramref name="x"/>; returns
    /// the objective after each iteration.</summary>
    public static List<double> Minimize(Func<double[], double[], double> objective, double[] x, int memory, int maxIterations)
    {
        int n = x.Length;
        var pairs = new List<(double[] S, double[] Y, double Rho)>();
        double[] gradient = new double[n];
        double value = objective(x, gradient);
        var values = new List<double>();
        while (values.Count < maxIterations)
        {
            double norm = Math.Sqrt(Dot(gradient, gradient));
            if (norm == 0 || !double.IsFinite(norm))
            {
                break;
            }

            double[] direction = Direction(gradient, pairs);
            double slope = Dot(direction, gradient);
            if (!(slope < 0))
            {
                direction = [.. gradient.Select(g => -g)];
                slope = -Dot(gradient, gradient);
                pairs.Clear();
            }

            double step = pairs.Count == 0 ? Math.Min(1.0, 1.0 / norm) : 1.0;
            double[] candidate = new double[n];
            double[] candidateGradient = new double[n];
            double next = double.NaN;
            bool accepted = false;
            for (int trial = 0; trial < 30 && !accepted; trial++)
            {
                for (int i = 0; i < n; i++)
                {
                    candidate[i] = x[i] + (step * direction[i]);
                }

                next = objective(candidate, candidateGradient);
                accepted = double.IsFinite(next) && next <= value + (1e-4 * step * slope);
                step = accepted ? step : step * 0.5;
            }

            if (!accepted)
            {
                break;
            }

            double[] s = [.. candidate.Select((c, i) => c - x[i])];
            double[] y = [.. candidateGradient.Select((g, i) => g - gradient[i])];
            double sy = Dot(s, y);
            if (pairs.Count == memory)
            {
                // The oldest pair's place is taken either way: by the new pair, or lost with a pair of no curvature.
                pairs.RemoveAt(0);
            }

            if (sy > 1e-12)
            {
                pairs.Add((s, y, 1.0 / sy));
            }

            candidate.CopyTo(x, 0);
            candidateGradient.CopyTo(gradient, 0);
            value = next;
            values.Add(value);
        }

        return values;
    }

    // −H·gradient from the pairs, oldest first in the list.
    private static double[] Direction(double[] gradient, List<(double[] S, double[] Y, double Rho)> pairs)
    {
        double[] q = (double[])gradient.Clone();
        double[] alpha = new double[pairs.Count];
        for (int k = pairs.Count - 1; k >= 0; k--)
        {
            alpha[k] = pairs[k].Rho * Dot(pairs[k].S, q);
            Axpy(-alpha[k], pairs[k].Y, q);
        }

        if (pairs.Count > 0)
        {
            (double[] s, double[] y, _) = pairs[^1];
            double gamma = Dot(s, y) / Dot(y, y);
            for (int i = 0; i < q.Length; i++)
            {
                q[i] *= gamma;
            }
        }

        for (int k = 0; k < pairs.Count; k++)
        {
            double beta = pairs[k].Rho * Dot(pairs[k].Y, q);
            Axpy(alpha[k] - beta, pairs[k].S, q);
        }

        return [.. q.Select(v => -v)];
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static void Axpy(double a, double[] x, double[] y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] += a * x[i];
        }
    }
}
