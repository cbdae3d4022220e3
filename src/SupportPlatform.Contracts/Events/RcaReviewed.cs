namespace SupportPlatform.Contracts.Events;

/// <summary>The supporting party reviewed an RCA: approved it, or requested changes (it went back to analysis).</summary>
/// <param name="Decision">APPROVED or CHANGES_REQUESTED.</param>
/// <param name="Remark">The reason for the changes, or the approval's remark (may be empty).</param>
/// <param name="CustomerContactIds">The submitters of the RCA's cases.</param>
public sealed record RcaReviewed(
    Guid RcaId,
    Guid OrganizationId,
    string Title,
    string Owner,
    string Reviewer,
    string Decision,
    string Remark,
    Guid ActorId,
    IReadOnlyList<Guid> CustomerContactIds,
    long Version,
    DateTimeOffset OccurredAt);
