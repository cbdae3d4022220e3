namespace SupportPlatform.Contracts.Events;

/// <summary>
/// Every step of every pass of a page's escalation policy was paged and nobody acknowledged in
/// time: the page stops escalating, unacknowledged.
/// </summary>
/// <param name="StepsPaged">How many steps were paged in all.</param>
public sealed record PageExhausted(
    Guid PageId,
    Guid CaseId,
    Guid OrganizationId,
    Guid PolicyId,
    int StepsPaged,
    DateTimeOffset OccurredAt);
