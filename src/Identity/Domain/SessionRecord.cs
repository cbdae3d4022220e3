namespace SupportPlatform.Identity.Domain;

/// <summary>
/// A person's sign-in session (a row of <c>sessions</c>): begun by a password sign-in, continued
/// by refresh tokens until <see cref="ExpiresAt"/> (its absolute end) or until it is revoked
/// (sign-out, reuse of a used refresh token, deactivation).
/// </summary>
public sealed record SessionRecord
{
    public Guid Id { get; init; }
    public Guid PersonId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
    public string? RevokedReason { get; init; }
}
