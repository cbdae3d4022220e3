namespace SupportPlatform.Rca.Domain;

/// <summary>An escalation of a case, as the escalation service reported it.</summary>
/// <param name="Kind">FUNCTIONAL or HIERARCHICAL.</param>
/// <param name="Trigger">VENDOR, CUSTOMER or BREACH.</param>
/// <param name="BreachedTarget">For a breach: RESPONSE, UPDATE or RESOLUTION.</param>
public sealed record EscalationFact(Guid EscalationId, Guid CaseId, string Kind, string FromLevel, string ToLevel, string Trigger, string? BreachedTarget, DateTimeOffset OccurredAt);
