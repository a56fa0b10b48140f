using System.Numerics.Tensors;
using TextClassification.Memory;

namespace TextClassification.Training.Optimization;

/// <summary>
/// Limited-memory BFGS (Nocedal &amp; Wright, algorithm 7.4: the two-loop recursion) with a backtracking Armijo line
/// search, for smooth convex objectives over float vectors. Written here rather than taken from a numerics library
/// because the trainers need float32 parameters (millions of them), no allocation per iteration, cancellation and
/// progress between iterations; the algorithm itself is textbook.
/// </summary>
internal sealed class Lbfgs
{
    /// <summary>Evaluates the objective at <c>x</c>, overwrites <c>gradient</c> with its gradient and returns its value.</summary>
    public delegate double Objective(float[] x, float[] gradient);

    private readonly int _memory;
    private readonly Memory<float>[] _s;
    private readonly Memory<float>[] _y;
    private readonly double[] _rho;
    private readonly double[] _yy;
    private readonly double[] _alpha;

    /// <param name="dimension">Number of parameters.</param>
    /// <param name="memory">Number of correction pairs kept (5–20 is usual).</param>
    public Lbfgs(int dimension, int memory = 7)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(memory, 1);
        _memory = memory;
        _s = Vectors(memory, dimension);
        _y = Vectors(memory, dimension);

        _rho = new double[memory];
        _yy = new double[memory];
        _alpha = new double[memory];
    }

    // The correction vectors of one kind share one block where it fits in an array: the block's huge pages then cover
    // them all (LargeArrays), where separate arrays of a few MB each would be faulted in mostly as small pages.
    private static Memory<float>[] Vectors(int count, int dimension)
    {
        var vectors = new Memory<float>[count];
        float[]? block = (long)count * dimension <= Array.MaxLength ? LargeArrays.Zeroed<float>((long)count * dimension) : null;
        for (int k = 0; k < count; k++)
        {
            vectors[k] = block is null ? LargeArrays.Zeroed<float>(dimension) : block.AsMemory(k * dimension, dimension);
        }

        return vectors;
    }

    /// <summary>Objective evaluations made by line searches so far (for diagnostics).</summary>
    public int Evaluations { get; private set; }

    /// <summary>
    /// Minimises <paramref name="objective"/> from the start point in <paramref name="x"/>, which receives the result.
    /// Stops after <paramref name="maxIterations"/> iterations, when the objective's relative decrease over one iteration
    /// falls below <paramref name="tolerance"/>, or when the line search cannot make progress.
    /// </summary>
    /// <param name="objective">The function to minimise.</param>
    /// <param name="x">Start point; receives the minimiser.</param>
    /// <param name="maxIterations">Most iterations.</param>
    /// <param name="tolerance">Relative decrease below which the search stops.</param>
    /// <param name="onIteration">Called after each iteration with its number (from 1) and the objective's value.</param>
    /// <param name="cancellationToken">Checked before every iteration.</param>
    /// <returns>Iterations run.</returns>
    public int Minimize(Objective objective, float[] x, int maxIterations, double tolerance, Action<int, double>? onIteration, CancellationToken cancellationToken)
    {
        int n = x.Length;
        // The current point and gradient trade places with the candidate's after each accepted step instead of being
        // copied; the caller's array gets the final point at the end.
        float[] point = x;
        float[] gradient = LargeArrays.Zeroed<float>(n);
        float[] direction = LargeArrays.Zeroed<float>(n);
        float[] candidate = LargeArrays.Zeroed<float>(n);
        float[] candidateGradient = LargeArrays.Zeroed<float>(n);
        double value = objective(point, gradient);
        double gradientSquares = TensorPrimitives.Dot<float>(gradient, gradient);
        int stored = 0;
        int newest = -1;
        int iteration = 0;
        while (iteration < maxIterations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            double gradientNorm = Math.Sqrt(gradientSquares);
            if (gradientNorm == 0 || !double.IsFinite(gradientNorm))
            {
                break;
            }

            double slope = Direction(gradient, direction, stored, newest, gradientSquares);
            if (!(slope < 0))
            {
                // Not a descent direction (curvature pairs went stale): restart from steepest descent.
                TensorPrimitives.Negate(gradient, direction);
                slope = -gradientSquares;
                stored = 0;
            }

            // The first step has no curvature to scale it: a step of unit length along the negative gradient.
            double step = stored == 0 ? Math.Min(1.0, 1.0 / gradientNorm) : 1.0;
            double next = double.NaN;
            bool accepted = false;
            for (int trial = 0; trial < 30; trial++)
            {
                TensorPrimitives.MultiplyAdd(direction, (float)step, point, candidate);
                next = objective(candidate, candidateGradient);
                Evaluations++;
                if (double.IsFinite(next) && next <= value + (1e-4 * step * slope))
                {
                    accepted = true;
                    break;
                }

                step *= 0.5;
            }

            if (!accepted)
            {
                break;
            }

            iteration++;
            newest = (newest + 1) % _memory;
            (double sy, double yy, double nextSquares) = VectorKernels.Differences(candidate, point, candidateGradient, gradient, _s[newest].Span, _y[newest].Span);
            if (sy > 1e-12)
            {
                _rho[newest] = 1.0 / sy;
                _yy[newest] = yy;
                stored = Math.Min(stored + 1, _memory);
            }
            else
            {
                // No positive curvature along this step: forget the pair. Its slot held the oldest pair when the memory
                // was full, so that one is gone too.
                newest = (newest - 1 + _memory) % _memory;
                stored = Math.Min(stored, _memory - 1);
            }

            (point, candidate) = (candidate, point);
            (gradient, candidateGradient) = (candidateGradient, gradient);
            gradientSquares = nextSquares;
            double decrease = value - next;
            value = next;
            onIteration?.Invoke(iteration, value);
            if (decrease <= tolerance * Math.Max(1.0, Math.Abs(value)))
            {
                break;
            }
        }

        if (!ReferenceEquals(point, x))
        {
            point.AsSpan().CopyTo(x);
        }

        return iteration;
    }

    // Two-loop recursion: direction = −H·gradient, with H the inverse-Hessian estimate from the stored pairs; returns
    // direction · gradient. Each update of the work vector is fused with the dot product the next step needs, so every
    // stored pair costs one pass per loop (VectorKernels.ScaledAxpyDot).
    private double Direction(float[] gradient, float[] direction, int stored, int newest, double gradientSquares)
    {
        if (stored == 0)
        {
            TensorPrimitives.Negate(gradient, direction);
            return -gradientSquares;
        }

        // Newest to oldest: α_i = ρ_i s_i·q, q ← q − α_i y_i (q starts as the gradient and lives in direction). The last
        // update also scales q by γ = s·y / y·y of the newest pair and returns y_oldest·q for the second loop.
        int index = newest;
        double dot = TensorPrimitives.Dot<float>(_s[index].Span, gradient);
        float[] q = gradient;
        for (int k = 0; k < stored; k++)
        {
            _alpha[index] = _rho[index] * dot;
            bool last = k == stored - 1;
            int older = (index - 1 + _memory) % _memory;
            float scale = last ? (float)(1.0 / (_rho[newest] * _yy[newest])) : 1f;
            dot = VectorKernels.ScaledAxpyDot(q, (float)-_alpha[index], _y[index].Span, scale, direction, last ? _y[index].Span : _s[older].Span);
            q = direction;
            if (!last)
            {
                index = older;
            }
        }

        // Oldest to newest: β = ρ_i y_i·r, r ← r + (α_i − β) s_i. The last update negates r into the direction and
        // returns its dot product with the gradient.
        for (int k = 0; k < stored; k++)
        {
            double beta = _rho[index] * dot;
            bool last = k == stored - 1;
            int newer = (index + 1) % _memory;
            dot = VectorKernels.ScaledAxpyDot(direction, (float)(_alpha[index] - beta), _s[index].Span, last ? -1f : 1f, direction, last ? gradient : _y[newer].Span);
            index = newer;
        }

        return dot;
    }
}
