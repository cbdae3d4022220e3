namespace SupportPlatform.Contracts.Events;

/// <summary>
/// The state of a case after a change, carried by every case event so that a consumer can apply
/// events in any order: it keeps the snapshot with the highest <see cref="Version"/>.
/// </summary>
public sealed record CaseSnapshot
{
    public required Guid CaseId { get; init; }
    public required Guid OrganizationId { get; init; }
    public required Guid SubmitterId { get; init; }
    public required string Title { get; init; }
    /// <summary>INCIDENT, SERVICE_REQUEST, CHANGE_REQUEST or QUESTION.</summary>
    public required string Type { get; init; }
    /// <summary>P1..P4.</summary>
    public required string Priority { get; init; }
    /// <summary>STANDARD, PREMIUM or PREMIUM_PLUS.</summary>
    public required string Plan { get; init; }
    public required string Status { get; init; }
    public required long Version { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? AcknowledgedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    /// <summary>The cause given at resolution, e.g. VENDOR_COMPONENT; null before.</summary>
    public string? Cause { get; init; }
    /// <summary>The assigned vendor engineer; null before assignment.</summary>
    public Guid? AssigneeId { get; init; }
    /// <summary>L2 or L3; null before assignment.</summary>
    public string? Tier { get; init; }
    /// <summary>When this change happened; null in events written before it was carried.</summary>
    public DateTimeOffset? ChangedAt { get; init; }
    /// <summary>
    /// Whose move it is after this change, and so whose time an SLA clock counts: VENDOR;
    /// CUSTOMER (AWAITING_CUSTOMER, RETURNED_TO_CUSTOMER, or a system-access request waiting for
    /// the customer's decision); THIRD_PARTY (the vendor recorded a wait on a third party, see
    /// <see cref="ThirdParty"/>); NONE (RESOLVED, CLOSED, WITHDRAWN: no clock runs). Null in events
    /// written before it was carried.
    /// </summary>
    public string? ClockHolder { get; init; }
    /// <summary>The third party the case waits on while <see cref="ClockHolder"/> is THIRD_PARTY; null otherwise.</summary>
    public string? ThirdParty { get; init; }
}
