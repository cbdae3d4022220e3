namespace SupportPlatform.Contracts.Events;

/// <summary>The customer answered; the case is back with the vendor.</summary>
public sealed record CaseCustomerInfoProvided(CaseSnapshot Case, Guid ActorId, string Answer, DateTimeOffset OccurredAt);
