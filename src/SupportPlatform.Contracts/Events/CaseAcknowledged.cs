namespace SupportPlatform.Contracts.Events;

/// <summary>The vendor gave its first response to a case.</summary>
public sealed record CaseAcknowledged(CaseSnapshot Case, Guid ActorId, DateTimeOffset OccurredAt);
