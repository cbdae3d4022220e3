using SupportPlatform.Contracts.Events;

namespace SupportPlatform.Notification.Domain;

/// <summary>Who is told about an event, and what. Pure: no I/O.</summary>
public static class NotificationRules
{
    public const string Person = "PERSON";
    public const string VendorSupportQueue = "VENDOR_SUPPORT_QUEUE";
    public const string InApp = "IN_APP";
    public const string Normal = "NORMAL";
    public const string High = "HIGH";
    public const string Critical = "CRITICAL";
    public const string Vendor = "VENDOR";
    public const string Customer = "CUSTOMER";
    public const string EndUsers = "END_USERS";

    /// <summary>One notification to write.</summary>
    /// <param name="Party">The recipient's party, VENDOR or CUSTOMER: the text is written for it.</param>
    /// <param name="Urgency">NORMAL, HIGH or CRITICAL.</param>
    /// <param name="Purpose">ACTION, INPUT or FYI; null to take it from the party's letters (<see cref="Audience"/>).</param>
    /// <param name="Via">Why the recipient is told: RULE (the event names them), FOLLOWER (a participant or subscriber) or MATRIX (only their party's letters).</param>
    /// <param name="DueAt">The time the event is about, when it has one (an SLA target's due time, an RCA's, a page's next step): e-mails and SMS show it in the recipient's time zone.</param>
    public sealed record Draft(string RecipientKind, string RecipientId, string Party, string Subject, string Body, string Urgency = Normal,
        string? Purpose = null, string Via = Audience.ByRule, DateTimeOffset? DueAt = null, string? LinkPath = null);

    /// <summary>The drafts with the time they are about.</summary>
    private static IReadOnlyList<Draft> Due(IEnumerable<Draft> drafts, DateTimeOffset? dueAt) => [.. drafts.Select(draft => draft with { DueAt = dueAt })];

    private static Draft ToCustomer(Guid person, string subject, string body, string urgency = Normal, string? purpose = null) =>
        new(Person, person.ToString(), Customer, subject, body, urgency, purpose);

    private static Draft ToVendorPerson(Guid person, string subject, string body, string urgency = Normal, string? purpose = null) =>
        new(Person, person.ToString(), Vendor, subject, body, urgency, purpose);

    private static Draft ToQueue(string subject, string body, string urgency = Normal, string? purpose = null) =>
        new(VendorSupportQueue, "", Vendor, subject, body, urgency, purpose);

    /// <summary>
    /// Case events go to the submitter and to the vendor's support queue. The queue's recipient
    /// id is empty: there is one vendor.
    /// </summary>
    /// <param name="hotlineNumber">The vendor's 24x7 line: told to a Premium Plus customer with a P1's submission.</param>
    public static IReadOnlyList<Draft> ForCase(string eventType, CaseSnapshot snapshot, string? detail = null, string? hotlineNumber = null)
    {
        var title = snapshot.Title;
        var (subject, body) = eventType switch
        {
            nameof(CaseSubmitted) => ($"{snapshot.Priority} case submitted: {title}",
                $"A {snapshot.Priority} {Words(snapshot.Type)} was submitted and waits for the vendor's first response."),
            nameof(CaseAcknowledged) => ($"Case acknowledged: {title}", "The vendor has acknowledged the case and is working on it."),
            nameof(CaseResolved) => ($"Case resolved: {title}",
                "The vendor has resolved the case. Check with your end-users, then close it."),
            nameof(CaseClosed) => ($"Case closed: {title}", "The case is closed."),
            nameof(CaseCustomerInfoRequested) => ($"Information needed: {title}", "The vendor needs information to continue: " + detail),
            nameof(CaseCustomerInfoProvided) => ($"Information provided: {title}", "The customer answered: " + detail),
            nameof(CaseReopened) => ($"Case reopened: {title}", "The customer reopened the case: " + detail),
            nameof(CaseReturned) => ($"Case returned: {title}", "The vendor returned the case: " + detail),
            nameof(CaseResubmitted) => ($"Case resubmitted: {title}", "The customer amended and resubmitted the case."),
            nameof(CaseWithdrawn) => ($"Case withdrawn: {title}", "The customer withdrew the case: " + detail),
            nameof(CaseAssigned) => ($"Case assigned: {title}", $"The case is assigned to a vendor engineer ({snapshot.Tier})."),
            nameof(CasePriorityChanged) => ($"Priority now {snapshot.Priority}: {title}", "The priority changed: " + detail),
            nameof(CaseCommentAdded) => ($"New comment: {title}", detail ?? ""),
            nameof(CaseAccessChanged) => ($"System access {detail}: {title}", $"A request for access to a customer system is {detail}."),
            _ => throw new ArgumentException($"No notification text for {eventType}."),
        };
        if (eventType == nameof(CaseSubmitted) && snapshot is { Plan: "PREMIUM_PLUS", Priority: "P1" } && !string.IsNullOrEmpty(hotlineNumber))
        {
            body += $" Call the 24x7 support line {hotlineNumber} now: the support agreement asks you to call after submitting a Priority 1 case.";
        }
        List<Draft> drafts =
        [
            ToCustomer(snapshot.SubmitterId, subject, body, purpose: CustomerActs(eventType, detail) ? Audience.Action : null),
            ToQueue(subject, body),
        ];
        if (eventType == nameof(CaseAssigned) && snapshot.AssigneeId is { } assignee)
        {
            drafts.Add(ToVendorPerson(assignee, subject, body, purpose: Audience.Action));
        }
        return drafts;
    }

    /// <summary>Whether the event asks the customer to act: answer, amend, confirm a resolution, or decide on access.</summary>
    private static bool CustomerActs(string eventType, string? detail) => eventType switch
    {
        nameof(CaseCustomerInfoRequested) or nameof(CaseReturned) or nameof(CaseResolved) => true,
        nameof(CaseAccessChanged) => detail == "requested",
        _ => false,
    };

    /// <summary>A new RCA goes to the submitter of its case and to the vendor's support queue.</summary>
    public static IReadOnlyList<Draft> ForRca(RcaRequired rca)
    {
        var subject = $"Root cause analysis required: {rca.CaseTitle}";
        var body = $"The P1 incident was resolved; a root cause analysis owned by the {rca.OwnerParty.ToLowerInvariant()} is due {rca.DueAt:yyyy-MM-dd}.";
        return Due(
        [
            ToCustomer(rca.CaseSubmitterId, subject, body),
            ToQueue(subject, body),
        ], rca.DueAt);
    }

    /// <summary>A cause attributed to an RCA's incident: both parties are told, and whether the ownership moved.</summary>
    public static IReadOnlyList<Draft> ForRcaCause(RcaCauseAttributed attributed)
    {
        var moved = attributed.PreviousOwner != attributed.Owner;
        var subject = moved
            ? $"RCA now owned by the {Lower(attributed.Owner)}: {attributed.Title}"
            : $"RCA cause attributed: {attributed.Title}";
        var body = $"The cause of the incident was attributed to {CauseWords(attributed.Cause)}"
            + (attributed.PreviousCause is { } previous ? $" (was {CauseWords(previous)})" : "") + $": {Sentence(attributed.Justification)} "
            + (moved
                ? $"The root cause analysis moved from the {Lower(attributed.PreviousOwner)} to the {Lower(attributed.Owner)}, who now writes it; the {Lower(attributed.Reviewer)} reviews it."
                : $"The {Lower(attributed.Owner)} stays accountable for the root cause analysis.");
        return [.. Party(Vendor, attributed.CustomerContactIds, subject, body), .. Party(Customer, attributed.CustomerContactIds, subject, body)];
    }

    /// <summary>An RCA submitted for review: the reviewing party is told.</summary>
    public static IReadOnlyList<Draft> ForRcaReviewRequested(RcaReviewRequested requested) =>
        Party(requested.Reviewer, requested.CustomerContactIds, $"RCA ready for your review: {requested.Title}",
            $"The {Lower(requested.Owner)} submitted the root cause analysis for review. Approve it, or request changes with a reason.");

    /// <summary>An RCA reviewed: the owning party is told the decision.</summary>
    public static IReadOnlyList<Draft> ForRcaReviewed(RcaReviewed reviewed) => reviewed.Decision == "APPROVED"
        ? Party(reviewed.Owner, reviewed.CustomerContactIds, $"RCA approved: {reviewed.Title}",
            $"The {Lower(reviewed.Reviewer)} approved the root cause analysis; it can be published."
            + (reviewed.Remark.Length > 0 ? " Remark: " + reviewed.Remark : ""))
        : Party(reviewed.Owner, reviewed.CustomerContactIds, $"RCA changes requested: {reviewed.Title}",
            $"The {Lower(reviewed.Reviewer)} requested changes to the root cause analysis: {reviewed.Remark}");

    /// <summary>An RCA published: both parties are told.</summary>
    public static IReadOnlyList<Draft> ForRcaPublished(RcaPublished published)
    {
        var subject = $"RCA published: {published.Title}";
        var body = $"The root cause analysis by the {Lower(published.Owner)} is published. Open it to read or forward it.";
        return [.. Party(Vendor, published.CustomerContactIds, subject, body), .. Party(Customer, published.CustomerContactIds, subject, body)];
    }

    /// <summary>An RCA past its due time: the owning party is told, and the vendor's queue follows it up when the customer owns it.</summary>
    public static IReadOnlyList<Draft> ForRcaOverdue(RcaOverdue overdue)
    {
        var subject = $"RCA overdue: {overdue.Title}";
        var body = $"The root cause analysis owned by the {Lower(overdue.Owner)} was due {overdue.DueAt:u} and is still {Words(overdue.State)}.";
        return Due(overdue.Owner == Vendor
            ? Party(Vendor, overdue.CustomerContactIds, subject, body)
            : [.. Party(Customer, overdue.CustomerContactIds, subject, body), .. Party(Vendor, overdue.CustomerContactIds, subject, body)], overdue.DueAt);
    }

    /// <summary>An RCA action past its due time: its owner and its party are told.</summary>
    public static IReadOnlyList<Draft> ForRcaActionOverdue(RcaActionOverdue overdue)
    {
        var subject = $"RCA action overdue: {overdue.Title}";
        var body = $"The action \"{overdue.Description}\" owned by the {Lower(overdue.OwnerParty)} was due {overdue.DueAt:u} and is neither done nor cancelled.";
        IEnumerable<Draft> owner = overdue.OwnerPersonId is { } person
            ? [new Draft(Person, person.ToString(), overdue.OwnerParty, subject, body, Purpose: Audience.Action)]
            : [];
        return Due(owner.Concat(Party(overdue.OwnerParty, overdue.CustomerContactIds, subject, body)).DistinctBy(draft => (draft.RecipientKind, draft.RecipientId)),
            overdue.DueAt);
    }

    /// <summary>A public comment on an RCA: the other party is told.</summary>
    public static IReadOnlyList<Draft> ForRcaComment(RcaCommentAdded comment) =>
        Party(comment.ActorParty == Vendor ? Customer : Vendor, comment.CustomerContactIds, $"New comment on RCA: {comment.Title}", comment.Body);

    /// <summary>
    /// An SLA target past its warning threshold: the vendor's queue and the assignee, who can still
    /// meet it. The customer is not told of a warning.
    /// </summary>
    public static IReadOnlyList<Draft> ForSlaWarning(SlaWarningReached warning, KnownCase? known)
    {
        var subject = $"SLA warning: {Words(warning.Target)} of {warning.Priority} case due {warning.DueAt:u}: {Title(known, warning.CaseId)}";
        var body = $"{warning.ThresholdPercent}% of the {Words(warning.Target)} target ({Hours(warning.Budget)}) is used; "
            + $"it is due {warning.DueAt:u} while the vendor holds the case.";
        return Due(VendorSide(known, subject, body, High), warning.DueAt);
    }

    /// <summary>
    /// An SLA target breached: the vendor's queue and the assignee — critical for a P1 — and, for
    /// the response and resolution targets, the submitter, who is owed them.
    /// </summary>
    public static IReadOnlyList<Draft> ForSlaBreach(SlaBreached breach, KnownCase? known)
    {
        var critical = breach.Priority == "P1";
        var subject = $"SLA breached: {Words(breach.Target)} of {breach.Priority} case: {Title(known, breach.CaseId)}";
        var body = $"The {Words(breach.Target)} target ({Hours(breach.Budget)}) was due {breach.DueAt:u}"
            + (breach.Reached ? " and was reached late." : " and has not been reached.");
        List<Draft> drafts = [.. VendorSide(known, subject, body, critical ? Critical : High)];
        if (known is not null && breach.Target is "RESPONSE" or "RESOLUTION")
        {
            drafts.Add(ToCustomer(known.SubmitterId, subject,
                body + " The vendor's support manager is told, and the case is escalated.", critical ? High : Normal));
        }
        return Due(drafts, breach.DueAt);
    }

    /// <summary>
    /// A case escalated: the vendor's queue and the assignee with the reason; the submitter without
    /// it unless the customer gave it — the vendor's escalation remarks stay with the vendor.
    /// </summary>
    public static IReadOnlyList<Draft> ForEscalation(CaseEscalated escalated, KnownCase? known)
    {
        var to = escalated.Kind == "FUNCTIONAL" ? $"functionally from {escalated.FromLevel} to {escalated.ToLevel}" : "to the vendor's support manager";
        var why = escalated.Trigger switch
        {
            "BREACH" => $"the {Words(escalated.BreachedTarget ?? "")} target was breached",
            "CUSTOMER" => "the customer asked",
            _ => "the vendor decided",
        };
        var subject = $"Case escalated: {Title(known, escalated.CaseId)}";
        List<Draft> drafts = [.. VendorSide(known, subject, $"Escalated {to}, as {why}: {escalated.Reason}", High)];
        if (known is not null)
        {
            var customerBody = $"Your case was escalated {to}" + (escalated.Trigger == "CUSTOMER" ? $", as you asked: {escalated.Reason}" : ".");
            drafts.Add(ToCustomer(known.SubmitterId, subject, customerBody));
        }
        return drafts;
    }

    /// <summary>A page: each person paged, critically; a step that reached nobody goes to the vendor's queue, critically too.</summary>
    public static IReadOnlyList<Draft> ForPage(PageTriggered page, KnownCase? known)
    {
        var subject = $"PAGE: {Title(known, page.CaseId)}";
        if (page.PersonIds.Count == 0)
        {
            return [ToQueue($"Page reached nobody: {Title(known, page.CaseId)}",
                $"{page.Reason}. Step {page.Step} of the escalation policy found nobody on call; it moves on at once.", Critical, Audience.Action)];
        }
        var body = $"{page.Reason}. Acknowledge the page" + (page.EscalatesAt is { } next ? $" before {next:u}, when the next step is paged." : ".");
        return Due(page.PersonIds.Select(person => ToVendorPerson(person, subject, body, Critical, Audience.Action)), page.EscalatesAt);
    }

    /// <summary>A page acknowledged: the vendor's queue knows someone has it.</summary>
    public static IReadOnlyList<Draft> ForPageAcknowledged(PageAcknowledged acknowledged, KnownCase? known) =>
        [ToQueue($"Page acknowledged: {Title(known, acknowledged.CaseId)}",
            $"An engineer acknowledged the page at step {acknowledged.Step}; it no longer escalates.")];

    /// <summary>A page nobody acknowledged: the vendor's queue, critically.</summary>
    public static IReadOnlyList<Draft> ForPageExhausted(PageExhausted exhausted, KnownCase? known) =>
        [ToQueue($"Page unanswered: {Title(known, exhausted.CaseId)}",
            $"Every step of the escalation policy was paged ({exhausted.StepsPaged} in all) and nobody acknowledged. Take the case now.", Critical, Audience.Action)];

    /// <summary>The vendor's side of a case: its queue, and its assignee when it has one.</summary>
    private static IEnumerable<Draft> VendorSide(KnownCase? known, string subject, string body, string urgency)
    {
        yield return ToQueue(subject, body, urgency);
        if (known?.AssigneeId is { } assignee)
        {
            yield return ToVendorPerson(assignee, subject, body, urgency);
        }
    }

    /// <summary>A cause as a person reads it.</summary>
    private static string CauseWords(string cause) => cause switch
    {
        "VENDOR_COMPONENT" => "a vendor component",
        "CUSTOMER_INFRASTRUCTURE" => "the customer's infrastructure",
        "SBC" => "the SBC",
        "SIP_TRUNK" => "the SIP trunk",
        "MICROSOFT_TENANT" => "the Microsoft tenant",
        "OTHER_THIRD_PARTY" => "another third party",
        "UNKNOWN" => "an unknown cause",
        _ => Words(cause),
    };

    /// <summary>Text ending as a sentence does.</summary>
    private static string Sentence(string text) => text.TrimEnd() is var trimmed && trimmed.Length > 0 && ".!?".Contains(trimmed[^1]) ? trimmed : trimmed + ".";

    private static string Title(KnownCase? known, Guid caseId) => known?.Title ?? $"case {caseId}";

    private static string Hours(TimeSpan span) => span.TotalHours >= 1 ? $"{span.TotalHours:0.#} h" : $"{span.TotalMinutes:0} min";


    /// <summary>A party's recipients: the vendor's support queue, or the customer's contacts for the RCA.</summary>
    private static IReadOnlyList<Draft> Party(string party, IReadOnlyList<Guid> customerContacts, string subject, string body) =>
        party == Vendor
            ? [ToQueue(subject, body)]
            : [.. customerContacts.Select(contact => ToCustomer(contact, subject, body))];

    private static string Lower(string party) => party.ToLowerInvariant();

    /// <summary>A case whose clock waits for business hours: its submitter is told when it starts, and so is the vendor's queue.</summary>
    public static IReadOnlyList<Draft> ForClockDeferred(SlaClockDeferred deferred)
    {
        var subject = $"SLA clock starts {deferred.ClockStartsAtLocal}: {deferred.Title}";
        var body = $"This {deferred.Priority} case was submitted outside your business hours. Its SLA clock starts at {deferred.ClockStartsAtLocal} "
            + $"({deferred.TimeZone}), when your business hours begin: 24x7 cover for Priority 1 cases is part of Premium Plus support.";
        return Due(
        [
            ToCustomer(deferred.SubmitterId, subject, body),
            ToQueue(subject, body),
        ], deferred.ClockStartsAt);
    }

    /// <summary>A Premium Plus P1 without the customer's hotline call: the on-call engineers and the vendor's queue are told.</summary>
    public static IReadOnlyList<Draft> ForHotlineMissing(HotlineCallMissing missing)
    {
        var subject = $"No hotline call for P1: {missing.Title}";
        var body = $"A Premium Plus P1 was submitted at {missing.SubmittedAt:u} and no call to the 24x7 hotline was recorded by {missing.ExpectedBy:u}. "
            + "Call the customer back.";
        return Due(
        [
            .. missing.OnCallPersonIds.Select(person => ToVendorPerson(person, subject, body, purpose: Audience.Action)),
            ToQueue(subject, body, purpose: Audience.Action),
        ], missing.ExpectedBy);
    }

    /// <summary>A customer below two authorised submitters: each of its customer admins is told.</summary>
    public static IReadOnlyList<Draft> ForReadiness(SupportReadinessDropped dropped)
    {
        var subject = $"{dropped.OrganizationName}: fewer than {dropped.Required} authorised submitters";
        var body = $"Your organisation has {dropped.AuthorizedSubmitters} authorised L1 submitter(s); the support agreement requires at least "
            + $"{dropped.Required} trained L1 agents with a registered e-mail address and phone number. Register or train another L1 agent.";
        return dropped.CustomerAdminIds.Select(admin => ToCustomer(admin, subject, body, purpose: Audience.Action)).ToList();
    }

    /// <summary>
    /// An invited person is e-mailed their link to set a password (LinkPath <c>invitation/{token}</c>);
    /// the text itself holds no secret.
    /// </summary>
    public static IReadOnlyList<Draft> ForInvitation(PersonInvited invited) =>
    [
        new(Person, invited.PersonId.ToString(), invited.Party == Vendor ? Vendor : Customer,
            $"You are invited to the {invited.OrganizationName} support portal",
            $"An administrator registered you in the support portal for {invited.OrganizationName}. Set your password with the link in this e-mail: "
            + $"it works once, until {invited.ExpiresAt:yyyy-MM-dd HH:mm} UTC. If you did not expect this, ignore it.",
            Normal, Audience.Action, LinkPath: $"invitation/{invited.InvitationToken}"),
    ];

    private static string Words(string type) => type.ToLowerInvariant().Replace('_', ' ');
}
