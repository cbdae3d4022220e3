namespace SupportPlatform.Contracts.Events;

/// <summary>A corrective or preventive action of an RCA passed its due time neither done nor cancelled. Raised once per due time.</summary>
/// <param name="Title">The RCA's title.</param>
/// <param name="OwnerParty">VENDOR or CUSTOMER: the party that carries it out.</param>
/// <param name="OwnerPersonId">The person who carries it out; null when none is named.</param>
/// <param name="CustomerContactIds">The submitters of the RCA's cases.</param>
public sealed record RcaActionOverdue(
    Guid RcaId,
    Guid ActionId,
    Guid OrganizationId,
    string Title,
    string Description,
    string OwnerParty,
    Guid? OwnerPersonId,
    DateTimeOffset DueAt,
    IReadOnlyList<Guid> CustomerContactIds,
    DateTimeOffset OccurredAt);
