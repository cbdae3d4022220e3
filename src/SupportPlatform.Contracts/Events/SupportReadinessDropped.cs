namespace SupportPlatform.Contracts.Events;

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
