extern alias notification;

using System.Collections.Frozen;
using notification::SupportPlatform.Notification.Domain;
using SupportPlatform.BuildingBlocks.Responsibility;
using SupportPlatform.Contracts.Events;

namespace SupportPlatform.Tests.Unit;

/// <summary>
/// Who is told, from the RASCI letters of the event's task (three rows of the agreement, one with
/// an organisation's override), the case's followers and subscribers: R/A act, S/C give input when
/// asked, I are informed, each once, and a party hears only the text written for it.
/// </summary>
public sealed class AudienceTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
    private static readonly Guid Organization = Guid.NewGuid();
    private static readonly Guid Submitter = Guid.NewGuid();
    private static readonly Guid OtherAgent = Guid.NewGuid();
    private static readonly Guid Admin = Guid.NewGuid();
    private static readonly Guid EndUser = Guid.NewGuid();
    private static readonly Guid Engineer = Guid.NewGuid();

    /// <summary>A matrix row as the directory answers it, with the people of each party that holds a letter.</summary>
    private static TaskResponsibility Row(string taskId, string vendor, string customer, string endUsers)
    {
        var letters = new Dictionary<string, string> { ["VENDOR"] = vendor, ["CUSTOMER"] = customer, ["END_USERS"] = endUsers };
        var holders = "RASCI".Select(letter => (letter, parties: letters.Where(pair => pair.Value.Contains(letter)).Select(pair => pair.Key).ToList()))
            .Where(entry => entry.parties.Count > 0)
            .ToFrozenDictionary(entry => entry.letter, entry => (IReadOnlyList<string>)entry.parties);
        List<TaskContact> contacts = [];
        if (vendor.Length > 0) { contacts.Add(new TaskContact(Engineer, "VENDOR", "Engineer", "eng@vendor.example", "")); }
        if (customer.Length > 0)
        {
            contacts.Add(new TaskContact(Submitter, "CUSTOMER", "Submitter", "l1@customer.example", "+31200000001"));
            contacts.Add(new TaskContact(OtherAgent, "CUSTOMER", "Other agent", "l1b@customer.example", "+31200000002"));
            contacts.Add(new TaskContact(Admin, "CUSTOMER", "Admin", "admin@customer.example", ""));
        }
        if (endUsers.Length > 0) { contacts.Add(new TaskContact(EndUser, "END_USERS", "End user", "user@customer.example", "")); }
        return new TaskResponsibility(taskId, 0, holders) { Contacts = contacts };
    }

    private static readonly TaskResponsibility L2L3Support = Row(MatrixTasks.L2L3Support, "AR", "SCI", "");

    private static CaseSnapshot Snapshot() => new()
    {
        CaseId = Guid.NewGuid(), OrganizationId = Organization, SubmitterId = Submitter, Title = "Calls drop after 30s", Type = "INCIDENT",
        Priority = "P2", Plan = "PREMIUM", Status = "ACKNOWLEDGED", Version = 2, CreatedAt = Now,
    };

    private static (string Recipient, string Purpose)[] Who(IEnumerable<NotificationRules.Draft> drafts) =>
        [.. drafts.Select(draft => (draft.RecipientKind == "PERSON" ? draft.RecipientId : "queue", draft.Purpose!))];

    private static (string, string) Person(Guid id, string purpose) => (id.ToString(), purpose);

    [Fact]
    public void L2L3Support_TheVendorQueueActs_TheCustomersPeopleAreInformed_AndGiveInputWhenAsked()
    {
        var acknowledged = Audience.Address(NotificationRules.ForCase(nameof(CaseAcknowledged), Snapshot()), Audience.CaseWork, L2L3Support,
            [new Audience.Follower(Submitter, "CUSTOMER")]);

        Assert.Equal([Person(Submitter, "FYI"), ("queue", "ACTION"), Person(OtherAgent, "FYI"), Person(Admin, "FYI")], Who(acknowledged));
        Assert.DoesNotContain(acknowledged, draft => draft.RecipientId == Engineer.ToString()); // the vendor is its queue

        var asked = Audience.Address(NotificationRules.ForCase(nameof(CaseCustomerInfoRequested), Snapshot(), "Which SBC firmware?"),
            Audience.CaseWork with { AsksInput = true }, L2L3Support, []);

        // The submitter must answer; the customer's other people (S, C) are asked for input.
        Assert.Equal([Person(Submitter, "ACTION"), ("queue", "ACTION"), Person(OtherAgent, "INPUT"), Person(Admin, "INPUT")], Who(asked));
        Assert.All(asked, draft => Assert.Contains("Which SBC firmware?", draft.Body));
    }

    [Fact]
    public void RcaWithOtherCauses_TheCustomerActs_TheVendorQueueIsInformed_AndReviewsWhenAsked()
    {
        var otherCauses = Row(MatrixTasks.RcaOtherCauses, "SCI", "AR", "");
        var required = new RcaRequired(Guid.NewGuid(), Guid.NewGuid(), Organization, Submitter, "Calls drop after 30s", "CUSTOMER", Now.AddDays(7), Now);

        Assert.Equal(MatrixTasks.RcaOtherCauses, Audience.RcaWork("CUSTOMER").TaskId);
        Assert.Equal([Person(Submitter, "ACTION"), ("queue", "FYI"), Person(OtherAgent, "ACTION"), Person(Admin, "ACTION")],
            Who(Audience.Address(NotificationRules.ForRca(required), Audience.RcaWork("CUSTOMER"), otherCauses, [])));

        // Submitted for the vendor's review: the vendor (S, C) is asked for input; the customer wrote
        // no text for itself, so none of its people hears of it.
        var review = new RcaReviewRequested(required.RcaId, Organization, required.CaseTitle, "CUSTOMER", "VENDOR", Guid.NewGuid(), [Submitter], 3, Now);
        Assert.Equal([("queue", "INPUT")],
            Who(Audience.Address(NotificationRules.ForRcaReviewRequested(review), Audience.RcaWork("CUSTOMER", asksInput: true), otherCauses, [])));
    }

    [Fact]
    public void RcaCausedByTheVendor_TheVendorActs_TheCustomerIsInformed_AndASubscriberReadsItsOwnPartysText()
    {
        var vendorCaused = Row(MatrixTasks.RcaVendorCaused, "AR", "SCI", "");
        var published = new RcaPublished(Guid.NewGuid(), Organization, [Guid.NewGuid()], "Calls drop after 30s", "VENDOR", Guid.NewGuid(), [Submitter], 5, Now);
        var subscriber = Guid.NewGuid();

        var drafts = Audience.Address(NotificationRules.ForRcaPublished(published), Audience.RcaWork("VENDOR"), vendorCaused,
            [new Audience.Follower(subscriber, "VENDOR"), new Audience.Follower(Admin, "CUSTOMER")]);

        Assert.Equal([("queue", "ACTION"), Person(Submitter, "FYI"), Person(OtherAgent, "FYI"), Person(Admin, "FYI"), Person(subscriber, "ACTION")],
            Who(drafts));
        Assert.Single(drafts, draft => draft.RecipientId == Admin.ToString()); // a contact who also subscribed is told once
    }

    [Fact]
    public void AnOverride_AddsTheEndUsers_AndLeavesOnlyTheParticipantsOfACustomerWithNoLetters()
    {
        // The organisation's override: end-users informed of L2-3 support, the customer's staff no part in it.
        var overridden = Row(MatrixTasks.L2L3Support, "AR", "", "I");

        var drafts = Audience.Address(NotificationRules.ForCase(nameof(CaseAcknowledged), Snapshot()), Audience.CaseWork, overridden,
            [new Audience.Follower(Submitter, "CUSTOMER")]);

        Assert.Equal([Person(Submitter, "FYI"), ("queue", "ACTION"), Person(EndUser, "FYI")], Who(drafts));
        var endUser = drafts.Single(draft => draft.RecipientId == EndUser.ToString());
        Assert.Equal(("CUSTOMER", "END_USERS"), (drafts[0].Party, endUser.Party));
        Assert.Equal(drafts[0].Body, endUser.Body); // end-users read the customer's text
    }

    [Fact]
    public void AnEventWithNoTextForTheCustomer_ReachesNoCustomer_WhateverTheMatrixSays()
    {
        const string remark = "Internal: L2 is out of ideas.";
        var known = new KnownCase(Guid.NewGuid(), Organization, Submitter, Engineer, "Calls drop after 30s", "P2");
        var warning = new SlaWarningReached(known.CaseId, Organization, "PREMIUM", "P2", 1, "RESPONSE", 1, "BUSINESS_HOURS", 75,
            Now.AddHours(1), TimeSpan.FromHours(3), TimeSpan.FromHours(4), Now);
        var customerSubscriber = new Audience.Follower(Guid.NewGuid(), "CUSTOMER");

        var warned = Audience.Address(NotificationRules.ForSlaWarning(warning, known), Audience.CaseWork, L2L3Support, [customerSubscriber]);
        Assert.All(warned, draft => Assert.Equal("VENDOR", draft.Party));

        // An escalation's remark is in the vendor's text only; customers and their subscribers read the other.
        var escalated = new CaseEscalated(known.CaseId, Organization, Guid.NewGuid(), "FUNCTIONAL", "L2", "L3", "VENDOR", Guid.NewGuid(), remark, null, Now);
        var drafts = Audience.Address(NotificationRules.ForEscalation(escalated, known), Audience.CaseWork, L2L3Support, [customerSubscriber]);
        Assert.All(drafts.Where(draft => draft.Party != "VENDOR"), draft => Assert.DoesNotContain("Internal", draft.Subject + draft.Body));
        Assert.Contains(drafts, draft => draft.RecipientId == customerSubscriber.PersonId.ToString());
        Assert.All(drafts.Where(draft => draft.Party == "VENDOR"), draft => Assert.Contains(remark, draft.Body));
    }

    [Fact]
    public void WithoutAScope_OnlyTheRulesRecipientsAreTold()
    {
        var page = new PageTriggered(Guid.NewGuid(), Guid.NewGuid(), Organization, Guid.NewGuid(), 1, 1, [Engineer], "P1 submitted", "CRITICAL", Now.AddMinutes(5), Now);

        Assert.Equal([Person(Engineer, "ACTION")], Who(Audience.Address(NotificationRules.ForPage(page, null), null, L2L3Support,
            [new Audience.Follower(Submitter, "CUSTOMER")])));
    }

    [Fact]
    public void ThePersonWhoActed_IsNotToldOfIt_TheQueueStillIs()
    {
        var drafts = Audience.Address(NotificationRules.ForCase(nameof(CaseCommentAdded), Snapshot(), "Trace attached."), Audience.CaseWork, L2L3Support,
            [new Audience.Follower(Submitter, "CUSTOMER"), new Audience.Follower(Engineer, "VENDOR")], actor: Submitter);

        Assert.Equal([("queue", "ACTION"), Person(OtherAgent, "FYI"), Person(Admin, "FYI"), Person(Engineer, "ACTION")], Who(drafts));
    }

    [Theory]
    [InlineData("AR", false, "ACTION")]
    [InlineData("SCI", false, "FYI")]
    [InlineData("SCI", true, "INPUT")]
    [InlineData("SC", false, null)]
    [InlineData("", true, null)]
    public void Letters_SayWhatIsAsked(string letters, bool asksInput, string? purpose) =>
        Assert.Equal(purpose, Audience.PurposeOf(letters, asksInput));
}
