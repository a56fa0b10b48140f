using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace TextClassification.SourceGen.Model;

/// <summary>A diagnostic carried through the pipeline as plain, equatable data (no <see cref="Location"/> object,
/// which would defeat caching); turned into a <see cref="Diagnostic"/> only when reported.</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, string FilePath, TextSpan Span, LinePositionSpan LineSpan, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, string filePath, LinePosition position, params string[] arguments) =>
        new(descriptor, filePath, new TextSpan(0, 0), new LinePositionSpan(position, position), new EquatableArray<string>(arguments));

    public Diagnostic ToDiagnostic()
    {
        var location = Location.Create(FilePath, Span, LineSpan);
        object[] args = Array.ConvertAll(Arguments.AsSpan().ToArray(), a => (object)a);
        return Diagnostic.Create(Descriptor, location, args);
    }
}
