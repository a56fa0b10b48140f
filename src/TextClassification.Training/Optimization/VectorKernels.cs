using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TextClassification.Training.Optimization;

/// <summary>
/// Fused passes over long float vectors for <see cref="Lbfgs"/>. Its vectors hold millions of parameters, far more than
/// the caches, so each pass costs what it reads and writes: one pass that updates a vector and takes the dot product
/// the algorithm needs next replaces two. Products are summed in double. Each kernel has its scalar reference beside
/// it; property tests check that both agree.
/// </summary>
internal static class VectorKernels
{
    /// <summary><c>destination = scale · (q + a · y)</c>; returns <c>w · destination</c>. <paramref name="destination"/>
    /// may be <paramref name="q"/>; <paramref name="w"/> must not be <paramref name="destination"/>.</summary>
    public static double ScaledAxpyDot(ReadOnlySpan<float> q, float a, ReadOnlySpan<float> y, float scale, Span<float> destination, ReadOnlySpan<float> w)
    {
        int n = Check(q.Length, y.Length, destination.Length, w.Length);
        ref float qBase = ref MemoryMarshal.GetReference(q);
        ref float yBase = ref MemoryMarshal.GetReference(y);
        ref float dBase = ref MemoryMarshal.GetReference(destination);
        ref float wBase = ref MemoryMarshal.GetReference(w);
        int i = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            var va = new Vector<float>(a);
            var vscale = new Vector<float>(scale);
            Vector<double> low = Vector<double>.Zero;
            Vector<double> high = Vector<double>.Zero;
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector<float> d = vscale * (Load(ref qBase, i) + (va * Load(ref yBase, i)));
                Vector<float> product = d * Load(ref wBase, i);
                Vector.StoreUnsafe(d, ref dBase, (nuint)i);
                Vector.Widen(product, out Vector<double> productLow, out Vector<double> productHigh);
                low += productLow;
                high += productHigh;
            }

            sum = Vector.Sum(low + high);
        }

        for (; i < n; i++)
        {
            float d = scale * (Unsafe.Add(ref qBase, i) + (a * Unsafe.Add(ref yBase, i)));
            float product = d * Unsafe.Add(ref wBase, i);
            Unsafe.Add(ref dBase, i) = d;
            sum += product;
        }

        return sum;
    }

    /// <summary>The scalar reference of <see cref="ScaledAxpyDot"/>.</summary>
    public static double ScaledAxpyDotScalar(ReadOnlySpan<float> q, float a, ReadOnlySpan<float> y, float scale, Span<float> destination, ReadOnlySpan<float> w)
    {
        double sum = 0;
        for (int i = 0; i < q.Length; i++)
        {
            float d = scale * (q[i] + (a * y[i]));
            float product = d * w[i];
            destination[i] = d;
            sum += product;
        }

        return sum;
    }

    /// <summary>The step and gradient change of an accepted L-BFGS step: <c>s = candidate − point</c>,
    /// <c>y = candidateGradient − gradient</c>; returns <c>s·y</c>, <c>y·y</c> and <c>‖candidateGradient‖²</c>.</summary>
    public static (double SY, double YY, double GG) Differences(
        ReadOnlySpan<float> candidate, ReadOnlySpan<float> point, ReadOnlySpan<float> candidateGradient, ReadOnlySpan<float> gradient, Span<float> s, Span<float> y)
    {
        int n = Check(candidate.Length, point.Length, candidateGradient.Length, gradient.Length);
        _ = Check(n, s.Length, y.Length, n);
        ref float cBase = ref MemoryMarshal.GetReference(candidate);
        ref float pBase = ref MemoryMarshal.GetReference(point);
        ref float cgBase = ref MemoryMarshal.GetReference(candidateGradient);
        ref float gBase = ref MemoryMarshal.GetReference(gradient);
        ref float sBase = ref MemoryMarshal.GetReference(s);
        ref float yBase = ref MemoryMarshal.GetReference(y);
        int i = 0;
        double sy = 0;
        double yy = 0;
        double gg = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            Vector<double> syLow = Vector<double>.Zero, syHigh = Vector<double>.Zero;
            Vector<double> yyLow = Vector<double>.Zero, yyHigh = Vector<double>.Zero;
            Vector<double> ggLow = Vector<double>.Zero, ggHigh = Vector<double>.Zero;
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector<float> cg = Load(ref cgBase, i);
                Vector<float> step = Load(ref cBase, i) - Load(ref pBase, i);
                Vector<float> change = cg - Load(ref gBase, i);
                Vector.StoreUnsafe(step, ref sBase, (nuint)i);
                Vector.StoreUnsafe(change, ref yBase, (nuint)i);
                Vector.Widen(step * change, out Vector<double> low, out Vector<double> high);
                syLow += low;
                syHigh += high;
                Vector.Widen(change * change, out low, out high);
                yyLow += low;
                yyHigh += high;
                Vector.Widen(cg * cg, out low, out high);
                ggLow += low;
                ggHigh += high;
            }

            sy = Vector.Sum(syLow + syHigh);
            yy = Vector.Sum(yyLow + yyHigh);
            gg = Vector.Sum(ggLow + ggHigh);
        }

        for (; i < n; i++)
        {
            float cg = Unsafe.Add(ref cgBase, i);
            float step = Unsafe.Add(ref cBase, i) - Unsafe.Add(ref pBase, i);
            float change = cg - Unsafe.Add(ref gBase, i);
            Unsafe.Add(ref sBase, i) = step;
            Unsafe.Add(ref yBase, i) = change;
            sy += step * change;
            yy += change * change;
            gg += cg * cg;
        }

        return (sy, yy, gg);
    }

    /// <summary>The scalar reference of <see cref="Differences"/>.</summary>
    public static (double SY, double YY, double GG) DifferencesScalar(
        ReadOnlySpan<float> candidate, ReadOnlySpan<float> point, ReadOnlySpan<float> candidateGradient, ReadOnlySpan<float> gradient, Span<float> s, Span<float> y)
    {
        double sy = 0;
        double yy = 0;
        double gg = 0;
        for (int i = 0; i < candidate.Length; i++)
        {
            s[i] = candidate[i] - point[i];
            y[i] = candidateGradient[i] - gradient[i];
            sy += s[i] * y[i];
            yy += y[i] * y[i];
            gg += candidateGradient[i] * candidateGradient[i];
        }

        return (sy, yy, gg);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Load(ref float source, int index) => Vector.LoadUnsafe(ref source, (nuint)index);

    private static int Check(int n, int b, int c, int d)
    {
        if (b != n || c != n || d != n)
        {
            throw new ArgumentException($"The vectors differ in length ({n}, {b}, {c}, {d}).");
        }

        return n;
    }
}
