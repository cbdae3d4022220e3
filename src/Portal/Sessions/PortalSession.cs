namespace SupportPlatform.Portal.Sessions;

/// <summary>
/// One signed-in browser session, held in the portal's memory only: the browser's cookie carries
/// <see cref="Key"/> (encrypted), never a token.
/// </summary>
public sealed class PortalSession
{
    public required string Key { get; init; }

    public required string PersonId { get; init; }

    public required string OrganizationId { get; init; }

    /// <summary>VENDOR or CUSTOMER.</summary>
    public required string Party { get; init; }

    /// <summary>The identity service's session (it ends with RevokeSession at sign-out).</summary>
    public required string IdentitySessionId { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public string AccessToken { get; set; } = "";

    public DateTimeOffset AccessTokenExpiresAt { get; set; }

    public string RefreshToken { get; set; } = "";

    /// <summary>One refresh at a time: a refresh token can be exchanged only once.</summary>
    public SemaphoreSlim RefreshGate { get; } = new(1, 1);
}
