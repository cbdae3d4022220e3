namespace SupportPlatform.Contracts.Events;

/// <summary>
/// One cell of an organisation's RASCI matrix changed. Services that cache the identity service's
/// answers about who does what drop that organisation's entries.
/// </summary>
/// <param name="Party">VENDOR, CUSTOMER or END_USERS.</param>
/// <param name="Letters">The new letters, e.g. "R,A"; empty when the party has no part any more.</param>
public sealed record ResponsibilityMatrixChanged(
    Guid OrganizationId,
    long Version,
    string TaskId,
    string Party,
    string Letters,
    Guid ChangedBy,
    DateTimeOffset OccurredAt);
