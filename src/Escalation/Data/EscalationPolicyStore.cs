using System.Data.Common;
using Dapper;
using SupportPlatform.BuildingBlocks.Data;

namespace SupportPlatform.Escalation.Data;

/// <summary>Escalation policies.</summary>
public static class EscalationPolicyStore
{
    private const string Columns = """
        policy_id AS PolicyId, name AS Name, steps_json AS StepsJson, repeats AS Repeats, version AS Version,
        created_at AS CreatedAt, updated_at AS UpdatedAt, updated_by AS UpdatedBy
        """;

    private const string SelectSql = $"SELECT {Columns} FROM escalation_policies WHERE policy_id = @PolicyId";

    private const string ListPoliciesSql = $"""
        SELECT {Columns} FROM escalation_policies
        WHERE (@AfterId IS NULL OR policy_id > @AfterId)
        ORDER BY policy_id
        """;

    private const string InsertSql = """
        INSERT INTO escalation_policies (policy_id, name, steps_json, repeats, version, created_at, updated_at, updated_by)
        VALUES (@PolicyId, @Name, @StepsJson, @Repeats, @Version, @CreatedAt, @UpdatedAt, @UpdatedBy)
        """;

    private const string UpdateSql = """
        UPDATE escalation_policies SET name = @Name, steps_json = @StepsJson, repeats = @Repeats, version = @Version,
                                       updated_at = @UpdatedAt, updated_by = @UpdatedBy
        WHERE policy_id = @PolicyId AND version = @Version - 1
        """;

    public static Task<EscalationPolicyRow?> FindAsync(DbConnection connection, DbTransaction? transaction, Guid policyId) =>
        connection.QuerySingleOrDefaultAsync<EscalationPolicyRow>(SelectSql, new { PolicyId = policyId }, transaction);

    /// <summary>A page of policies by id, after <paramref name="afterId"/>.</summary>
    public static async Task<IReadOnlyList<EscalationPolicyRow>> ListAsync(DbConnection connection, SqlDialect dialect, Guid? afterId, int limit) =>
        [.. await connection.QueryAsync<EscalationPolicyRow>(dialect.Limit(ListPoliciesSql), new { AfterId = afterId, Limit = limit })];

    public static Task InsertAsync(DbConnection connection, DbTransaction transaction, EscalationPolicyRow row) =>
        connection.ExecuteAsync(InsertSql, row, transaction);

    /// <summary>Writes <paramref name="row"/> (whose version is one more than the stored one). False when the stored version was not the one before.</summary>
    public static async Task<bool> UpdateAsync(DbConnection connection, DbTransaction transaction, EscalationPolicyRow row) =>
        await connection.ExecuteAsync(UpdateSql, row, transaction) == 1;
}
