extern alias notification;

using notification::SupportPlatform.Notification.Domain;
using SupportPlatform.Contracts.Events;

namespace SupportPlatform.Tests.Unit;

/// <summary>Who hears of SLA warnings and breaches, escalations, pages and cause changes, how urgently and in what words; the vendor's remarks stay with the vendor.</summary>
public sealed class NotificationRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
    private static readonly KnownCase Case = new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "Calls drop after 30s", "P1");

    private static (string Kind, string Recipient, string Urgency)[] Who(IEnumerable<NotificationRules.Draft> drafts) =>
        [.. drafts.Select(draft => (draft.RecipientKind, draft.RecipientId, draft.Urgency))];

    private static SlaBreached Breach(string priority, string target) =>
        new(Case.CaseId, Guid.NewGuid(), "PREMIUM_PLUS", priority, 1, target, 1, "AROUND_THE_CLOCK", Now.AddMinutes(-1), TimeSpan.FromMinutes(30), false, Now);

    [Fact]
    public void AWarning_GoesToTheVendorQueueAndTheAssignee_Only()
    {
        var warning = new SlaWarningReached(Case.CaseId, Guid.NewGuid(), "PREMIUM", "P2", 1, "RESPONSE", 1, "BUSINESS_HOURS", 75,
            Now.AddHours(1), TimeSpan.FromHours(3), TimeSpan.FromHours(4), Now);

        var drafts = NotificationRules.ForSlaWarning(warning, Case with { Priority = "P2" });

        Assert.Equal([("VENDOR_SUPPORT_QUEUE", "", "HIGH"), ("PERSON", Case.AssigneeId.ToString()!, "HIGH")], Who(drafts));
        Assert.Contains("Calls drop after 30s", drafts[0].Subject);
        Assert.Contains("75% of the response target (4 h)", drafts[0].Body);
    }

    [Fact]
    public void AP1Breach_IsCriticalForTheVendor_AndTheSubmitterIsToldOfResponseAndResolutionOnly()
    {
        Assert.Equal(
            [("VENDOR_SUPPORT_QUEUE", "", "CRITICAL"), ("PERSON", Case.AssigneeId.ToString()!, "CRITICAL"), ("PERSON", Case.SubmitterId.ToString(), "HIGH")],
            Who(NotificationRules.ForSlaBreach(Breach("P1", "RESPONSE"), Case)));
        Assert.Equal([("VENDOR_SUPPORT_QUEUE", "", "CRITICAL"), ("PERSON", Case.AssigneeId.ToString()!, "CRITICAL")],
            Who(NotificationRules.ForSlaBreach(Breach("P1", "UPDATE"), Case)));
        Assert.Equal([("VENDOR_SUPPORT_QUEUE", "", "HIGH"), ("PERSON", Case.SubmitterId.ToString(), "NORMAL")],
            Who(NotificationRules.ForSlaBreach(Breach("P3", "RESOLUTION"), Case with { AssigneeId = null })));
    }

    [Fact]
    public void AnEscalation_TellsTheCustomer_WithoutTheVendorsRemark()
    {
        const string remark = "Internal: L2 is out of ideas, the customer's admin is hard to work with.";
        var byVendor = new CaseEscalated(Case.CaseId, Guid.NewGuid(), Guid.NewGuid(), "FUNCTIONAL", "L2", "L3", "VENDOR", Guid.NewGuid(), remark, null, Now);

        var drafts = NotificationRules.ForEscalation(byVendor, Case);

        var vendor = drafts.Where(draft => draft.RecipientKind == "VENDOR_SUPPORT_QUEUE" || draft.RecipientId == Case.AssigneeId.ToString());
        Assert.All(vendor, draft => Assert.Contains(remark, draft.Body));
        var customer = drafts.Single(draft => draft.RecipientId == Case.SubmitterId.ToString());
        Assert.DoesNotContain("Internal", customer.Body + customer.Subject);
        Assert.Equal("Your case was escalated functionally from L2 to L3.", customer.Body);

        var byCustomer = byVendor with { Kind = "HIERARCHICAL", FromLevel = "NONE", ToLevel = "SUPPORT_MANAGER", Trigger = "CUSTOMER", Reason = "Still down after two hours." };
        Assert.Equal("Your case was escalated to the vendor's support manager, as you asked: Still down after two hours.",
            NotificationRules.ForEscalation(byCustomer, Case).Single(draft => draft.RecipientId == Case.SubmitterId.ToString()).Body);
    }

    [Fact]
    public void APage_IsCriticalForEachPersonPaged_AndTheQueueHearsWhenItReachedNobodyOrWentUnanswered()
    {
        var engineer = Guid.NewGuid();
        var page = new PageTriggered(Guid.NewGuid(), Case.CaseId, Guid.NewGuid(), Guid.NewGuid(), 1, 1, [engineer],
            "Premium Plus P1 submitted: Calls drop after 30s", "CRITICAL", Now.AddMinutes(5), Now);

        Assert.Equal([("PERSON", engineer.ToString(), "CRITICAL")], Who(NotificationRules.ForPage(page, Case)));
        Assert.Equal([("VENDOR_SUPPORT_QUEUE", "", "CRITICAL")], Who(NotificationRules.ForPage(page with { PersonIds = [], EscalatesAt = null }, Case)));
        Assert.Equal([("VENDOR_SUPPORT_QUEUE", "", "CRITICAL")],
            Who(NotificationRules.ForPageExhausted(new PageExhausted(page.PageId, Case.CaseId, page.OrganizationId, page.PolicyId, 4, Now), Case)));
        Assert.Equal([("VENDOR_SUPPORT_QUEUE", "", "NORMAL")],
            Who(NotificationRules.ForPageAcknowledged(new PageAcknowledged(page.PageId, Case.CaseId, page.OrganizationId, engineer, 1, 1, Now), Case)));
        // An event about a case whose own events have not arrived yet still names it.
        Assert.Contains(Case.CaseId.ToString(), NotificationRules.ForPage(page, null).Single().Subject);
    }

    [Fact]
    public void ACauseChange_ReadsAsASentence_ForBothParties()
    {
        var contact = Guid.NewGuid();
        var attributed = new RcaCauseAttributed(Guid.NewGuid(), Guid.NewGuid(), "Calls drop after 30s", "VENDOR_COMPONENT", "SBC", "VENDOR", "CUSTOMER",
            "VENDOR", "The SBC trace shows the dropped session refresh", Guid.NewGuid(), [contact], 2, Now);

        var drafts = NotificationRules.ForRcaCause(attributed);

        Assert.Equal([("VENDOR_SUPPORT_QUEUE", "", "NORMAL"), ("PERSON", contact.ToString(), "NORMAL")], Who(drafts));
        Assert.Equal("RCA now owned by the customer: Calls drop after 30s", drafts[1].Subject);
        Assert.Equal("The cause of the incident was attributed to the SBC (was a vendor component): The SBC trace shows the dropped session refresh. "
            + "The root cause analysis moved from the vendor to the customer, who now writes it; the vendor reviews it.", drafts[1].Body);
    }
}
