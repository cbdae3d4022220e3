namespace SupportPlatform.Contracts.Events;

/// <summary>The accountable party submitted an RCA for review by the supporting party (<paramref name="Reviewer"/>).</summary>
/// <param name="Owner">VENDOR or CUSTOMER.</param>
/// <param name="Reviewer">VENDOR or CUSTOMER.</param>
/// <param name="CustomerContactIds">The submitters of the RCA's cases.</param>
public sealed record RcaReviewRequested(
    Guid RcaId,
    Guid OrganizationId,
    string Title,
    string Owner,
    string Reviewer,
    Guid ActorId,
    IReadOnlyList<Guid> CustomerContactIds,
    long Version,
    DateTimeOffset OccurredAt);
