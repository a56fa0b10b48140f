using Microsoft.Extensions.DependencyInjection;
using TextClassification;
using TypedLabels.Ml;

// Both classifiers come from the project file: SupportIntentLabel/SupportIntentClassifier from the training data
// (trained at build time), SentimentLabel/SentimentClassifier from the bundle in Models/sentiment.
ServiceCollection services = new();
services.AddSupportIntentClassifier();
services.AddSentimentClassifier();
using ServiceProvider provider = services.BuildServiceProvider();

ITextClassifier<SupportIntentLabel> intents = provider.GetRequiredService<ITextClassifier<SupportIntentLabel>>();
SentimentClassifier sentiment = provider.GetRequiredService<SentimentClassifier>();

Console.WriteLine($"Intent labels: {string.Join(", ", SupportIntentLabels.Values)}");
string[] texts = args.Length > 0 ? args :
[
    "I was charged twice for my order and the support was rude",
    "Where is my package? The tracking has not moved in a week",
    "Thanks, amazing team, I love the new plan",
];

foreach (string text in texts)
{
    Prediction<SupportIntentLabel> intent = intents.Classify(text);
    Prediction<SentimentLabel> mood = sentiment.Classify(text);

    // A switch over the enum: the compiler checks every name, and a renamed label breaks the build, not production.
    string queue = intent.Label switch
    {
        SupportIntentLabel.BillingIssue or SupportIntentLabel.RefundRequest => "billing",
        SupportIntentLabel.OrderStatus or SupportIntentLabel.ShippingAddressChange => "logistics",
        SupportIntentLabel.AccountAccess => "security",
        _ => "front desk",
    };
    string priority = mood.Label == SentimentLabel.Negative ? "high" : "normal";
    Console.WriteLine($"{text}\n  → {intent.Label} ({intent.Score:P0}, label '{intent.Label.ToLabel()}'), {mood.Label} → queue {queue}, priority {priority}");
}
