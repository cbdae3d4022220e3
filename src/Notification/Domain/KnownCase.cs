namespace SupportPlatform.Notification.Domain;

/// <summary>What the service knows of a case from its events: enough to name it and reach its people.</summary>
/// <param name="Priority">P1..P4.</param>
public sealed record KnownCase(Guid CaseId, Guid OrganizationId, Guid SubmitterId, Guid? AssigneeId, string Title, string Priority);
