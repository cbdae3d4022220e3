namespace SupportPlatform.Contracts.Events;

/// <summary>The customer amended a returned case and submitted it again.</summary>
public sealed record CaseResubmitted(CaseSnapshot Case, Guid ActorId, DateTimeOffset OccurredAt);
