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
}

/// <summary>A customer's L1 agent submitted a case.</summary>
public sealed record CaseSubmitted(CaseSnapshot Case, DateTimeOffset OccurredAt);

/// <summary>The vendor gave its first response to a case.</summary>
public sealed record CaseAcknowledged(CaseSnapshot Case, Guid ActorId, DateTimeOffset OccurredAt);

/// <summary>The vendor resolved a case.</summary>
public sealed record CaseResolved(CaseSnapshot Case, Guid ActorId, DateTimeOffset OccurredAt);

/// <summary>The customer closed a resolved case.</summary>
public sealed record CaseClosed(CaseSnapshot Case, Guid ActorId, DateTimeOffset OccurredAt);

/// <summary>The vendor asked the customer for information; the case waits on the customer.</summary>
public sealed record CaseCustomerInfoRequested(CaseSnapshot Case, Guid ActorId, string Question, DateTimeOffset OccurredAt);

/// <summary>The customer answered; the case is back with the vendor.</summary>
public sealed record CaseCustomerInfoProvided(CaseSnapshot Case, Guid ActorId, string Answer, DateTimeOffset OccurredAt);

/// <summary>The customer reopened a resolved case.</summary>
public sealed record CaseReopened(CaseSnapshot Case, Guid ActorId, string Reason, DateTimeOffset OccurredAt);

/// <summary>The vendor returned a case to the customer (not attributable, or not detailed enough).</summary>
/// <param name="Reason">NOT_ATTRIBUTABLE or NOT_DETAILED_ENOUGH.</param>
public sealed record CaseReturned(CaseSnapshot Case, Guid ActorId, string Reason, string Explanation, DateTimeOffset OccurredAt);

/// <summary>The customer amended a returned case and submitted it again.</summary>
public sealed record CaseResubmitted(CaseSnapshot Case, Guid ActorId, DateTimeOffset OccurredAt);

/// <summary>The customer withdrew a case.</summary>
public sealed record CaseWithdrawn(CaseSnapshot Case, Guid ActorId, string Reason, DateTimeOffset OccurredAt);

/// <summary>A vendor engineer and tier were assigned.</summary>
public sealed record CaseAssigned(CaseSnapshot Case, Guid ActorId, Guid AssigneeId, string Tier, DateTimeOffset OccurredAt);

/// <summary>The priority changed.</summary>
public sealed record CasePriorityChanged(CaseSnapshot Case, Guid ActorId, string PreviousPriority, string Reason, DateTimeOffset OccurredAt);

/// <summary>
/// A public comment was added. Internal notes raise no event: they must never reach a customer,
/// and events are read by customer integrations.
/// </summary>
public sealed record CaseCommentAdded(CaseSnapshot Case, Guid ActorId, string ActorParty, string Body, DateTimeOffset OccurredAt);

/// <summary>
/// Something happened to a vendor access request or grant. <paramref name="ClockParty"/> says who
/// the SLA clock runs for from now: CUSTOMER while a request waits for the customer's decision,
/// VENDOR after it.
/// </summary>
/// <param name="State">REQUESTED, APPROVED, DENIED, REVOKED.</param>
/// <param name="ClockParty">CUSTOMER or VENDOR.</param>
public sealed record CaseAccessChanged(
    CaseSnapshot Case,
    Guid GrantId,
    string State,
    string System,
    Guid ActorId,
    DateTimeOffset? ExpiresAt,
    string ClockParty,
    DateTimeOffset OccurredAt);
