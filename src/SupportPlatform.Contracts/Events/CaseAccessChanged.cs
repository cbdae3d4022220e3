namespace SupportPlatform.Contracts.Events;

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
