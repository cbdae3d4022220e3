namespace SupportPlatform.Identity.Domain;

/// <summary>What presenting a refresh token leads to.</summary>
public enum RefreshDecision
{
    /// <summary>The token is exchanged for a new access token and a new refresh token.</summary>
    Rotate,

    /// <summary>The session has ended (revoked, or past its end) or the token has expired: sign in again.</summary>
    Ended,

    /// <summary>The token was already exchanged: someone else may hold it, so the whole session ends.</summary>
    Reused,
}
