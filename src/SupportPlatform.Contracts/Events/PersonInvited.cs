namespace SupportPlatform.Contracts.Events;

/// <summary>
/// A person was invited to set their password (at registration or again). The notification
/// service e-mails them the portal link <c>invitation/{InvitationToken}</c>. The token is the
/// link's secret: it travels only on the internal broker, and works once until
/// <see cref="ExpiresAt"/>.
/// </summary>
/// <param name="Party">VENDOR or CUSTOMER: the person's side.</param>
public sealed record PersonInvited(
    Guid PersonId,
    Guid OrganizationId,
    string Party,
    string DisplayName,
    string OrganizationName,
    string InvitationToken,
    DateTimeOffset ExpiresAt,
    DateTimeOffset OccurredAt);
