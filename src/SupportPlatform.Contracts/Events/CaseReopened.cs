namespace SupportPlatform.Contracts.Events;

/// <summary>The customer reopened a resolved case.</summary>
public sealed record CaseReopened(CaseSnapshot Case, Guid ActorId, string Reason, DateTimeOffset OccurredAt);
