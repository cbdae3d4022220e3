namespace SupportPlatform.Contracts.Events;

/// <summary>The customer withdrew a case.</summary>
public sealed record CaseWithdrawn(CaseSnapshot Case, Guid ActorId, string Reason, DateTimeOffset OccurredAt);
