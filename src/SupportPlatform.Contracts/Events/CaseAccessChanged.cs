namespace SupportPlatform.Contracts.Events;

/// <summary>
/// Something happened to a vendor access request or grant. <paramref name="ClockParty"/> says who
/// the SLA clock runs for from now: CUSTOMER while a request waits for the customer's decision;
/// after it, whoever holds the case otherwise.
/// </summary>
/// <param name="State">REQUESTED, APPROVED, DENIED, REVOKED.</param>
/// <param name="ClockParty">
/// The same as the snapshot's <see cref="CaseSnapshot.ClockHolder"/>: VENDOR, CUSTOMER,
/// THIRD_PARTY or NONE (events written before the snapshot carried it: CUSTOMER or VENDOR only).
/// </param>
public sealed record CaseAccessChanged(
    CaseSnapshot Case,
    Guid GrantId,
    string State,
    string System,
    Guid ActorId,
    DateTimeOffset? ExpiresAt,
    string ClockParty,
    DateTimeOffset OccurredAt);
