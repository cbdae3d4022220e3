namespace SupportPlatform.Identity.Domain;

/// <summary>
/// One refresh token of a session (a row of <c>refresh_tokens</c>), by the hash of its value;
/// <see cref="UsedAt"/> once it was exchanged.
/// </summary>
public sealed record RefreshTokenRecord
{
    public string TokenHash { get; init; } = "";
    public Guid SessionId { get; init; }
    public DateTimeOffset IssuedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? UsedAt { get; init; }
}
