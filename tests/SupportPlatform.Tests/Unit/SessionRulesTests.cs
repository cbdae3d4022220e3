extern alias identity;

using identity::SupportPlatform.Identity.Domain;

namespace SupportPlatform.Tests.Unit;

public sealed class SessionRulesTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);
    private static readonly TokenOptions Options = new();

    private static RefreshTokenRecord Token(SessionRecord session, DateTimeOffset issued, DateTimeOffset? used = null) => new()
    {
        TokenHash = "H", SessionId = session.Id, IssuedAt = issued, ExpiresAt = SessionRules.TokenExpiry(session, issued, Options), UsedAt = used,
    };

    [Fact]
    public void AFreshToken_Rotates_AUsedOne_IsReuse_AndAnExpiredOrRevokedSession_HasEnded()
    {
        var session = SessionRules.Begin(Guid.NewGuid(), Start, Options);
        var token = Token(session, Start);

        Assert.Equal(RefreshDecision.Rotate, SessionRules.Decide(session, token, Start.AddHours(3)));
        Assert.Equal(RefreshDecision.Reused, SessionRules.Decide(session, token with { UsedAt = Start.AddHours(1) }, Start.AddHours(3)));
        Assert.Equal(RefreshDecision.Ended, SessionRules.Decide(session, token, Start.AddHours(4)));
        Assert.Equal(RefreshDecision.Ended, SessionRules.Decide(session with { RevokedAt = Start.AddHours(1) }, token, Start.AddHours(2)));
        // A revoked session stays ended even for a used token: nothing more to revoke.
        Assert.Equal(RefreshDecision.Ended, SessionRules.Decide(session with { RevokedAt = Start }, token with { UsedAt = Start }, Start.AddHours(1)));
    }

    [Fact]
    public void ATokenExpires_AfterTheIdleLifetime_ButNeverAfterTheSessionsEnd()
    {
        var session = SessionRules.Begin(Guid.NewGuid(), Start, Options);

        Assert.Equal(Start.AddHours(12), session.ExpiresAt);
        Assert.Equal(Start.AddHours(4), SessionRules.TokenExpiry(session, Start, Options));
        Assert.Equal(Start.AddHours(12), SessionRules.TokenExpiry(session, Start.AddHours(10), Options));
    }

    [Fact]
    public void ASessionIsForgotten_ADayAfterItEnded()
    {
        var session = SessionRules.Begin(Guid.NewGuid(), Start, Options);

        Assert.False(SessionRules.IsStale(session, Start.AddHours(36)));
        Assert.True(SessionRules.IsStale(session, Start.AddHours(36).AddSeconds(1)));
        Assert.True(SessionRules.IsStale(session with { RevokedAt = Start.AddHours(1) }, Start.AddHours(25).AddSeconds(1)));
    }
}
