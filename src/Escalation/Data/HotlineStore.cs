using System.Data.Common;
using Dapper;
using SupportPlatform.BuildingBlocks.Data;

namespace SupportPlatform.Escalation.Data;

/// <summary>Hotline calls and the P1s that expect one.</summary>
public static class HotlineStore
{
    private const string InsertCallSql = """
        INSERT INTO hotline_calls (call_id, case_id, organization_id, caller_name, caller_phone, called_at, engineer_id,
                                   notes, recorded_by, recorded_at)
        VALUES (@CallId, @CaseId, @OrganizationId, @CallerName, @CallerPhone, @CalledAt, @EngineerId,
                @Notes, @RecordedBy, @RecordedAt)
        """;

    private const string SelectCallsSql = """
        SELECT call_id AS CallId, case_id AS CaseId, organization_id AS OrganizationId, caller_name AS CallerName,
               caller_phone AS CallerPhone, called_at AS CalledAt, engineer_id AS EngineerId, notes AS Notes,
               recorded_by AS RecordedBy, recorded_at AS RecordedAt
        FROM hotline_calls WHERE case_id = @CaseId ORDER BY called_at, call_id
        """;

    private const string InsertExpectationSql = """
        INSERT INTO hotline_expectations (case_id, organization_id, submitter_id, title, submitted_at, expected_by)
        SELECT @CaseId, @OrganizationId, @SubmitterId, @Title, @SubmittedAt, @ExpectedBy
        WHERE NOT EXISTS (SELECT 1 FROM hotline_expectations WHERE case_id = @CaseId)
        """;

    private const string MarkCalledSql = """
        UPDATE hotline_expectations SET called_at = @CalledAt WHERE case_id = @CaseId AND called_at IS NULL
        """;

    private const string DueSql = """
        SELECT case_id AS CaseId, organization_id AS OrganizationId, submitter_id AS SubmitterId, title AS Title,
               submitted_at AS SubmittedAt, expected_by AS ExpectedBy, called_at AS CalledAt, flagged_at AS FlaggedAt
        FROM hotline_expectations WHERE called_at IS NULL AND flagged_at IS NULL AND expected_by <= @Now ORDER BY expected_by
        """;

    /// <summary>Marks an expectation flagged unless a call or another flag came first. True when this call flagged it.</summary>
    private const string FlagSql = """
        UPDATE hotline_expectations SET flagged_at = @Now WHERE case_id = @CaseId AND called_at IS NULL AND flagged_at IS NULL
        """;

    public static Task InsertCallAsync(DbConnection connection, DbTransaction transaction, HotlineCallRow row) =>
        connection.ExecuteAsync(InsertCallSql, row, transaction);

    public static async Task<IReadOnlyList<HotlineCallRow>> CallsAsync(DbConnection connection, Guid caseId) =>
        [.. await connection.QueryAsync<HotlineCallRow>(SelectCallsSql, new { CaseId = caseId })];

    /// <summary>Records that the case expects a call, unless it already does. True when new.</summary>
    public static async Task<bool> ExpectAsync(DbConnection connection, DbTransaction transaction, HotlineExpectationRow row) =>
        await connection.ExecuteAsync(InsertExpectationSql, row, transaction) > 0;

    public static Task MarkCalledAsync(DbConnection connection, DbTransaction transaction, Guid caseId, DateTimeOffset calledAt) =>
        connection.ExecuteAsync(MarkCalledSql, new { CaseId = caseId, CalledAt = calledAt }, transaction);

    public static async Task<IReadOnlyList<HotlineExpectationRow>> DueAsync(DbConnection connection, SqlDialect dialect, DateTimeOffset now, int limit) =>
        [.. await connection.QueryAsync<HotlineExpectationRow>(dialect.Limit(DueSql), new { Now = now, Limit = limit })];

    public static async Task<bool> FlagAsync(DbConnection connection, DbTransaction transaction, Guid caseId, DateTimeOffset now) =>
        await connection.ExecuteAsync(FlagSql, new { CaseId = caseId, Now = now }, transaction) > 0;
}
