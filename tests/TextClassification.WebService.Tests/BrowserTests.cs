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

        await InChromiumAsync(fixture.Host.BaseAddress, (driver, profile) =>
        {
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
            return Task.CompletedTask;
        });
    }

    /// <summary>A file classified while every batch place is taken (MaxConcurrentBatches running, BatchQueueLimit
    /// waiting): the page waits the 503's Retry-After and sends the part again. It showed "Too many batches" and dropped
    /// the file, however many of its parts had been classified, whenever other clients' batches filled the service.</summary>
    [ChromiumFact]
    public async Task A_file_sent_while_the_batch_places_are_taken_waits_for_one_instead_of_failing()
    {
        await using ServiceHost host = await ServiceHost.StartAsync("TextClassification:MaxConcurrentBatches=1", "TextClassification:BatchQueueLimit=0");
        using HttpClient client = HeldBatch.ContinueClient(host);

        await InChromiumAsync(host.BaseAddress, async (driver, profile) =>
        {
            // The page is ready (its script has loaded the models and the report) before the only place is taken: a
            // held body is cut off by Kestrel's minimum data rate after 5 s.
            Until(driver, d => d.FindElements(By.CssSelector("#confusion tbody tr")).Count == 8, "the confusion matrix");
            string file = Path.Combine(profile, "texts.txt");
            File.WriteAllLines(file, ["where is my order?", "a refund please", "I cannot log in"]);
            using var held = new HeldBody();
            Task<HttpResponseMessage> running = await HeldBatch.RunHeldAsync(client, "classify/batch", held);
            driver.FindElement(By.Id("file")).SendKeys(file);
            driver.FindElement(By.Id("batch")).Click();
            Until(driver, _ => host.Logs.Entries.Any(e => e.Category == AccessLog.Category && e.Message.Contains("/classify/batch 503 ", StringComparison.Ordinal)), "a 503 for the page's batch");

            held.Release();
            using HttpResponseMessage answer = await running;
            Assert.Equal(System.Net.HttpStatusCode.OK, answer.StatusCode);
            IWebElement summary = driver.FindElement(By.Id("batch-summary"));
            IWebElement error = driver.FindElement(By.Id("batch-error"));
            Until(driver, _ => summary.Text.Length > 0 || error.Displayed, "the file's summary or an error");
            Assert.True(summary.Text.StartsWith("3 texts from texts.txt.", StringComparison.Ordinal), $"the page showed: {error.Text}");
            Assert.Equal(3, driver.FindElements(By.CssSelector("#batch-table tbody tr")).Count);
        });
    }

    /// <summary>Opens <paramref name="page"/> in headless Chromium and runs <paramref name="test"/> with the driver and
    /// a scratch folder (the browser profile's).</summary>
    private static async Task InChromiumAsync(Uri page, Func<ChromeDriver, string, Task> test)
    {
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
            driver.Navigate().GoToUrl(page);
            await test(driver, profile);
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
