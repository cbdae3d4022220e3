namespace SupportPlatform.Contracts.Events;

/// <summary>
/// A case's SLA target ran out of business time before it was reached. Raised once per case,
/// target and cycle, as soon as it is known — also when a recomputation (a raised priority, a
/// changed calendar or policy) finds the breach in the past; then <paramref name="DueAt"/> is
/// earlier than <paramref name="OccurredAt"/>.
/// </summary>
/// <param name="Target">RESPONSE, UPDATE or RESOLUTION.</param>
/// <param name="Cycle">1 for RESPONSE and RESOLUTION; the update cadence's cycle.</param>
/// <param name="Coverage">AROUND_THE_CLOCK or BUSINESS_HOURS.</param>
/// <param name="Reached">Whether the target was reached (late) by the time the breach was raised.</param>
public sealed record SlaBreached(
    Guid CaseId,
    Guid OrganizationId,
    string Plan,
    string Priority,
    int PolicyVersion,
    string Target,
    int Cycle,
    string Coverage,
    DateTimeOffset DueAt,
    TimeSpan Budget,
    bool Reached,
    DateTimeOffset OccurredAt);
