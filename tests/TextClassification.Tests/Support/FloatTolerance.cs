namespace TextClassification.Tests.Support;

/// <summary>Floats equal within an absolute tolerance, for <c>Assert.Equal</c> on arrays of probabilities or scores.</summary>
public sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
{
    public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

    public int GetHashCode(float obj) => 0;
}
