namespace SupportPlatform.Contracts.Events;

/// <summary>
/// A person's roles, contact details, trainings or activity changed. Services that cache answers
/// about the person (whether they may submit cases) drop them.
/// </summary>
public sealed record PersonChanged(Guid PersonId, Guid OrganizationId, DateTimeOffset OccurredAt);
