using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.Identity.Data;
using SupportPlatform.Identity.Domain;

namespace SupportPlatform.Identity.Application;

/// <summary>
/// Sign-in sessions with rotating refresh tokens (<see cref="SessionRules"/>). A refresh token is
/// 256 random bits, handed out once and stored only as its hash.
/// </summary>
public sealed class PersonSessions(Database database, TimeProvider clock, IOptions<TokenOptions> options)
{
    public const string SessionEnded = "The session has ended; sign in again.";

    /// <summary>Begins a session for a person who has just signed in with a password.</summary>
    public async Task<IssuedRefreshToken> BeginAsync(Guid personId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var session = SessionRules.Begin(personId, now, options.Value);
        var (value, token) = NewToken(session, now);
        await using var work = await database.BeginAsync(cancellationToken);
        await SessionStore.ForgetStaleAsync(work, personId, now);
        await SessionStore.BeginAsync(work, session, token);
        await work.CommitAsync(cancellationToken);
        return new IssuedRefreshToken(value, session, token.ExpiresAt);
    }

    /// <summary>
    /// Exchanges a refresh token for its successor. A token that was already exchanged ends its
    /// session; an unknown, expired or revoked one is an <see cref="AuthenticationException"/>.
    /// </summary>
    public async Task<IssuedRefreshToken> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var work = await database.BeginAsync(cancellationToken);
        var token = await SessionStore.FindTokenAsync(work, Secrets.HashBearerSecret(refreshToken))
            ?? throw new AuthenticationException(SessionEnded);
        var session = await SessionStore.FindSessionAsync(work, token.SessionId)
            ?? throw new AuthenticationException(SessionEnded);
        switch (SessionRules.Decide(session, token, now))
        {
            case RefreshDecision.Rotate:
                var (value, next) = NewToken(session, now);
                if (await SessionStore.RotateAsync(work, token, next, now))
                {
                    await work.CommitAsync(cancellationToken);
                    return new IssuedRefreshToken(value, session, next.ExpiresAt);
                }
                break;
            case RefreshDecision.Ended:
                throw new AuthenticationException(SessionEnded);
        }
        // Used before (or just now, concurrently): whoever else holds it must not continue the session.
        await SessionStore.RevokeAsync(work, session.Id, now, SessionRevocations.TokenReused);
        await work.CommitAsync(cancellationToken);
        throw new AuthenticationException(SessionEnded);
    }

    /// <summary>Ends the session the refresh token belongs to (sign-out); nothing happens for an unknown token.</summary>
    public async Task EndAsync(string refreshToken, CancellationToken cancellationToken)
    {
        await using var work = await database.BeginAsync(cancellationToken);
        if (await SessionStore.FindTokenAsync(work, Secrets.HashBearerSecret(refreshToken)) is { } token)
        {
            await SessionStore.RevokeAsync(work, token.SessionId, clock.GetUtcNow(), SessionRevocations.SignedOut);
            await work.CommitAsync(cancellationToken);
        }
    }

    /// <summary>Ends a session (its person was found inactive when it was refreshed).</summary>
    public async Task RevokeAsync(Guid sessionId, string reason, CancellationToken cancellationToken)
    {
        await using var work = await database.BeginAsync(cancellationToken);
        await SessionStore.RevokeAsync(work, sessionId, clock.GetUtcNow(), reason);
        await work.CommitAsync(cancellationToken);
    }

    private (string Value, RefreshTokenRecord Record) NewToken(SessionRecord session, DateTimeOffset now)
    {
        var value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (value, new RefreshTokenRecord
        {
            TokenHash = Secrets.HashBearerSecret(value),
            SessionId = session.Id,
            IssuedAt = now,
            ExpiresAt = SessionRules.TokenExpiry(session, now, options.Value),
        });
    }
}
