namespace SupportPlatform.Identity.Domain;

/// <summary>Why a session was revoked (stored in <c>sessions.revoked_reason</c>).</summary>
public static class SessionRevocations
{
    /// <summary>The person signed out.</summary>
    public const string SignedOut = "SIGNED_OUT";

    /// <summary>A refresh token of the session was presented a second time.</summary>
    public const string TokenReused = "TOKEN_REUSED";

    /// <summary>The person was deactivated.</summary>
    public const string Deactivated = "DEACTIVATED";
}
