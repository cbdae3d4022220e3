namespace SupportPlatform.Contracts.Events;

/// <summary>A vendor engineer and tier were assigned.</summary>
public sealed record CaseAssigned(CaseSnapshot Case, Guid ActorId, Guid AssigneeId, string Tier, DateTimeOffset OccurredAt);
