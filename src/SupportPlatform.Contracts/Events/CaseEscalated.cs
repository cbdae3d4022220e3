namespace SupportPlatform.Contracts.Events;

/// <summary>A case was escalated: functionally (L2 → L3) or hierarchically (→ the vendor's support manager).</summary>
/// <param name="Kind">FUNCTIONAL or HIERARCHICAL.</param>
/// <param name="FromLevel">L2 or L3 (functional); NONE or SUPPORT_MANAGER (hierarchical).</param>
/// <param name="ToLevel">L3 (functional) or SUPPORT_MANAGER (hierarchical).</param>
/// <param name="Trigger">VENDOR, CUSTOMER or BREACH.</param>
/// <param name="ActorId">The person who escalated; null for a breach.</param>
/// <param name="BreachedTarget">For a breach: RESPONSE, UPDATE or RESOLUTION; null otherwise.</param>
public sealed record CaseEscalated(
    Guid CaseId,
    Guid OrganizationId,
    Guid EscalationId,
    string Kind,
    string FromLevel,
    string ToLevel,
    string Trigger,
    Guid? ActorId,
    string Reason,
    string? BreachedTarget,
    DateTimeOffset OccurredAt);
