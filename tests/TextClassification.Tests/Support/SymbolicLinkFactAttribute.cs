namespace TextClassification.Tests.Support;

/// <summary>A fact that shows as skipped where symbolic links cannot be created (xunit 2.9 has no dynamic skip; the
/// attribute's <see cref="FactAttribute.Skip"/> is read at discovery).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SymbolicLinkFactAttribute : FactAttribute
{
    public SymbolicLinkFactAttribute()
    {
        Skip = SymbolicLinks.SkipReason;
    }
}
