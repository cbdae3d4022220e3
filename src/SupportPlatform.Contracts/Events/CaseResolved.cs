namespace SupportPlatform.Contracts.Events;

/// <summary>The vendor resolved a case.</summary>
public sealed record CaseResolved(CaseSnapshot Case, Guid ActorId, DateTimeOffset OccurredAt);
