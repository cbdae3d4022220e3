using System.Data.Common;
using Dapper;

namespace SupportPlatform.Escalation.Data;

/// <summary>The versioned SLA policies.</summary>
public static class SlaPolicyStore
{
    private const string Columns = """
        support_plan AS [Plan], priority AS Priority, version AS Version, response_seconds AS ResponseSeconds,
        update_seconds AS UpdateSeconds, resolution_seconds AS ResolutionSeconds, warning_percent AS WarningPercent,
        coverage AS Coverage, created_at AS CreatedAt, created_by AS CreatedBy
        """;

    private const string CurrentSql = $"""
        SELECT {Columns} FROM sla_policies p
        WHERE support_plan = @Plan AND priority = @Priority
          AND version = (SELECT MAX(version) FROM sla_policies WHERE support_plan = @Plan AND priority = @Priority)
        """;

    private const string VersionSql = $"""
        SELECT {Columns} FROM sla_policies WHERE support_plan = @Plan AND priority = @Priority AND version = @Version
        """;

    private const string AllCurrentSql = $"""
        SELECT {Columns} FROM sla_policies p
        WHERE version = (SELECT MAX(version) FROM sla_policies v WHERE v.support_plan = p.support_plan AND v.priority = p.priority)
        ORDER BY support_plan, priority
        """;

    private const string VersionsSql = $"""
        SELECT {Columns} FROM sla_policies WHERE support_plan = @Plan AND priority = @Priority ORDER BY version DESC
        """;

    private const string InsertSql = """
        INSERT INTO sla_policies (support_plan, priority, version, response_seconds, update_seconds, resolution_seconds,
                                  warning_percent, coverage, created_at, created_by)
        VALUES (@Plan, @Priority, @Version, @ResponseSeconds, @UpdateSeconds, @ResolutionSeconds,
                @WarningPercent, @Coverage, @CreatedAt, @CreatedBy)
        """;

    public static Task<SlaPolicyRow?> CurrentAsync(DbConnection connection, DbTransaction? transaction, string plan, string priority) =>
        connection.QuerySingleOrDefaultAsync<SlaPolicyRow>(CurrentSql, new { Plan = plan, Priority = priority }, transaction);

    public static Task<SlaPolicyRow?> VersionAsync(DbConnection connection, DbTransaction? transaction, string plan, string priority, int version) =>
        connection.QuerySingleOrDefaultAsync<SlaPolicyRow>(VersionSql, new { Plan = plan, Priority = priority, Version = version }, transaction);

    public static async Task<IReadOnlyList<SlaPolicyRow>> AllCurrentAsync(DbConnection connection) =>
        [.. await connection.QueryAsync<SlaPolicyRow>(AllCurrentSql)];

    public static async Task<IReadOnlyList<SlaPolicyRow>> VersionsAsync(DbConnection connection, string plan, string priority) =>
        [.. await connection.QueryAsync<SlaPolicyRow>(VersionsSql, new { Plan = plan, Priority = priority })];

    public static Task InsertAsync(DbConnection connection, DbTransaction transaction, SlaPolicyRow row) =>
        connection.ExecuteAsync(InsertSql, row, transaction);
}
