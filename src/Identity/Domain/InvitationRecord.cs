namespace SupportPlatform.Identity.Domain;

/// <summary>A row of <c>invitations</c>: one link sent to a person to set their password.</summary>
public sealed record InvitationRecord
{
    public string TokenHash { get; init; } = "";
    public Guid PersonId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? UsedAt { get; init; }

    /// <summary>When a newer invitation replaced it, or the password was set through another.</summary>
    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>Whether the link still sets a password at <paramref name="now"/>: unused, not replaced, not expired.</summary>
    public bool IsUsable(DateTimeOffset now) => UsedAt is null && RevokedAt is null && now < ExpiresAt;
}
