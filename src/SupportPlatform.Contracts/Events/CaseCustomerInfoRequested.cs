namespace SupportPlatform.Contracts.Events;

/// <summary>The vendor asked the customer for information; the case waits on the customer.</summary>
public sealed record CaseCustomerInfoRequested(CaseSnapshot Case, Guid ActorId, string Question, DateTimeOffset OccurredAt);
