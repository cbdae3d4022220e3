namespace SupportPlatform.Contracts.Events;

/// <summary>A public comment on an RCA. Internal notes raise no event: they never leave the vendor.</summary>
/// <param name="ActorParty">VENDOR or CUSTOMER.</param>
/// <param name="CustomerContactIds">The submitters of the RCA's cases.</param>
public sealed record RcaCommentAdded(
    Guid RcaId,
    Guid OrganizationId,
    string Title,
    Guid ActorId,
    string ActorParty,
    string Body,
    IReadOnlyList<Guid> CustomerContactIds,
    long Version,
    DateTimeOffset OccurredAt);
