namespace SupportPlatform.Contracts.Events;

/// <summary>A resolved P1 incident requires a root cause analysis.</summary>
/// <param name="OwnerParty">The accountable party: VENDOR or CUSTOMER.</param>
public sealed record RcaRequired(
    Guid RcaId,
    Guid CaseId,
    Guid OrganizationId,
    Guid CaseSubmitterId,
    string CaseTitle,
    string OwnerParty,
    DateTimeOffset DueAt,
    DateTimeOffset OccurredAt);
