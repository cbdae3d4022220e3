namespace SupportPlatform.Contracts.Events;

/// <summary>The customer closed a resolved case.</summary>
public sealed record CaseClosed(CaseSnapshot Case, Guid ActorId, DateTimeOffset OccurredAt);
