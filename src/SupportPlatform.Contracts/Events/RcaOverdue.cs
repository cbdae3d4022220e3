namespace SupportPlatform.Contracts.Events;

/// <summary>An RCA passed its due time unpublished. Raised once per due time.</summary>
/// <param name="Owner">VENDOR or CUSTOMER: the party that owes it.</param>
/// <param name="State">REQUIRED, IN_ANALYSIS or IN_REVIEW.</param>
/// <param name="CustomerContactIds">The submitters of the RCA's cases.</param>
public sealed record RcaOverdue(
    Guid RcaId,
    Guid OrganizationId,
    string Title,
    string Owner,
    string State,
    DateTimeOffset DueAt,
    IReadOnlyList<Guid> CustomerContactIds,
    DateTimeOffset OccurredAt);
