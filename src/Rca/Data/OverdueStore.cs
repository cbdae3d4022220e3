using System.Data.Common;
using Dapper;
using SupportPlatform.BuildingBlocks.Data;

namespace SupportPlatform.Rca.Data;

/// <summary>
/// The RCAs' and actions' due times as durable timers: what came due and was not raised yet
/// (indexed on the due time), and the mark that raises each once per due time. The actions of a
/// MERGED RCA are no longer followed (the RCA that covers its cases now carries the work).
/// </summary>
public static class OverdueStore
{
    private const string DueRcasSql = """
        SELECT id FROM rcas
        WHERE due_at <= @Now AND overdue_raised_at IS NULL AND state IN ('REQUIRED', 'IN_ANALYSIS', 'IN_REVIEW')
        ORDER BY due_at
        """;

    /// <summary>Only the transaction that marks it raises it.</summary>
    private const string MarkRcaSql = """
        UPDATE rcas SET overdue_raised_at = @Now
        WHERE id = @Id AND due_at <= @Now AND overdue_raised_at IS NULL AND state IN ('REQUIRED', 'IN_ANALYSIS', 'IN_REVIEW')
        """;

    private const string DueActionsSql = """
        SELECT id FROM rca_actions
        WHERE due_at <= @Now AND overdue_raised_at IS NULL AND status IN ('OPEN', 'IN_PROGRESS')
          AND rca_id IN (SELECT id FROM rcas WHERE state <> 'MERGED')
        ORDER BY due_at
        """;

    private const string MarkActionSql = """
        UPDATE rca_actions SET overdue_raised_at = @Now
        WHERE id = @Id AND due_at <= @Now AND overdue_raised_at IS NULL AND status IN ('OPEN', 'IN_PROGRESS')
          AND rca_id IN (SELECT id FROM rcas WHERE state <> 'MERGED')
        """;

    private const string UnpublishedOfOrganizationSql = """
        SELECT id FROM rcas WHERE organization_id = @OrganizationId AND state IN ('REQUIRED', 'IN_ANALYSIS', 'IN_REVIEW')
        """;

    public static async Task<IReadOnlyList<Guid>> DueRcasAsync(DbConnection connection, SqlDialect dialect, DateTimeOffset now, int limit) =>
        (await connection.QueryAsync<Guid>(dialect.Limit(DueRcasSql), new { Now = now, Limit = limit })).ToList();

    public static async Task<bool> MarkRcaAsync(UnitOfWork work, Guid id, DateTimeOffset now) =>
        await work.Connection.ExecuteAsync(MarkRcaSql, new { Id = id, Now = now }, work.Transaction) == 1;

    public static async Task<IReadOnlyList<Guid>> DueActionsAsync(DbConnection connection, SqlDialect dialect, DateTimeOffset now, int limit) =>
        (await connection.QueryAsync<Guid>(dialect.Limit(DueActionsSql), new { Now = now, Limit = limit })).ToList();

    public static async Task<bool> MarkActionAsync(UnitOfWork work, Guid id, DateTimeOffset now) =>
        await work.Connection.ExecuteAsync(MarkActionSql, new { Id = id, Now = now }, work.Transaction) == 1;

    public static async Task<IReadOnlyList<Guid>> UnpublishedOfAsync(UnitOfWork work, Guid organizationId) =>
        (await work.Connection.QueryAsync<Guid>(UnpublishedOfOrganizationSql, new { OrganizationId = organizationId }, work.Transaction)).ToList();
}
