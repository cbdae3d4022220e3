using System.Net.Http.Json;
using Aspire.Hosting.Testing;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Identity.V1;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SupportPlatform.EndToEnd.Tests;

/// <summary>
/// The support portal in a real browser (Debian's Chromium driven by Playwright) on the whole
/// stack: an L1 agent submits a P1, a vendor engineer acknowledges it from the queue, the
/// customer's open page follows; another organisation cannot see the case; internal notes stay
/// with the vendor; axe finds no serious or critical accessibility violation on the main pages.
/// </summary>
public sealed class PortalTests(ITestOutputHelper output)
{
    private const string Password = "a-long-test-password";
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task AnL1AgentSubmitsAP1_TheEngineerAcknowledgesItFromTheQueue_AndTheCustomersPageFollows_WhileOthersSeeNothingTheyShouldNot()
    {
        Assert.True(File.Exists(Chromium), $"The browser tests drive Debian's Chromium at {Chromium}: install it with 'apt-get install -y chromium'.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        await using var stack = await RunningStack.StartAsync(timeout.Token);
        var clients = stack.Clients;
        var portal = stack.App.GetEndpoint("portal", "http").ToString().TrimEnd('/');

        var organization = await clients.CreateCustomerAsync(SupportPlan.PremiumPlus);
        var agent = await clients.CreatePersonAsync(organization.OrganizationId, Role.L1Agent);
        var engineer = await clients.CreateVendorEngineerAsync();
        var stranger = await clients.CreatePersonAsync((await clients.CreateCustomerAsync(SupportPlan.PremiumPlus)).OrganizationId, Role.L1Agent);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        var accessibility = new List<string>();

        // The L1 agent signs in and submits a P1 with two fields left out.
        var customer = await SignInAsync(browser, portal, agent.Person.Email);
        await Expect(customer).ToHaveURLAsync(portal + "/cases");
        await CheckAccessibilityAsync(customer, "case list", accessibility);
        await customer.GetByRole(AriaRole.Link, new() { Name = "Submit a case" }).ClickAsync();
        await WaitInteractiveAsync(customer);
        await Field(customer, "Title *").FillAsync("Inbound calls drop after thirty seconds");
        await Field(customer, "Description *").FillAsync("Since 09:00 every inbound call to the main queue drops after about thirty seconds.");
        await customer.GetByRole(AriaRole.Radio, new() { Name = "P1", Exact = true }).ClickAsync();
        await Field(customer, "Affected component *").FillAsync("Dialogue Cloud");
        await Field(customer, "Product version *").FillAsync("8.2.1");
        await Field(customer, "Steps to reproduce *").FillAsync("Call the main number and wait.");
        await Field(customer, "Expected behaviour *").FillAsync("The call continues.");
        await Field(customer, "Actual behaviour *").FillAsync("The call drops after thirty seconds.");
        await customer.GetByRole(AriaRole.Checkbox, new() { Name = "I attest that the issue is highly likely attributable to the vendor's product *" }).ClickAsync();
        await customer.GetByRole(AriaRole.Button, new() { Name = "Submit case" }).ClickAsync();

        // Both of the service's violations, at once, next to their fields.
        await Expect(customer.Locator("#checks-error")).ToHaveTextAsync("is required");
        await Expect(customer.Locator("#impact-error")).ToHaveTextAsync("is required");
        await Expect(customer.Locator("#problem")).ToContainTextAsync("2 field(s) need attention");
        await CheckAccessibilityAsync(customer, "submission form with errors", accessibility);

        await Field(customer, "Checks L1 performed *").FillAsync("SBC and SIP trunk healthy; Teams tenant healthy.");
        await Field(customer, "Business impact (required for P1 and P2)").FillAsync("The contact centre cannot take calls.");
        await customer.GetByRole(AriaRole.Button, new() { Name = "Submit case" }).ClickAsync();

        // Premium Plus P1: the 24x7 hotline, prominently, and the SLA.
        await Expect(customer.Locator("#hotline")).ToContainTextAsync("+31 20 555 0100");
        await Expect(customer.Locator("tr[data-target='First response']")).ToContainTextAsync("30 min", new() { Timeout = 30_000 });
        var caseId = (await clients.Cases.ListCasesAsync(new ListCasesRequest(), SupportPlatform.Tests.Shared.SupportClients.Bearer(agent.Token))).Cases.Single().CaseId;
        await customer.Locator("#submitted-case").ClickAsync();
        await Expect(customer).ToHaveURLAsync($"{portal}/cases/{caseId}");
        await WaitInteractiveAsync(customer);
        await Expect(customer.Locator("#case-status")).ToHaveTextAsync("Submitted");

        // The engineer, in another browser context, finds it on top of the queue and acknowledges it.
        var vendor = await SignInAsync(browser, portal, engineer.Person.Email);
        await Expect(vendor).ToHaveURLAsync(portal + "/queue");
        await WaitInteractiveAsync(vendor);
        var first = vendor.Locator("#unassigned tbody tr").First;
        await Expect(first).ToHaveAttributeAsync("data-case-id", caseId);
        await CheckAccessibilityAsync(vendor, "queue", accessibility);
        await first.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();

        // The customer's open page shows it without a reload, and the bell counts the notification.
        await Expect(customer.Locator("#case-status")).ToHaveTextAsync("Acknowledged", new() { Timeout = 15_000 });
        await Expect(customer.Locator("#bell-count")).ToBeVisibleAsync(new() { Timeout = 15_000 });

        // An internal note and a public comment by the engineer: the customer's page gets the comment only.
        await vendor.GotoAsync($"{portal}/cases/{caseId}");
        await WaitInteractiveAsync(vendor);
        await Field(vendor, "Comment").FillAsync("Suspect the SBC firmware rollout; do not tell the customer yet.");
        await vendor.GetByRole(AriaRole.Checkbox, new() { Name = "Internal note: never shown to the customer" }).ClickAsync();
        await vendor.GetByRole(AriaRole.Button, new() { Name = "Add internal note" }).ClickAsync();
        await Expect(vendor.Locator("#timeline li.internal")).ToContainTextAsync("Suspect the SBC firmware rollout");
        // The form starts again as a public comment.
        await Expect(vendor.GetByRole(AriaRole.Checkbox, new() { Name = "Internal note: never shown to the customer" })).Not.ToBeCheckedAsync();
        await Field(vendor, "Comment").FillAsync("We are looking at the SBC logs now.");
        await vendor.GetByRole(AriaRole.Button, new() { Name = "Add comment" }).ClickAsync();
        await Expect(customer.Locator("#timeline")).ToContainTextAsync("We are looking at the SBC logs now.", new() { Timeout = 15_000 });
        await Expect(customer.Locator("#timeline")).Not.ToContainTextAsync("SBC firmware rollout");
        await customer.ReloadAsync();
        await WaitInteractiveAsync(customer);
        await Expect(customer.Locator("#timeline")).ToContainTextAsync("We are looking at the SBC logs now.");
        await Expect(customer.Locator("body")).Not.ToContainTextAsync("SBC firmware rollout");
        await CheckAccessibilityAsync(customer, "case page", accessibility);
        await CheckAccessibilityAsync(vendor, "case page (vendor)", accessibility);

        // The bell opens the customer's notifications: the acknowledgement and the public comment,
        // never the note. Marking them read empties the bell; the case is one click away.
        await customer.Locator("#bell").ClickAsync();
        await Expect(customer).ToHaveURLAsync(portal + "/notifications");
        await WaitInteractiveAsync(customer);
        await Expect(customer.Locator("#notifications")).ToContainTextAsync("Case acknowledged: Inbound calls drop after thirty seconds");
        await Expect(customer.Locator("#notifications")).ToContainTextAsync("New comment: Inbound calls drop after thirty seconds");
        await Expect(customer.Locator("#notifications")).ToContainTextAsync("We are looking at the SBC logs now.");
        await Expect(customer.Locator("body")).Not.ToContainTextAsync("SBC firmware rollout");
        await CheckAccessibilityAsync(customer, "notifications", accessibility);
        await customer.GetByRole(AriaRole.Button, new() { Name = "Mark all read" }).ClickAsync();
        await Expect(customer.Locator("#bell-count")).ToHaveCountAsync(0);
        await Expect(customer.Locator("#notifications li.unread")).ToHaveCountAsync(0);
        await customer.Locator("#notifications li").Filter(new() { HasText = "New comment:" }).GetByRole(AriaRole.Link, new() { Name = "Open the case" }).ClickAsync();
        await Expect(customer).ToHaveURLAsync($"{portal}/cases/{caseId}");
        await Expect(customer.Locator("#case-status")).ToHaveTextAsync("Acknowledged");

        // The engineer asks for information; the customer answers from the same page.
        await vendor.GetByRole(AriaRole.Button, new() { Name = "Request information", Exact = true }).ClickAsync();
        await Field(vendor, "What the customer should provide").FillAsync("Please attach the SBC log of one dropped call.");
        await vendor.Locator("#action-confirm").ClickAsync();
        await Expect(customer.Locator("#case-status")).ToHaveTextAsync("Awaiting customer", new() { Timeout = 15_000 });
        // Asked for input: the bell counts again, live.
        await Expect(customer.Locator("#bell-count")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await customer.GetByRole(AriaRole.Button, new() { Name = "Provide information", Exact = true }).ClickAsync();
        await Field(customer, "Your answer").FillAsync("Attached: sbc-2026-12-03.log");
        await customer.Locator("#action-confirm").ClickAsync();
        await Expect(vendor.Locator("#case-status")).ToHaveTextAsync("In progress", new() { Timeout = 15_000 });
        await Expect(vendor.Locator("#timeline")).ToContainTextAsync("Attached: sbc-2026-12-03.log");

        // The engineer resolves it with its cause; the P1 gets its RCA, which both sides can open.
        await vendor.GetByRole(AriaRole.Button, new() { Name = "Resolve", Exact = true }).ClickAsync();
        await Field(vendor, "Resolution summary").FillAsync("Rolled the SBC firmware back to 9.0.");
        await vendor.Locator("#action-confirm").ClickAsync();
        await Expect(customer.Locator("#case-status")).ToHaveTextAsync("Resolved", new() { Timeout = 15_000 });
        string? rcaId = null;
        await SupportPlatform.Tests.Shared.SupportClients.WaitUntilAsync(async () =>
            (rcaId = (await clients.Rcas.ListRcasAsync(new SupportPlatform.Rca.V1.ListRcasRequest { CaseId = caseId },
                SupportPlatform.Tests.Shared.SupportClients.Bearer(engineer.Token))).Rcas.SingleOrDefault()?.RcaId) is not null,
            TimeSpan.FromSeconds(30), "the P1's RCA");
        await vendor.GotoAsync($"{portal}/rcas/{rcaId}");
        await WaitInteractiveAsync(vendor);
        await Expect(vendor.Locator("#rca-state")).ToBeVisibleAsync();
        await CheckAccessibilityAsync(vendor, "RCA page (vendor, editor)", accessibility);
        await customer.ReloadAsync();
        await WaitInteractiveAsync(customer);
        await customer.Locator("#case-rca").ClickAsync();
        await Expect(customer).ToHaveURLAsync($"{portal}/rcas/{rcaId}");
        await WaitInteractiveAsync(customer);
        await CheckAccessibilityAsync(customer, "RCA page (customer)", accessibility);
        await customer.GotoAsync($"{portal}/cases/{caseId}");
        await WaitInteractiveAsync(customer);

        // Another organisation's agent: the case's address shows nothing but "not found".
        var other = await SignInAsync(browser, portal, stranger.Person.Email);
        await other.GotoAsync($"{portal}/cases/{caseId}");
        await Expect(other.Locator("#not-found")).ToBeVisibleAsync();
        await Expect(other.Locator("body")).Not.ToContainTextAsync("Inbound calls drop");

        // The README's screenshots.
        await customer.ScreenshotAsync(new() { Path = Screenshot("portal-case-page.png"), FullPage = true });
        await vendor.GotoAsync(portal + "/queue");
        await WaitInteractiveAsync(vendor);
        await vendor.ScreenshotAsync(new() { Path = Screenshot("portal-queue.png"), FullPage = true });

        // Sign-out ends the session: the case page asks to sign in again.
        await customer.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(customer).ToHaveURLAsync(portal + "/signin");
        await customer.GotoAsync($"{portal}/cases/{caseId}");
        await Expect(customer).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));

        foreach (var violation in accessibility)
        {
            output.WriteLine(violation);
        }
        Assert.Empty(accessibility);
        await stack.AssertNoErrorLoggedAsync(output);
    }

    [Fact]
    public async Task ACustomerAdminInvitesAColleague_WhoSetsTheirPasswordFromTheEmailLink_AndIsSignedIn()
    {
        Assert.True(File.Exists(Chromium), $"The browser tests drive Debian's Chromium at {Chromium}: install it with 'apt-get install -y chromium'.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await using var stack = await RunningStack.StartAsync(timeout.Token);
        var portal = stack.App.GetEndpoint("portal", "http").ToString().TrimEnd('/');
        var organization = await stack.Clients.CreateCustomerAsync(SupportPlan.Premium);
        var admin = await stack.Clients.CreatePersonAsync(organization.OrganizationId, Role.CustomerAdmin);
        var email = $"noor-{Guid.NewGuid():N}@example.com";

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
        var accessibility = new List<string>();
        var page = await SignInAsync(browser, portal, admin.Person.Email);
        await page.GetByRole(AriaRole.Link, new() { Name = "People" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(portal + "/people");
        await WaitInteractiveAsync(page);
        // Alone, the admin is no authorised submitter: readiness says so.
        await Expect(page.Locator("#readiness")).ToContainTextAsync("does not meet it");
        await Field(page, "Name").FillAsync("Noor");
        await Field(page, "E-mail address").FillAsync(email);
        await Field(page, "Phone (international, e.g. +31201234567)").FillAsync("+31201234599");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "L1 agent" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        await Expect(page.Locator("#notice")).ToHaveTextAsync($"Invitation sent to {email}.");
        await Expect(page.Locator("#people")).ToContainTextAsync("Invitation pending");
        await CheckAccessibilityAsync(page, "people", accessibility);

        // The admin's own notification preferences: quiet hours that end where they start are refused
        // next to the field; fixed, they are kept, with a category turned off for e-mail.
        await page.GetByRole(AriaRole.Link, new() { Name = "Preferences" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(portal + "/preferences");
        await WaitInteractiveAsync(page);
        await Expect(page.Locator("#time-zone-effective")).ToContainTextAsync("Europe/Amsterdam");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Hold e-mails and text messages during quiet hours (critical ones still arrive)" }).ClickAsync();
        await page.GetByLabel("From").FillAsync("22:00");
        await page.GetByLabel("Until").FillAsync("22:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save preferences" }).ClickAsync();
        await Expect(page.Locator("#quiet-end-error")).ToHaveTextAsync("must differ from the start");
        await CheckAccessibilityAsync(page, "preferences with an error", accessibility);
        await page.GetByLabel("Until").FillAsync("07:00");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Comments by e-mail" }).ClickAsync();
        await page.GetByLabel("Time zone (IANA, e.g. Europe/Amsterdam; empty: your organisation's)").FillAsync("America/New_York");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save preferences" }).ClickAsync();
        await Expect(page.Locator("#saved")).ToHaveTextAsync("Preferences saved.");
        await page.ReloadAsync();
        await WaitInteractiveAsync(page);
        await Expect(page.GetByLabel("Until")).ToHaveValueAsync("07:00");
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "Comments by e-mail" })).Not.ToBeCheckedAsync();
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "Comments by text message" })).ToBeCheckedAsync();
        await Expect(page.Locator("#time-zone-effective")).ToContainTextAsync("America/New_York");

        // The e-mail, as the development mail server caught it.
        using var inbox = new HttpClient { BaseAddress = stack.App.GetEndpoint("mail", "inbox") };
        string? link = null;
        await SupportPlatform.Tests.Shared.SupportClients.WaitUntilAsync(async () =>
        {
            var listed = await inbox.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/messages?pageSize=100", timeout.Token);
            var mail = listed.GetProperty("results").EnumerateArray().FirstOrDefault(message =>
                message.GetProperty("to").ToString().Contains(email, StringComparison.OrdinalIgnoreCase));
            if (mail.ValueKind != System.Text.Json.JsonValueKind.Object)
            {
                return false;
            }
            var text = await inbox.GetStringAsync($"/api/messages/{mail.GetProperty("id").GetString()}/plaintext", timeout.Token);
            link = System.Text.RegularExpressions.Regex.Match(text, @"Set your password: (\S+)").Groups[1].Value;
            return true;
        }, TimeSpan.FromSeconds(30), "the invitation e-mail");
        Assert.StartsWith(portal + "/invitation/", link);

        var invited = await (await browser.NewContextAsync()).NewPageAsync();
        await invited.GotoAsync(link!);
        await CheckAccessibilityAsync(invited, "set your password", accessibility);
        await invited.GetByLabel("New password").FillAsync("noor-chooses-a-long-one");
        await invited.GetByLabel("Repeat the password").FillAsync("noor-chooses-a-long-one");
        await invited.GetByRole(AriaRole.Button, new() { Name = "Set password and sign in" }).ClickAsync();
        await Expect(invited).ToHaveURLAsync(portal + "/cases");
        await Expect(invited.Locator(".who")).ToHaveTextAsync("Noor");
        // The link worked once.
        var again = await (await browser.NewContextAsync()).NewPageAsync();
        await again.GotoAsync(link!);
        await again.GetByLabel("New password").FillAsync("someone-elses-password");
        await again.GetByLabel("Repeat the password").FillAsync("someone-elses-password");
        await again.GetByRole(AriaRole.Button, new() { Name = "Set password and sign in" }).ClickAsync();
        await Expect(again.Locator("#problem")).ToContainTextAsync("This invitation link is not valid any more");

        foreach (var violation in accessibility)
        {
            output.WriteLine(violation);
        }
        Assert.Empty(accessibility);
        await stack.AssertNoErrorLoggedAsync(output);
    }

    private static async Task<IPage> SignInAsync(IBrowser browser, string portal, string email)
    {
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(10_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(portal + "/");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
        await page.GetByLabel("E-mail address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal));
        await WaitInteractiveAsync(page);
        return page;
    }

    /// <summary>A Fluent text field or text area by its label.</summary>
    private static ILocator Field(IPage page, string label) => page.GetByRole(AriaRole.Textbox, new() { Name = label, Exact = true });

    /// <summary>Waits until the page is live (its circuit connected): clicks act, changes arrive.</summary>
    private static Task WaitInteractiveAsync(IPage page) =>
        page.Locator("#interactive").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 15_000 });

    private static async Task CheckAccessibilityAsync(IPage page, string name, List<string> found)
    {
        var result = await page.RunAxe();
        found.AddRange(result.Violations.Where(v => v.Impact is "serious" or "critical")
            .SelectMany(v => v.Nodes.Select(node => $"{name}: {v.Impact} {v.Id} ({v.Help}) at {node.Target}")));
    }

    /// <summary>
    /// Where the screenshots go: the test's output folder, or the README's folder
    /// (docs/screenshots in the repository) when PORTAL_SCREENSHOTS=readme.
    /// </summary>
    private static string Screenshot(string file)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        if (Environment.GetEnvironmentVariable("PORTAL_SCREENSHOTS") == "readme")
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SupportPlatform.sln")))
            {
                directory = directory.Parent;
            }
            folder = Path.Combine(directory!.FullName, "docs", "screenshots");
        }
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, file);
    }
}
