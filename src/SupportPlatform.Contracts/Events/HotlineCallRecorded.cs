namespace SupportPlatform.Contracts.Events;

/// <summary>A customer's call to the vendor's 24x7 hotline was recorded against a case.</summary>
public sealed record HotlineCallRecorded(
    Guid CaseId,
    Guid OrganizationId,
    Guid CallId,
    string CallerName,
    DateTimeOffset CalledAt,
    Guid EngineerId,
    Guid RecordedBy,
    DateTimeOffset OccurredAt);
