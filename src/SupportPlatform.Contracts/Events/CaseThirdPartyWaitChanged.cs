namespace SupportPlatform.Contracts.Events;

/// <summary>
/// The vendor recorded that the case waits on a third party (e.g. Microsoft, for the customer's
/// tenant), or that this wait ended. While it waits, <see cref="CaseSnapshot.ClockHolder"/> is
/// THIRD_PARTY and the vendor's SLA clock is paused.
/// </summary>
/// <param name="ThirdParty">Who the case waits on; null when the wait ended.</param>
/// <param name="Reason">Why (started) or what came back (ended).</param>
public sealed record CaseThirdPartyWaitChanged(CaseSnapshot Case, Guid ActorId, string? ThirdParty, string Reason, DateTimeOffset OccurredAt);
