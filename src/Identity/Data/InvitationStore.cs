using Dapper;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.Identity.Domain;

namespace SupportPlatform.Identity.Data;

/// <summary>Invitation links; every method runs in the caller's transaction.</summary>
public static class InvitationStore
{
    private const string InsertSql = """
        INSERT INTO invitations (token_hash, person_id, created_at, expires_at, used_at, revoked_at)
        VALUES (@TokenHash, @PersonId, @CreatedAt, @ExpiresAt, @UsedAt, @RevokedAt)
        """;

    private const string SelectSql = """
        SELECT token_hash AS TokenHash, person_id AS PersonId, created_at AS CreatedAt, expires_at AS ExpiresAt,
               used_at AS UsedAt, revoked_at AS RevokedAt
        FROM invitations WHERE token_hash = @TokenHash
        """;

    private const string RevokeOthersSql = """
        UPDATE invitations SET revoked_at = @Now
        WHERE person_id = @PersonId AND token_hash <> @Keep AND used_at IS NULL AND revoked_at IS NULL
        """;

    // Used once: the condition makes a second, concurrent acceptance change nothing.
    private const string UseSql = "UPDATE invitations SET used_at = @Now WHERE token_hash = @TokenHash AND used_at IS NULL AND revoked_at IS NULL";

    /// <summary>Stores a new invitation; every earlier unused one of the person stops working.</summary>
    public static async Task AddAsync(UnitOfWork work, InvitationRecord invitation)
    {
        await work.Connection.ExecuteAsync(RevokeOthersSql, new { invitation.PersonId, Keep = invitation.TokenHash, Now = invitation.CreatedAt }, work.Transaction);
        await work.Connection.ExecuteAsync(InsertSql, invitation, work.Transaction);
    }

    public static Task<InvitationRecord?> FindAsync(UnitOfWork work, string tokenHash) =>
        work.Connection.QuerySingleOrDefaultAsync<InvitationRecord>(SelectSql, new { TokenHash = tokenHash }, work.Transaction);

    /// <summary>Uses the invitation up and ends the person's other ones; false when it was used meanwhile.</summary>
    public static async Task<bool> UseAsync(UnitOfWork work, InvitationRecord invitation, DateTimeOffset now)
    {
        if (await work.Connection.ExecuteAsync(UseSql, new { invitation.TokenHash, Now = now }, work.Transaction) != 1)
        {
            return false;
        }
        await work.Connection.ExecuteAsync(RevokeOthersSql, new { invitation.PersonId, Keep = invitation.TokenHash, Now = now }, work.Transaction);
        return true;
    }
}
