namespace SupportPlatform.Contracts.Events;

/// <summary>
/// A step of a page was paged: the people in <paramref name="PersonIds"/> are to respond now.
/// Raised once per page, step and attempt, in the transaction that recorded the step. A step
/// that reached nobody (a gap in its schedules and nobody named) is raised with no person ids,
/// and the page moves on at once (and is exhausted when a whole pass reached nobody).
/// </summary>
/// <param name="Step">The step of the escalation policy, from 1.</param>
/// <param name="Attempt">The pass through the policy, from 1 (2 is the first repeat).</param>
/// <param name="PersonIds">The vendor people paged.</param>
/// <param name="Reason">Why the case pages, e.g. "Premium Plus P1 submitted: Calls drop after 30s".</param>
/// <param name="Urgency">CRITICAL.</param>
/// <param name="EscalatesAt">When the next step is paged unless the page is acknowledged first; null when this step reached nobody.</param>
public sealed record PageTriggered(
    Guid PageId,
    Guid CaseId,
    Guid OrganizationId,
    Guid PolicyId,
    int Step,
    int Attempt,
    IReadOnlyList<Guid> PersonIds,
    string Reason,
    string Urgency,
    DateTimeOffset? EscalatesAt,
    DateTimeOffset OccurredAt);
