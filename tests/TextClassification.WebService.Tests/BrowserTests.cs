using System.Net.Http.Json;
using System.Text.Json;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using TextClassification.WebService.Tests.Support;
using Xunit.Abstractions;

namespace TextClassification.WebService.Tests;

/// <summary>The page in Debian's headless Chromium, driven by Selenium through the system ChromeDriver.</summary>
public sealed class BrowserTests(ServiceFixture fixture, ITestOutputHelper output) : IClassFixture<ServiceFixture>
{
    // Generous: on a loaded 2-core machine the whole test took 25 s, most of it Chromium starting.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [ChromiumFact]
    public async Task The_page_classifies_a_typed_text_and_shows_the_report()
    {
        const string text = "I was charged twice for the same order, please fix the invoice";
        JsonElement expected = await (await fixture.Host.Client.PostAsJsonAsync("classify", new { text })).Content.ReadFromJsonAsync<JsonElement>();
        string profile = Path.Combine(Path.GetTempPath(), $"tc-chromium-{Guid.NewGuid():N}");

        ChromeDriverService service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(Chromium.Driver)!, Path.GetFileName(Chromium.Driver));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = Chromium.Browser };
        options.AddArguments(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1200,1800",
            $"--user-data-dir={profile}");
        try
        {
            using var driver = new ChromeDriver(service, options, Patience);
            driver.Navigate().GoToUrl(fixture.Host.BaseAddress);

            // The model list and the report load first.
            Until(driver, d => d.FindElements(By.CssSelector("#confusion tbody tr")).Count == 8, "the confusion matrix");
            driver.FindElement(By.Id("text")).SendKeys(text);
            driver.FindElement(By.Id("classify")).Click();
            IWebElement label = driver.FindElement(By.Id("result-label"));
            Until(driver, _ => label.Text.Length > 0, "the label");

            Assert.Equal(expected.GetProperty("label").GetString(), label.Text);
            Assert.Equal(8, driver.FindElements(By.CssSelector("#scores tbody tr")).Count);
            Assert.Contains("default", driver.FindElement(By.Id("model")).Text, StringComparison.Ordinal);
            Assert.NotEmpty(driver.FindElements(By.CssSelector("#roc svg polyline")));

            // A file of more texts than one batch request may hold goes through in several.
            string file = Path.Combine(profile, "texts.txt");
            File.WriteAllLines(file, Enumerable.Range(0, ServiceFixture.MaxBatchSize + 7).Select(i => $"where is my order number {i}?"));
            driver.FindElement(By.Id("file")).SendKeys(file);
            driver.FindElement(By.Id("batch")).Click();
            IWebElement summary = driver.FindElement(By.Id("batch-summary"));
            Until(driver, _ => summary.Text.Length > 0, "the file's summary");
            Assert.StartsWith($"{ServiceFixture.MaxBatchSize + 7} texts from texts.txt.", summary.Text, StringComparison.Ordinal);
            Assert.Equal(ServiceFixture.MaxBatchSize + 7, driver.FindElements(By.CssSelector("#batch-table tbody tr")).Count);

            string folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
            Directory.CreateDirectory(folder);
            string screenshot = Path.Combine(folder, "webservice-page.png");
            driver.GetScreenshot().SaveAsFile(screenshot);
            output.WriteLine($"Screenshot: {screenshot}");
            Assert.True(new FileInfo(screenshot).Length > 10_000);
        }
        finally
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // Chromium may still hold a lock file for a moment; a leftover temp folder is harmless.
            }
        }
    }

    private static void Until(IWebDriver driver, Func<IWebDriver, bool> condition, string what)
    {
        DateTime deadline = DateTime.UtcNow + Patience;
        while (!condition(driver))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the page did not show {what}");
            Thread.Sleep(50);
        }
    }
}
