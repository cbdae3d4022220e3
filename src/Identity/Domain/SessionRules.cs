namespace SupportPlatform.Identity.Domain;

/// <summary>
/// Sessions and rotating refresh tokens (OAuth 2.0 Security BCP, RFC 9700 §4.14): every exchange
/// returns a new refresh token and uses up the old one; a used token presented again ends the
/// session, because either the holder or a thief now has a token the other one also holds.
/// </summary>
public static class SessionRules
{
    /// <summary>A new session for a person who signed in with a password at <paramref name="now"/>.</summary>
    public static SessionRecord Begin(Guid personId, DateTimeOffset now, TokenOptions options) =>
        new() { Id = Guid.NewGuid(), PersonId = personId, CreatedAt = now, ExpiresAt = now + options.SessionLifetime };

    /// <summary>When a refresh token issued now expires: after the idle lifetime, never after the session's end.</summary>
    public static DateTimeOffset TokenExpiry(SessionRecord session, DateTimeOffset now, TokenOptions options)
    {
        var idle = now + options.RefreshTokenLifetime;
        return idle < session.ExpiresAt ? idle : session.ExpiresAt;
    }

    public static RefreshDecision Decide(SessionRecord session, RefreshTokenRecord token, DateTimeOffset now)
    {
        if (session.RevokedAt is not null || now >= session.ExpiresAt)
        {
            return RefreshDecision.Ended;
        }
        if (token.UsedAt is not null)
        {
            return RefreshDecision.Reused;
        }
        return now >= token.ExpiresAt ? RefreshDecision.Ended : RefreshDecision.Rotate;
    }

    /// <summary>Whether a session can be forgotten: it ended more than a day ago.</summary>
    public static bool IsStale(SessionRecord session, DateTimeOffset now) =>
        (session.RevokedAt ?? session.ExpiresAt) < now - TimeSpan.FromDays(1);
}
