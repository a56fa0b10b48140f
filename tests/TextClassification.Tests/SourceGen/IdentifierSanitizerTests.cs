using FsCheck.Xunit;
using Microsoft.CodeAnalysis.CSharp;
using TextClassification.SourceGen;
using TextClassification.Tests.Tokenization;

namespace TextClassification.Tests.SourceGen;

/// <summary>Label → enum member name.</summary>
public sealed class IdentifierSanitizerTests
{
    [Theory]
    [InlineData("billing issue", "BillingIssue")]
    [InlineData("billing_issue", "BillingIssue")]
    [InlineData("billing-issue!", "BillingIssue")]
    [InlineData("POSITIVE", "POSITIVE")]
    [InlineData("LABEL_0", "LABEL0")]
    [InlineData("1st contact", "_1stContact")]
    [InlineData("42", "_42")]
    [InlineData("class", "Class")]
    [InlineData("e-mail", "EMail")]
    [InlineData("спам", "Спам")]
    [InlineData("垃圾邮件", "垃圾邮件")]
    [InlineData("café", "Café")]
    [InlineData("cafe\u0301", "Cafe\u0301")] // a combining mark stays with its letter
    [InlineData("\u0301x", "X")] // a mark cannot start an identifier
    [InlineData("👍", "Label_1F44D")] // named by its code points, not its place: a label gained before it moved the name
    [InlineData("+", "Label_2B")]
    [InlineData("!?", "Label_21_3F")]
    [InlineData("__", "Label_5F_5F")]
    [InlineData("", "Label")]
    [InlineData("C#", "C")]
    [InlineData("-1", "Minus1")] // not _1, which is the label "1"
    [InlineData("+1", "Plus1")]
    [InlineData("\u22122", "Minus2")] // U+2212 MINUS SIGN
    [InlineData("1", "_1")]
    [InlineData("-x", "X")] // a sign is spelled out only before a digit
    [InlineData("a-1", "A1")]
    // White space alone is named by its code points too: it had been "Label" (the trimmed label's name), so " " and "\t"
    // were Label and Label_2 in model order, and a retrained model that gained one moved the name (review 55a).
    [InlineData(" ", "Label_20")]
    [InlineData("\t", "Label_09")]
    [InlineData("  ", "Label_20_20")]
    [InlineData(" + ", "Label_2B")] // around a symbol, white space is still trimmed
    public void Sanitises_labels(string label, string expected) =>
        Assert.Equal(expected, IdentifierSanitizer.ToIdentifier(label));

    [Property(MaxTest = 500)]
    public bool Any_label_gives_a_valid_identifier(string? label) => IsValid(IdentifierSanitizer.ToIdentifier(label ?? string.Empty));

    [Property(Arbitrary = [typeof(TextArbitraries)], MaxTest = 500)]
    public bool Any_mixed_script_label_gives_a_valid_identifier(MixedText label) => IsValid(IdentifierSanitizer.ToIdentifier(label.Value));

    [Fact]
    public void A_long_label_of_symbols_ends_in_a_stable_hash_of_the_whole_label()
    {
        string long1 = new('!', 40);
        string long2 = new string('!', 39) + "?";

        string name = IdentifierSanitizer.ToIdentifier(long1);

        Assert.StartsWith("Label" + string.Concat(Enumerable.Repeat("_21", 16)) + "_", name, StringComparison.Ordinal);
        Assert.Equal(name, IdentifierSanitizer.ToIdentifier(long1));
        Assert.NotEqual(name, IdentifierSanitizer.ToIdentifier(long2));
        Assert.True(IsValid(name));
    }

    private static bool IsValid(string identifier) =>
        SyntaxFacts.IsValidIdentifier(identifier.TrimStart('@')) && (identifier[0] == '@' || SyntaxFacts.GetKeywordKind(identifier) == SyntaxKind.None);

    [Theory]
    [InlineData("Intent", true)]
    [InlineData("_x1", true)]
    [InlineData("1Intent", false)]
    [InlineData("class", false)]
    [InlineData("My Intent", false)]
    [InlineData("", false)]
    public void Validates_class_names(string name, bool valid) =>
        Assert.Equal(valid, IdentifierSanitizer.IsValidIdentifier(name));

    [Theory]
    [InlineData("MyApp.Ml", true)]
    [InlineData("MyApp..Ml", false)]
    [InlineData("MyApp.class", false)]
    [InlineData("My-App", false)]
    public void Validates_namespaces(string name, bool valid) =>
        Assert.Equal(valid, IdentifierSanitizer.IsValidNamespace(name));

    [Theory]
    [InlineData("MyApp.Ml", "MyApp.Ml")]
    [InlineData("my-app", "my_app")]
    [InlineData("My App.web-api", "My_App.web_api")]
    [InlineData("case", "_case")]
    [InlineData("1app", "_1app")]
    [InlineData("a..b.", "a.b")]
    [InlineData("", "")]
    public void Makes_a_root_namespace_valid(string rootNamespace, string expected) =>
        Assert.Equal(expected, IdentifierSanitizer.ToNamespace(rootNamespace));

    [Property(MaxTest = 500)]
    public bool Any_root_namespace_gives_a_valid_namespace_or_none(string? rootNamespace)
    {
        string ns = IdentifierSanitizer.ToNamespace(rootNamespace ?? string.Empty);
        return ns.Length == 0 || IdentifierSanitizer.IsValidNamespace(ns);
    }
}
