namespace SupportPlatform.Contracts.Events;

/// <summary>The vendor returned a case to the customer (not attributable, or not detailed enough).</summary>
/// <param name="Reason">NOT_ATTRIBUTABLE or NOT_DETAILED_ENOUGH.</param>
public sealed record CaseReturned(CaseSnapshot Case, Guid ActorId, string Reason, string Explanation, DateTimeOffset OccurredAt);
