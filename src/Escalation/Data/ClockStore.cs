using System.Data.Common;
using Dapper;
using SupportPlatform.BuildingBlocks.Data;

namespace SupportPlatform.Escalation.Data;

/// <summary>Case clocks, their moments and their decided alerts.</summary>
public static class ClockStore
{
    private const string ClockColumns = """
        case_id AS CaseId, organization_id AS OrganizationId, support_plan AS [Plan], priority AS Priority,
        policy_version AS PolicyVersion, started_at AS StartedAt, case_version AS CaseVersion, standing AS Standing,
        response_due_at AS ResponseDueAt, update_due_at AS UpdateDueAt, resolution_due_at AS ResolutionDueAt,
        next_due_at AS NextDueAt, next_check_at AS NextCheckAt, evaluated_at AS EvaluatedAt,
        recomputed_at AS RecomputedAt, recompute_reason AS RecomputeReason
        """;

    /// <summary>Takes the clock row's write lock first, so that two transactions on one case take turns (SQL Server).</summary>
    private const string LockClockSql = "UPDATE sla_clocks SET case_version = case_version WHERE case_id = @CaseId";

    private const string SelectClockSql = $"SELECT {ClockColumns} FROM sla_clocks WHERE case_id = @CaseId";

    private const string InsertClockSql = """
        INSERT INTO sla_clocks (case_id, organization_id, support_plan, priority, policy_version, started_at, case_version, standing)
        VALUES (@CaseId, @OrganizationId, @Plan, @Priority, @PolicyVersion, @StartedAt, @CaseVersion, @Standing)
        """;

    private const string UpdatePlanSql = """
        UPDATE sla_clocks SET priority = @Priority, policy_version = @PolicyVersion, case_version = @CaseVersion
        WHERE case_id = @CaseId
        """;

    private const string SaveEvaluationSql = """
        UPDATE sla_clocks SET standing = @Standing, response_due_at = @ResponseDueAt, update_due_at = @UpdateDueAt,
                              resolution_due_at = @ResolutionDueAt, next_due_at = @NextDueAt, next_check_at = @NextCheckAt,
                              evaluated_at = @EvaluatedAt, recomputed_at = @RecomputedAt, recompute_reason = @RecomputeReason
        WHERE case_id = @CaseId
        """;

    private const string InsertMomentSql = """
        INSERT INTO case_moments (case_id, version, occurred_at, status, holder, responded, is_update)
        SELECT @CaseId, @Version, @OccurredAt, @Status, @Holder, @Responded, @IsUpdate
        WHERE NOT EXISTS (SELECT 1 FROM case_moments WHERE case_id = @CaseId AND version = @Version AND occurred_at = @OccurredAt)
        """;

    private const string SelectMomentsSql = """
        SELECT case_id AS CaseId, version AS Version, occurred_at AS OccurredAt, status AS Status, holder AS Holder,
               responded AS Responded, is_update AS IsUpdate
        FROM case_moments WHERE case_id = @CaseId ORDER BY version, occurred_at
        """;

    private const string SelectAlertsSql = """
        SELECT case_id AS CaseId, target AS Target, cycle AS Cycle, kind AS Kind, due_at AS DueAt,
               decided_at AS DecidedAt, raised AS Raised
        FROM sla_alerts WHERE case_id = @CaseId
        """;

    private const string InsertAlertSql = """
        INSERT INTO sla_alerts (case_id, target, cycle, kind, due_at, decided_at, raised)
        SELECT @CaseId, @Target, @Cycle, @Kind, @DueAt, @DecidedAt, @Raised
        WHERE NOT EXISTS (SELECT 1 FROM sla_alerts WHERE case_id = @CaseId AND target = @Target AND cycle = @Cycle AND kind = @Kind)
        """;

    /// <summary>Takes the write locks of several clock rows at once (a timer batch), before anything of theirs is read.</summary>
    private const string LockClocksSql = "UPDATE sla_clocks SET case_version = case_version WHERE case_id IN @CaseIds";

    private const string SelectClocksSql = $"SELECT {ClockColumns} FROM sla_clocks WHERE case_id IN @CaseIds";

    private const string SelectMomentsOfSql = """
        SELECT case_id AS CaseId, version AS Version, occurred_at AS OccurredAt, status AS Status, holder AS Holder,
               responded AS Responded, is_update AS IsUpdate
        FROM case_moments WHERE case_id IN @CaseIds ORDER BY case_id, version, occurred_at
        """;

    private const string SelectAlertsOfSql = """
        SELECT case_id AS CaseId, target AS Target, cycle AS Cycle, kind AS Kind, due_at AS DueAt,
               decided_at AS DecidedAt, raised AS Raised
        FROM sla_alerts WHERE case_id IN @CaseIds
        """;

    private const string SelectCalendarsOfSql = """
        SELECT organization_id AS OrganizationId, contract_version AS ContractVersion, time_zone AS TimeZone,
               calendar_json AS CalendarJson, changed_at AS ChangedAt
        FROM business_calendars WHERE organization_id IN @OrganizationIds
        """;

    private const string DueSql = """
        SELECT case_id FROM sla_clocks WHERE next_check_at IS NOT NULL AND next_check_at <= @Now ORDER BY next_check_at
        """;

    private const string OpenOfOrganizationSql = """
        SELECT case_id FROM sla_clocks WHERE organization_id = @OrganizationId AND standing <> 'DONE'
        """;

    private const string OpenUnderPolicySql = """
        SELECT case_id FROM sla_clocks WHERE support_plan = @Plan AND priority = @Priority AND standing <> 'DONE'
        """;

    private const string ListByCaseSql = """
        SELECT case_id AS CaseId, next_due_at AS NextDueAt FROM sla_clocks
        WHERE (@AnyOrganization = 1 OR organization_id = @OrganizationId)
          AND (@AnyStanding = 1 OR standing IN @Standings)
          AND (@AfterId IS NULL OR case_id > @AfterId)
        ORDER BY case_id
        """;

    private const string ListByDueSql = """
        SELECT case_id AS CaseId, next_due_at AS NextDueAt FROM sla_clocks
        WHERE (@AnyOrganization = 1 OR organization_id = @OrganizationId)
          AND (@AnyStanding = 1 OR standing IN @Standings)
          AND next_due_at IS NOT NULL AND next_due_at <= @DueBefore
          AND (@AfterDue IS NULL OR next_due_at > @AfterDue OR (next_due_at = @AfterDue AND case_id > @AfterId))
        ORDER BY next_due_at, case_id
        """;

    /// <summary>A page of clocks (case and next due time only): by case, or — with <paramref name="dueBefore"/> — by due time.</summary>
    public static async Task<IReadOnlyList<SlaClockRow>> ListAsync(
        DbConnection connection, SqlDialect dialect, Guid? organizationId, IReadOnlyList<string> standings,
        DateTimeOffset? dueBefore, DateTimeOffset? afterDue, Guid? afterId, int limit) =>
        [.. await connection.QueryAsync<SlaClockRow>(dialect.Limit(dueBefore is null ? ListByCaseSql : ListByDueSql), new
        {
            AnyOrganization = organizationId is null ? 1 : 0,
            OrganizationId = organizationId,
            AnyStanding = standings.Count == 0 ? 1 : 0,
            Standings = standings,
            DueBefore = dueBefore,
            AfterDue = afterDue,
            AfterId = afterId,
            Limit = limit,
        })];

    private const string StartedInSql = """
        SELECT case_id FROM sla_clocks
        WHERE organization_id = @OrganizationId AND started_at >= @From AND started_at < @To
        ORDER BY started_at, case_id
        """;

    /// <summary>The clocks of an organisation's cases submitted in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static async Task<IReadOnlyList<Guid>> StartedInAsync(DbConnection connection, Guid organizationId, DateTimeOffset from, DateTimeOffset to) =>
        [.. await connection.QueryAsync<Guid>(StartedInSql, new { OrganizationId = organizationId, From = from, To = to })];

    public static Task LockAsync(DbConnection connection, DbTransaction transaction, Guid caseId) =>
        connection.ExecuteAsync(LockClockSql, new { CaseId = caseId }, transaction);

    public static Task<SlaClockRow?> FindAsync(DbConnection connection, DbTransaction? transaction, Guid caseId) =>
        connection.QuerySingleOrDefaultAsync<SlaClockRow>(SelectClockSql, new { CaseId = caseId }, transaction);

    public static Task InsertAsync(DbConnection connection, DbTransaction transaction, SlaClockRow row) =>
        connection.ExecuteAsync(InsertClockSql, row, transaction);

    public static Task UpdatePlanAsync(DbConnection connection, DbTransaction transaction, SlaClockRow row) =>
        connection.ExecuteAsync(UpdatePlanSql, row, transaction);

    public static Task SaveEvaluationAsync(DbConnection connection, DbTransaction transaction, SlaClockRow row) =>
        connection.ExecuteAsync(SaveEvaluationSql, row, transaction);

    /// <summary>Records a moment unless one with its version and time is recorded. True when it was new.</summary>
    public static async Task<bool> AddMomentAsync(DbConnection connection, DbTransaction transaction, CaseMomentRow row) =>
        await connection.ExecuteAsync(InsertMomentSql, row, transaction) > 0;

    public static async Task<IReadOnlyList<CaseMomentRow>> MomentsAsync(DbConnection connection, DbTransaction? transaction, Guid caseId) =>
        [.. await connection.QueryAsync<CaseMomentRow>(SelectMomentsSql, new { CaseId = caseId }, transaction)];

    public static async Task<IReadOnlyList<AlertRow>> AlertsAsync(DbConnection connection, DbTransaction? transaction, Guid caseId) =>
        [.. await connection.QueryAsync<AlertRow>(SelectAlertsSql, new { CaseId = caseId }, transaction)];

    /// <summary>Records a decided alert unless it is recorded. True when this call recorded it: only then is it raised.</summary>
    public static async Task<bool> AddAlertAsync(DbConnection connection, DbTransaction transaction, AlertRow row) =>
        await connection.ExecuteAsync(InsertAlertSql, row, transaction) > 0;

    /// <summary>Locks the clock rows of <paramref name="caseIds"/> (at most a few hundred: one parameter each).</summary>
    public static Task LockManyAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<Guid> caseIds) =>
        connection.ExecuteAsync(LockClocksSql, new { CaseIds = DapperTypeHandlers.InList(caseIds) }, transaction);

    /// <summary>The clock rows of <paramref name="caseIds"/> that exist, in no particular order.</summary>
    public static async Task<IReadOnlyList<SlaClockRow>> FindManyAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyCollection<Guid> caseIds) =>
        [.. await connection.QueryAsync<SlaClockRow>(SelectClocksSql, new { CaseIds = DapperTypeHandlers.InList(caseIds) }, transaction)];

    /// <summary>The moments of <paramref name="caseIds"/>, each case's in the order of <see cref="MomentsAsync"/>.</summary>
    public static async Task<IReadOnlyList<CaseMomentRow>> MomentsOfAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyCollection<Guid> caseIds) =>
        [.. await connection.QueryAsync<CaseMomentRow>(SelectMomentsOfSql, new { CaseIds = DapperTypeHandlers.InList(caseIds) }, transaction)];

    public static async Task<IReadOnlyList<AlertRow>> AlertsOfAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyCollection<Guid> caseIds) =>
        [.. await connection.QueryAsync<AlertRow>(SelectAlertsOfSql, new { CaseIds = DapperTypeHandlers.InList(caseIds) }, transaction)];

    /// <summary>The stored business calendars of <paramref name="organizationIds"/> (an organisation without one has no row).</summary>
    public static async Task<IReadOnlyList<CalendarRow>> CalendarsOfAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyCollection<Guid> organizationIds) =>
        [.. await connection.QueryAsync<CalendarRow>(SelectCalendarsOfSql, new { OrganizationIds = DapperTypeHandlers.InList(organizationIds) }, transaction)];

    /// <summary>Up to <paramref name="limit"/> clocks whose timer is due, earliest first.</summary>
    public static async Task<IReadOnlyList<Guid>> DueAsync(DbConnection connection, SqlDialect dialect, DateTimeOffset now, int limit) =>
        [.. await connection.QueryAsync<Guid>(dialect.Limit(DueSql), new { Now = now, Limit = limit })];

    public static async Task<IReadOnlyList<Guid>> OpenOfOrganizationAsync(DbConnection connection, DbTransaction transaction, Guid organizationId) =>
        [.. await connection.QueryAsync<Guid>(OpenOfOrganizationSql, new { OrganizationId = organizationId }, transaction)];

    public static async Task<IReadOnlyList<Guid>> OpenUnderPolicyAsync(DbConnection connection, DbTransaction transaction, string plan, string priority) =>
        [.. await connection.QueryAsync<Guid>(OpenUnderPolicySql, new { Plan = plan, Priority = priority }, transaction)];
}
