namespace SupportPlatform.Contracts.Events;

/// <summary>
/// A Premium Plus P1 was submitted and no call to the 24x7 hotline was recorded against it by
/// <paramref name="ExpectedBy"/>: the agreement asks the customer to call. Raised once per case,
/// for the on-call engineer (<paramref name="OnCallPersonIds"/>, empty when nobody is on call).
/// </summary>
public sealed record HotlineCallMissing(
    Guid CaseId,
    Guid OrganizationId,
    Guid SubmitterId,
    string Title,
    DateTimeOffset SubmittedAt,
    DateTimeOffset ExpectedBy,
    IReadOnlyList<Guid> OnCallPersonIds,
    DateTimeOffset OccurredAt);
