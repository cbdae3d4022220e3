extern alias notification;

using NodaTime;
using notification::SupportPlatform.Notification.Channels;
using notification::SupportPlatform.Notification.Domain;

namespace SupportPlatform.Tests.Unit;

/// <summary>
/// What the Liquid templates make of a notification: the text a person reads in an e-mail (plain
/// and HTML) and a text message, the link into the portal, times in the recipient's time zone, a
/// template of its own where an event has one, and the digest.
/// </summary>
public sealed class NotificationTemplateTests
{
    private static readonly NotificationTemplates Templates = new();
    private static readonly DateTimeZone Amsterdam = DateTimeZoneProviders.Tzdb["Europe/Amsterdam"];
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private static readonly DateTimeOffset DueAt = new(2026, 12, 3, 14, 0, 0, TimeSpan.Zero);

    /// <summary>Every event the notification service consumes, with the category a person chooses its channels by.</summary>
    public static TheoryData<string, string> EventTypes => new()
    {
        { "CaseSubmitted", "CASES" }, { "CaseAcknowledged", "CASES" }, { "CaseAssigned", "CASES" }, { "CaseCustomerInfoRequested", "CASES" },
        { "CaseCustomerInfoProvided", "CASES" }, { "CaseReturned", "CASES" }, { "CaseResubmitted", "CASES" }, { "CaseResolved", "CASES" },
        { "CaseClosed", "CASES" }, { "CaseReopened", "CASES" }, { "CaseWithdrawn", "CASES" }, { "CasePriorityChanged", "CASES" },
        { "CaseAccessChanged", "CASES" }, { "CaseCommentAdded", "COMMENTS" }, { "RcaCommentAdded", "COMMENTS" }, { "CaseEscalated", "SLA" },
        { "SlaWarningReached", "SLA" }, { "SlaBreached", "SLA" }, { "SlaClockDeferred", "SLA" }, { "PageTriggered", "ON_CALL" },
        { "PageAcknowledged", "ON_CALL" }, { "PageExhausted", "ON_CALL" }, { "HotlineCallMissing", "ON_CALL" }, { "RcaRequired", "RCA" },
        { "RcaCauseAttributed", "RCA" }, { "RcaReviewRequested", "RCA" }, { "RcaReviewed", "RCA" }, { "RcaPublished", "RCA" },
        { "RcaOverdue", "RCA" }, { "RcaActionOverdue", "RCA" }, { "SupportReadinessDropped", "ACCOUNT" }, { "PersonInvited", "ACCOUNT" },
    };

    /// <summary>The events the notification service's consumers take, read from its assembly.</summary>
    private static IEnumerable<string> ConsumedEvents() =>
        typeof(NotificationTemplates).Assembly.GetTypes()
            .SelectMany(type => type.GetInterfaces())
            .Where(contract => contract.IsGenericType && contract.GetGenericTypeDefinition().Name == "IConsumer`1")
            .Select(contract => contract.GetGenericArguments()[0].Name)
            .Where(name => name is not ("PersonChanged" or "MatrixChanged" or "ResponsibilityMatrixChanged"))
            .Distinct();

    private static MessageView View(string eventType = "SlaWarningReached", string urgency = "HIGH", DateTimeZone? zone = null, string portal = "https://portal.example/",
        string subject = "SLA warning: Calls <drop>", string body = "80% of the response target is used & it is due soon.\nAct now.", Guid? caseId = null) =>
        MessageView.Of("Sam", eventType, subject, body, urgency, "ACTION", caseId ?? Guid.Parse("6f1c8f0e-0000-4000-8000-000000000001"), null, DueAt,
            zone ?? Amsterdam, portal);

    [Fact]
    public void AnEmail_SaysWhatTheNotificationSays_WithTheDueTimeInTheRecipientsZone_AndALinkToTheCase()
    {
        var (subject, text, html) = Templates.Email(View());

        Assert.Equal("SLA warning: Calls <drop>", subject);
        Assert.StartsWith("Hello Sam,", text);
        Assert.Contains("80% of the response target is used & it is due soon.\nAct now.", text);
        Assert.Contains("Due: Thu 3 Dec 2026 15:00 (Europe/Amsterdam, UTC+01)", text);
        Assert.Contains("Open the case: https://portal.example/cases/6f1c8f0e-0000-4000-8000-000000000001", text);
        Assert.Contains("<p>80% of the response target is used &amp; it is due soon.<br />", html);
        Assert.Contains("<strong>Due:</strong> Thu 3 Dec 2026 15:00 (Europe/Amsterdam, UTC&#x2B;01)", html);
        Assert.Contains("<a href=\"https://portal.example/cases/6f1c8f0e-0000-4000-8000-000000000001\">Open the case</a>", html);
    }

    [Fact]
    public void TextFromPeople_IsEncodedInTheHtmlPart_AndLeftAloneInThePlainText()
    {
        var view = View(body: "Logs say <script>alert(1)</script> & more") with { RecipientName = "Sam <admin>" };

        var (_, text, html) = Templates.Email(view);

        Assert.Contains("Logs say <script>alert(1)</script> & more", text);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more", html);
        Assert.Contains("Hello Sam &lt;admin&gt;,", html);
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<admin>", html);
    }

    [Fact]
    public void TheSameDueTime_ReadsInEachRecipientsOwnZone()
    {
        Assert.Contains("Due: Thu 3 Dec 2026 09:00 (America/New_York, UTC-05)", Templates.Email(View(zone: NewYork)).Text);
        Assert.Contains("Due: Thu 3 Dec 2026 14:00 (UTC, UTC+00)", Templates.Email(View(zone: DateTimeZone.Utc)).Text);
    }

    [Fact]
    public void ACriticalEmail_IsMarkedInItsSubject_AndWithoutAPortal_HasNoLink()
    {
        var (subject, text, html) = Templates.Email(View("PageExhausted", "CRITICAL", portal: "", subject: "Page unanswered: Calls drop"));

        Assert.Equal("[CRITICAL] Page unanswered: Calls drop", subject);
        Assert.DoesNotContain("http", text);
        Assert.DoesNotContain("href", html);
    }

    [Fact]
    public void AnEventWithItsOwnTemplate_UsesIt_AndAPageTextsTheTimeToAcknowledgeBy()
    {
        var resolved = Templates.Email(View("CaseResolved", "NORMAL", subject: "Case resolved: Calls drop", body: "The vendor has resolved the case."));
        Assert.Contains("What to do next:", resolved.Text);
        Assert.Contains("Close the case once they confirm it: https://portal.example/cases/", resolved.Text);
        Assert.Contains("<ol>", resolved.Html);
        // Only the one asked to confirm it is told what to do; someone informed just gets the link.
        var informed = Templates.Email(View("CaseResolved", "NORMAL", subject: "Case resolved: Calls drop", body: "Resolved.") with { Purpose = "FYI" });
        Assert.DoesNotContain("What to do next", informed.Text);
        Assert.Contains("Open the case: https://portal.example/cases/", informed.Text);

        var page = SmsContent.Fit(Templates.TextMessage(View("PageTriggered", "CRITICAL", subject: "PAGE: Calls drop")), null);
        Assert.Equal("[CRITICAL] PAGE: Calls drop. Acknowledge before 15:00 UTC+01, or the next step is paged.", page);

        var warning = SmsContent.Fit(Templates.TextMessage(View(zone: NewYork, subject: "SLA warning: Calls drop")), null);
        Assert.Equal("SLA warning: Calls drop. Due 09:00 UTC-05", warning);
    }

    [Fact]
    public void TheTable_NamesEveryEventTheServiceConsumes() =>
        Assert.Equal(ConsumedEvents().Order(), EventTypes.Select(row => (string)row[0]).Order());

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void EveryEvent_HasItsCategory_AndRendersEveryPart(string eventType, string category)
    {
        Assert.Equal(category, NotificationCategories.Of(eventType));

        var view = View(eventType, "NORMAL", subject: $"{eventType}: Calls drop", body: "Body text.");

        var (subject, text, html) = Templates.Email(view);
        Assert.Equal($"{eventType}: Calls drop", subject);
        Assert.Contains("Body text.", text);
        Assert.Contains("Body text.", html);
        Assert.StartsWith($"{eventType}: Calls drop", Templates.TextMessage(view));
    }

    [Fact]
    public void AnInvitation_LinksToItsOwnPortalPage_NotToACase()
    {
        var view = MessageView.Of("Noor", "PersonInvited", "You are invited", "Set your password with the link.", "NORMAL", "ACTION",
            caseId: Guid.NewGuid(), rcaId: null, dueAt: null, NodaTime.DateTimeZone.Utc, "https://portal.test/", "invitation/abc123");

        var (_, text, html) = Templates.Email(view);

        Assert.Contains("Set your password: https://portal.test/invitation/abc123", text);
        Assert.Contains("<a href=\"https://portal.test/invitation/abc123\">Set your password</a>", html);
    }

    [Fact]
    public void ADigest_ListsEachNotification_OldestFirst_WithItsLinkAndTime()
    {
        var first = View(subject: "SLA warning: Calls drop", body: "First body.");
        var second = View("CaseClosed", "NORMAL", subject: "Case closed: Fax <down>", body: "The case is closed.") with { Due = null };

        var (subject, text, html) = Templates.DigestEmail(new DigestView("Sam", "HOURLY", [first, second]));

        Assert.Equal("Your hourly support digest: 2 notifications", subject);
        Assert.Contains("1. SLA warning: Calls drop", text);
        Assert.Contains("   Due: Thu 3 Dec 2026 15:00 (Europe/Amsterdam)", text);
        Assert.Contains("2. Case closed: Fax <down>", text);
        Assert.True(text.IndexOf("1. SLA warning", StringComparison.Ordinal) < text.IndexOf("2. Case closed", StringComparison.Ordinal));
        Assert.Contains("Case closed: Fax &lt;down&gt;</a>", html);
        Assert.Equal("Your daily support digest: 1 notification", Templates.DigestEmail(new DigestView("Sam", "DAILY", [first])).Subject);
    }

    [Fact]
    public void TheTemplates_AreTheOnesShipped()
    {
        Assert.Contains("default.email.text", Templates.Names);
        Assert.Contains("default.email.html", Templates.Names);
        Assert.Contains("default.email.subject", Templates.Names);
        Assert.Contains("default.sms", Templates.Names);
        Assert.Contains("digest.email.html", Templates.Names);
        Assert.Contains("CaseResolved.email.text", Templates.Names);
        Assert.Contains("PageTriggered.sms", Templates.Names);
    }
}
