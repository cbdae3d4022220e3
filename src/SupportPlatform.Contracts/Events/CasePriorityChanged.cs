namespace SupportPlatform.Contracts.Events;

/// <summary>The priority changed.</summary>
public sealed record CasePriorityChanged(CaseSnapshot Case, Guid ActorId, string PreviousPriority, string Reason, DateTimeOffset OccurredAt);
