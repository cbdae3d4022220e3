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

/// <summary>A customer's support contract was registered or changed.</summary>
/// <param name="Plan">STANDARD, PREMIUM or PREMIUM_PLUS.</param>
/// <param name="Deployment">CLOUD or ON_PREMISES.</param>
/// <param name="ValidUntil">Null: open-ended.</param>
public sealed record SupportContractChanged(
    Guid OrganizationId,
    long Version,
    string Plan,
    string Deployment,
    string? ProductVersion,
    string TimeZone,
    DateTimeOffset ValidFrom,
    DateTimeOffset? ValidUntil,
    DateTimeOffset OccurredAt);

/// <summary>
/// A customer fell below the agreement's two authorised submitters (deactivation, expired
/// training, removed contact details, changed roles). Its customer admins are to be told.
/// </summary>
public sealed record SupportReadinessDropped(
    Guid OrganizationId,
    string OrganizationName,
    int AuthorizedSubmitters,
    int Required,
    IReadOnlyList<Guid> CustomerAdminIds,
    DateTimeOffset OccurredAt);

/// <summary>
/// A person's roles, contact details, trainings or activity changed. Services that cache answers
/// about the person (whether they may submit cases) drop them.
/// </summary>
public sealed record PersonChanged(Guid PersonId, Guid OrganizationId, DateTimeOffset OccurredAt);
