namespace SupportPlatform.Contracts.Events;

/// <summary>
/// A public comment was added. Internal notes raise no event: they must never reach a customer,
/// and events are read by customer integrations.
/// </summary>
public sealed record CaseCommentAdded(CaseSnapshot Case, Guid ActorId, string ActorParty, string Body, DateTimeOffset OccurredAt);
