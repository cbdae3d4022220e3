using System.Data.Common;
using Dapper;
using SupportPlatform.BuildingBlocks.Data;

namespace SupportPlatform.Escalation.Data;

/// <summary>Pages, their steps and their timers.</summary>
public static class PageStore
{
    private const string Columns = """
        page_id AS PageId, case_id AS CaseId, organization_id AS OrganizationId, trigger_kind AS TriggerKind, reason AS Reason,
        urgency AS Urgency, policy_id AS PolicyId, policy_version AS PolicyVersion, steps_json AS StepsJson, repeats AS Repeats,
        state AS State, step AS Step, attempt AS Attempt, started_at AS StartedAt, next_due_at AS NextDueAt,
        acknowledged_at AS AcknowledgedAt, acknowledged_by AS AcknowledgedBy, exhausted_at AS ExhaustedAt
        """;

    /// <summary>A case gets at most one page of each kind: a repeated or late event inserts nothing.</summary>
    private const string InsertIfNoneSql = """
        INSERT INTO pages (page_id, case_id, organization_id, trigger_kind, reason, urgency, policy_id, policy_version, steps_json,
                           repeats, state, step, attempt, started_at, next_due_at)
        SELECT @PageId, @CaseId, @OrganizationId, @TriggerKind, @Reason, @Urgency, @PolicyId, @PolicyVersion, @StepsJson,
               @Repeats, @State, @Step, @Attempt, @StartedAt, @NextDueAt
        WHERE NOT EXISTS (SELECT 1 FROM pages WHERE case_id = @CaseId AND trigger_kind = @TriggerKind)
        """;

    /// <summary>Takes the page row's write lock first, so that the timer and an acknowledgement take turns (SQL Server).</summary>
    private const string LockSql = "UPDATE pages SET attempt = attempt WHERE page_id = @PageId";

    private const string SelectSql = $"SELECT {Columns} FROM pages WHERE page_id = @PageId";

    private const string SaveSql = """
        UPDATE pages SET state = @State, step = @Step, attempt = @Attempt, next_due_at = @NextDueAt,
                         acknowledged_at = @AcknowledgedAt, acknowledged_by = @AcknowledgedBy, exhausted_at = @ExhaustedAt
        WHERE page_id = @PageId
        """;

    private const string InsertStepSql = """
        INSERT INTO page_steps (page_id, attempt, step, person_ids, paged_at, escalates_at)
        SELECT @PageId, @Attempt, @Step, @PersonIds, @PagedAt, @EscalatesAt
        WHERE NOT EXISTS (SELECT 1 FROM page_steps WHERE page_id = @PageId AND attempt = @Attempt AND step = @Step)
        """;

    private const string SelectStepsSql = """
        SELECT page_id AS PageId, attempt AS Attempt, step AS Step, person_ids AS PersonIds, paged_at AS PagedAt, escalates_at AS EscalatesAt
        FROM page_steps WHERE page_id IN @PageIds ORDER BY page_id, attempt, step
        """;

    private const string DueSql = """
        SELECT page_id FROM pages WHERE next_due_at IS NOT NULL AND next_due_at <= @Now ORDER BY next_due_at
        """;

    private const string ListPagesSql = $"""
        SELECT {Columns} FROM pages
        WHERE (@AnyCase = 1 OR case_id = @CaseId)
          AND (@OpenOnly = 0 OR state = 'OPEN')
          AND (@BeforeStarted IS NULL OR started_at < @BeforeStarted OR (started_at = @BeforeStarted AND page_id < @BeforeId))
        ORDER BY started_at DESC, page_id DESC
        """;

    /// <summary>Inserts the page unless its case has a page of its kind. True when inserted.</summary>
    public static async Task<bool> InsertIfNoneAsync(DbConnection connection, DbTransaction transaction, PageRow row) =>
        await connection.ExecuteAsync(InsertIfNoneSql, row, transaction) == 1;

    /// <summary>Locks the page's row for the transaction. False when there is no such page.</summary>
    public static async Task<bool> LockAsync(DbConnection connection, DbTransaction transaction, Guid pageId) =>
        await connection.ExecuteAsync(LockSql, new { PageId = pageId }, transaction) == 1;

    public static Task<PageRow?> FindAsync(DbConnection connection, DbTransaction? transaction, Guid pageId) =>
        connection.QuerySingleOrDefaultAsync<PageRow>(SelectSql, new { PageId = pageId }, transaction);

    public static Task SaveAsync(DbConnection connection, DbTransaction transaction, PageRow row) =>
        connection.ExecuteAsync(SaveSql, row, transaction);

    /// <summary>Records a step paged unless it is recorded. True when this call recorded it: only then is it raised.</summary>
    public static async Task<bool> AddStepAsync(DbConnection connection, DbTransaction transaction, PageStepRow row) =>
        await connection.ExecuteAsync(InsertStepSql, row, transaction) == 1;

    /// <summary>The steps paged of the given pages, by page, attempt and step.</summary>
    public static async Task<IReadOnlyList<PageStepRow>> StepsAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyCollection<Guid> pageIds) =>
        pageIds.Count == 0 ? [] : [.. await connection.QueryAsync<PageStepRow>(SelectStepsSql, new { PageIds = pageIds.Select(id => id.ToString("D")).ToList() }, transaction)];

    /// <summary>Up to <paramref name="limit"/> pages whose current step has timed out, earliest first.</summary>
    public static async Task<IReadOnlyList<Guid>> DueAsync(DbConnection connection, SqlDialect dialect, DateTimeOffset now, int limit) =>
        [.. await connection.QueryAsync<Guid>(dialect.Limit(DueSql), new { Now = now, Limit = limit })];

    /// <summary>A page of pages, newest first, before (<paramref name="beforeStarted"/>, <paramref name="beforeId"/>).</summary>
    public static async Task<IReadOnlyList<PageRow>> ListAsync(DbConnection connection, DbTransaction? transaction, SqlDialect dialect, Guid? caseId, bool openOnly,
        DateTimeOffset? beforeStarted, Guid? beforeId, int limit) =>
        [.. await connection.QueryAsync<PageRow>(dialect.Limit(ListPagesSql), new
        {
            AnyCase = caseId is null ? 1 : 0,
            CaseId = caseId,
            OpenOnly = openOnly ? 1 : 0,
            BeforeStarted = beforeStarted,
            BeforeId = beforeId,
            Limit = limit,
        }, transaction)];
}
