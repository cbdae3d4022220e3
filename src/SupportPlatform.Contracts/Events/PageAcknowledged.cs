namespace SupportPlatform.Contracts.Events;

/// <summary>Someone acknowledged a page: it no longer escalates.</summary>
/// <param name="AcknowledgedBy">The vendor person who acknowledged it.</param>
/// <param name="Step">The step paged last before the acknowledgement, from 1.</param>
/// <param name="Attempt">Its pass through the policy, from 1.</param>
public sealed record PageAcknowledged(
    Guid PageId,
    Guid CaseId,
    Guid OrganizationId,
    Guid AcknowledgedBy,
    int Step,
    int Attempt,
    DateTimeOffset OccurredAt);
