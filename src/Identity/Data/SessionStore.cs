using Dapper;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.Identity.Domain;

namespace SupportPlatform.Identity.Data;

/// <summary>Sign-in sessions and their refresh tokens; every method runs in the caller's transaction.</summary>
public static class SessionStore
{
    private const string SessionColumns = """
        s.id AS Id, s.person_id AS PersonId, s.created_at AS CreatedAt, s.expires_at AS ExpiresAt,
        s.revoked_at AS RevokedAt, s.revoked_reason AS RevokedReason
        """;

    private const string InsertSessionSql = """
        INSERT INTO sessions (id, person_id, created_at, expires_at, revoked_at, revoked_reason)
        VALUES (@Id, @PersonId, @CreatedAt, @ExpiresAt, @RevokedAt, @RevokedReason)
        """;

    private const string InsertTokenSql = """
        INSERT INTO refresh_tokens (token_hash, session_id, issued_at, expires_at, used_at)
        VALUES (@TokenHash, @SessionId, @IssuedAt, @ExpiresAt, @UsedAt)
        """;

    private const string SelectTokenSql = """
        SELECT token_hash AS TokenHash, session_id AS SessionId, issued_at AS IssuedAt, expires_at AS ExpiresAt, used_at AS UsedAt
        FROM refresh_tokens WHERE token_hash = @TokenHash
        """;

    private const string SelectSessionSql = "SELECT " + SessionColumns + " FROM sessions s WHERE s.id = @Id";

    private const string SelectSessionsOfPersonSql = "SELECT " + SessionColumns + " FROM sessions s WHERE s.person_id = @PersonId";

    // Exchanged once: the condition on used_at makes a second, concurrent exchange change nothing.
    private const string UseTokenSql = "UPDATE refresh_tokens SET used_at = @Now WHERE token_hash = @TokenHash AND used_at IS NULL";

    private const string RevokeSessionSql = """
        UPDATE sessions SET revoked_at = @Now, revoked_reason = @Reason WHERE id = @Id AND revoked_at IS NULL
        """;

    private const string RevokeSessionsOfPersonSql = """
        UPDATE sessions SET revoked_at = @Now, revoked_reason = @Reason WHERE person_id = @PersonId AND revoked_at IS NULL
        """;

    private const string DeleteTokensOfSessionSql = "DELETE FROM refresh_tokens WHERE session_id = @Id";

    private const string DeleteSessionSql = "DELETE FROM sessions WHERE id = @Id";

    public static async Task BeginAsync(UnitOfWork work, SessionRecord session, RefreshTokenRecord token)
    {
        await work.Connection.ExecuteAsync(InsertSessionSql, session, work.Transaction);
        await work.Connection.ExecuteAsync(InsertTokenSql, token, work.Transaction);
    }

    public static Task<RefreshTokenRecord?> FindTokenAsync(UnitOfWork work, string tokenHash) =>
        work.Connection.QuerySingleOrDefaultAsync<RefreshTokenRecord>(SelectTokenSql, new { TokenHash = tokenHash }, work.Transaction);

    public static Task<SessionRecord?> FindSessionAsync(UnitOfWork work, Guid id) =>
        work.Connection.QuerySingleOrDefaultAsync<SessionRecord>(SelectSessionSql, new { Id = id }, work.Transaction);

    /// <summary>Uses up <paramref name="used"/> and stores its successor; false when it was used meanwhile.</summary>
    public static async Task<bool> RotateAsync(UnitOfWork work, RefreshTokenRecord used, RefreshTokenRecord next, DateTimeOffset now)
    {
        if (await work.Connection.ExecuteAsync(UseTokenSql, new { used.TokenHash, Now = now }, work.Transaction) != 1)
        {
            return false;
        }
        await work.Connection.ExecuteAsync(InsertTokenSql, next, work.Transaction);
        return true;
    }

    public static Task RevokeAsync(UnitOfWork work, Guid sessionId, DateTimeOffset now, string reason) =>
        work.Connection.ExecuteAsync(RevokeSessionSql, new { Id = sessionId, Now = now, Reason = reason }, work.Transaction);

    public static Task RevokeAllAsync(UnitOfWork work, Guid personId, DateTimeOffset now, string reason) =>
        work.Connection.ExecuteAsync(RevokeSessionsOfPersonSql, new { PersonId = personId, Now = now, Reason = reason }, work.Transaction);

    /// <summary>Deletes the person's sessions that ended more than a day ago, with their tokens.</summary>
    public static async Task ForgetStaleAsync(UnitOfWork work, Guid personId, DateTimeOffset now)
    {
        var sessions = await work.Connection.QueryAsync<SessionRecord>(SelectSessionsOfPersonSql, new { PersonId = personId }, work.Transaction);
        foreach (var session in sessions.Where(session => SessionRules.IsStale(session, now)))
        {
            await work.Connection.ExecuteAsync(DeleteTokensOfSessionSql, new { session.Id }, work.Transaction);
            await work.Connection.ExecuteAsync(DeleteSessionSql, new { session.Id }, work.Transaction);
        }
    }
}
