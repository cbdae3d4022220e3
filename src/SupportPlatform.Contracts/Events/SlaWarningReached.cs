namespace SupportPlatform.Contracts.Events;

/// <summary>
/// A case's SLA target passed its warning threshold without being reached. Raised once per case,
/// target and cycle, and — unless the case's clock runs 24x7 — only in the customer's business hours.
/// </summary>
/// <param name="Target">RESPONSE, UPDATE or RESOLUTION.</param>
/// <param name="Cycle">1 for RESPONSE and RESOLUTION; the update cadence's cycle.</param>
/// <param name="Coverage">AROUND_THE_CLOCK or BUSINESS_HOURS.</param>
/// <param name="DueAt">When the target's business time runs out if the vendor keeps the case.</param>
/// <param name="Elapsed">The vendor's business time so far.</param>
/// <param name="Budget">The target's business time.</param>
public sealed record SlaWarningReached(
    Guid CaseId,
    Guid OrganizationId,
    string Plan,
    string Priority,
    int PolicyVersion,
    string Target,
    int Cycle,
    string Coverage,
    int ThresholdPercent,
    DateTimeOffset DueAt,
    TimeSpan Elapsed,
    TimeSpan Budget,
    DateTimeOffset OccurredAt);
