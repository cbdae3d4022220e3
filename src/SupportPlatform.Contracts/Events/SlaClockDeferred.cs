namespace SupportPlatform.Contracts.Events;

/// <summary>
/// A case was submitted outside the customer's business hours and its clock runs in business
/// hours (e.g. a P1 of a customer without Premium Plus): it starts counting at
/// <paramref name="ClockStartsAt"/>. Stated to the submitter, not hidden.
/// </summary>
/// <param name="ClockStartsAtLocal">The same instant in <paramref name="TimeZone"/>, ISO 8601 with offset.</param>
public sealed record SlaClockDeferred(
    Guid CaseId,
    Guid OrganizationId,
    Guid SubmitterId,
    string Title,
    string Priority,
    string Plan,
    DateTimeOffset SubmittedAt,
    DateTimeOffset ClockStartsAt,
    string ClockStartsAtLocal,
    string TimeZone,
    DateTimeOffset OccurredAt);
