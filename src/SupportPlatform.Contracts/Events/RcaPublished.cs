namespace SupportPlatform.Contracts.Events;

/// <summary>The accountable party published an RCA: both parties can read and forward it (RenderRca).</summary>
/// <param name="CustomerContactIds">The submitters of the RCA's cases.</param>
public sealed record RcaPublished(
    Guid RcaId,
    Guid OrganizationId,
    IReadOnlyList<Guid> CaseIds,
    string Title,
    string Owner,
    Guid ActorId,
    IReadOnlyList<Guid> CustomerContactIds,
    long Version,
    DateTimeOffset OccurredAt);
