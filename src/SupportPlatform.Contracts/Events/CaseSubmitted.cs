namespace SupportPlatform.Contracts.Events;

/// <summary>A customer's L1 agent submitted a case.</summary>
public sealed record CaseSubmitted(CaseSnapshot Case, DateTimeOffset OccurredAt);
