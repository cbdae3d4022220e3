namespace SupportPlatform.Notification.Domain;

/// <summary>
/// What a notification is about, as a person chooses channels for it in their preferences. Every
/// event the service notifies belongs to exactly one category. Pure.
/// </summary>
public static class NotificationCategories
{
    /// <summary>A case's life: submitted, acknowledged, assigned, information asked and given, returned, resolved, closed, access requests.</summary>
    public const string Cases = "CASES";

    /// <summary>Public comments on a case or an RCA.</summary>
    public const string Comments = "COMMENTS";

    /// <summary>SLA clocks: warnings, breaches, escalations, a clock waiting for business hours.</summary>
    public const string Sla = "SLA";

    /// <summary>On-call: pages, their acknowledgement or exhaustion, a P1 without its hotline call.</summary>
    public const string OnCall = "ON_CALL";

    /// <summary>Root cause analyses: required, cause attributed, review, publication, overdue analyses and actions.</summary>
    public const string Rca = "RCA";

    /// <summary>The organisation's support readiness (fewer than two authorised submitters).</summary>
    public const string Account = "ACCOUNT";

    public static IReadOnlyList<string> All { get; } = [Cases, Comments, Sla, OnCall, Rca, Account];

    /// <summary>The category of an event type; <see cref="Cases"/> for one this list does not name.</summary>
    public static string Of(string eventType) => eventType switch
    {
        "CaseCommentAdded" or "RcaCommentAdded" => Comments,
        "SlaWarningReached" or "SlaBreached" or "CaseEscalated" or "SlaClockDeferred" => Sla,
        "PageTriggered" or "PageAcknowledged" or "PageExhausted" or "HotlineCallMissing" => OnCall,
        "SupportReadinessDropped" or "PersonInvited" => Account,
        _ when eventType.StartsWith("Rca", StringComparison.Ordinal) => Rca,
        _ => Cases,
    };
}
