using Dapper;
using SupportPlatform.BuildingBlocks.Data;

namespace SupportPlatform.Notification.Data;

/// <summary>The people's subscriptions, and the organisation of the cases and RCAs they may follow.</summary>
public sealed class SubscriptionStore(Database database)
{
    /// <summary>How many subscriptions one person may hold.</summary>
    public const int MaxPerPerson = 1000;

    public const string InsertSql = """
        INSERT INTO subscriptions (person_id, target_kind, target_id, party, organization_id, created_at)
        SELECT @PersonId, @Kind, @TargetId, @Party, @OrganizationId, @CreatedAt
        WHERE NOT EXISTS (SELECT 1 FROM subscriptions WHERE person_id = @PersonId AND target_kind = @Kind AND target_id = @TargetId)
        """;

    public const string DeleteSql = "DELETE FROM subscriptions WHERE person_id = @PersonId AND target_kind = @Kind AND target_id = @TargetId";

    public const string SelectOneSql = """
        SELECT target_kind AS Kind, target_id AS TargetId, created_at AS CreatedAt
        FROM subscriptions WHERE person_id = @PersonId AND target_kind = @Kind AND target_id = @TargetId
        """;

    public const string SelectAllSql = """
        SELECT target_kind AS Kind, target_id AS TargetId, created_at AS CreatedAt
        FROM subscriptions WHERE person_id = @PersonId ORDER BY created_at DESC
        """;

    public const string CountSql = "SELECT COUNT(*) FROM subscriptions WHERE person_id = @PersonId";

    public const string CaseOrganizationSql = "SELECT organization_id FROM known_cases WHERE case_id = @Id";

    public const string RcaOrganizationSql = "SELECT organization_id FROM known_rcas WHERE rca_id = @Id";

    /// <summary>One subscription as read back.</summary>
    public sealed class Row
    {
        public string Kind { get; set; } = "";
        public Guid TargetId { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
    }

    /// <summary>The organisation of a case (kind CASE) or RCA (kind RCA) the service heard of, else null.</summary>
    public async Task<Guid?> OrganizationOfAsync(string kind, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Guid?>(kind == "CASE" ? CaseOrganizationSql : RcaOrganizationSql, new { Id = id });
    }

    /// <summary>
    /// Adds the subscription unless the person has it; returns it and whether it is new, or null
    /// when the person already holds <see cref="MaxPerPerson"/>.
    /// </summary>
    public async Task<(Row Subscription, bool Created)?> AddAsync(Guid personId, string kind, Guid targetId, string party, Guid organizationId,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var work = await database.BeginAsync(cancellationToken);
        var key = new { PersonId = personId, Kind = kind, TargetId = targetId };
        var existing = await work.Connection.QuerySingleOrDefaultAsync<Row>(SelectOneSql, key, work.Transaction);
        if (existing is not null)
        {
            return (existing, false);
        }
        if (await work.Connection.ExecuteScalarAsync<long>(CountSql, key, work.Transaction) >= MaxPerPerson)
        {
            return null;
        }
        await work.Connection.ExecuteAsync(InsertSql,
            new { PersonId = personId, Kind = kind, TargetId = targetId, Party = party, OrganizationId = organizationId, CreatedAt = now }, work.Transaction);
        await work.CommitAsync(cancellationToken);
        return (new Row { Kind = kind, TargetId = targetId, CreatedAt = now }, true);
    }

    public async Task<bool> RemoveAsync(Guid personId, string kind, Guid targetId, CancellationToken cancellationToken)
    {
        await using var work = await database.BeginAsync(cancellationToken);
        var removed = await work.Connection.ExecuteAsync(DeleteSql, new { PersonId = personId, Kind = kind, TargetId = targetId }, work.Transaction);
        await work.CommitAsync(cancellationToken);
        return removed > 0;
    }

    public async Task<IReadOnlyList<Row>> ListAsync(Guid personId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return [.. await connection.QueryAsync<Row>(SelectAllSql, new { PersonId = personId })];
    }
}
