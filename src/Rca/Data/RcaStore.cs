using System.Data.Common;
using Dapper;
using SupportPlatform.BuildingBlocks.Data;

namespace SupportPlatform.Rca.Data;

/// <summary>The SQL of the RCA service: RCAs, the cases they cover, timelines, actions and history.</summary>
public static class RcaStore
{
    private const string Columns = """
        seq AS Seq, id AS Id, organization_id AS OrganizationId, case_id AS CaseId, state AS State,
        owner_party AS OwnerParty, reviewer_party AS ReviewerParty, cause AS Cause, cause_justification AS CauseJustification,
        created_at AS CreatedAt, due_at AS DueAt, version AS Version, title AS Title, support_plan AS SupportPlan,
        analysis AS Analysis, approved_at AS ApprovedAt, changes_requested AS ChangesRequested, published_at AS PublishedAt,
        updated_at AS UpdatedAt, overdue_raised_at AS OverdueRaisedAt, merged_into AS MergedInto
        """;

    private const string SelectByIdSql = "SELECT " + Columns + " FROM rcas WHERE id = @Id";

    private const string SelectByCaseSql = "SELECT " + Columns + " FROM rcas WHERE id = (SELECT rca_id FROM rca_cases WHERE case_id = @CaseId)";

    private const string SelectCreatedByCaseSql = "SELECT " + Columns + " FROM rcas WHERE case_id = @CaseId";

    private const string InsertSql = """
        INSERT INTO rcas (id, organization_id, case_id, state, owner_party, reviewer_party, cause, cause_justification, created_at, due_at,
                          version, title, support_plan, analysis, updated_at)
        VALUES (@Id, @OrganizationId, @CaseId, @State, @OwnerParty, @ReviewerParty, @Cause, @CauseJustification, @CreatedAt, @DueAt,
                @Version, @Title, @SupportPlan, @Analysis, @UpdatedAt)
        """;

    /// <summary>
    /// A change through the change path. The due time and its overdue mark are not written here:
    /// only the calendar (<see cref="UpdateDueAsync"/>) and the timers change them.
    /// </summary>
    private const string UpdateSql = """
        UPDATE rcas SET state = @State, owner_party = @OwnerParty, reviewer_party = @ReviewerParty, cause = @Cause,
                        cause_justification = @CauseJustification, version = @Version, analysis = @Analysis,
                        approved_at = @ApprovedAt, changes_requested = @ChangesRequested, published_at = @PublishedAt,
                        updated_at = @UpdatedAt, merged_into = @MergedInto
        WHERE id = @Id AND version = @ExpectedVersion
        """;

    /// <summary>Newest first, keyset-paged on seq; each filter applies when not null. MERGED RCAs are left out unless asked for.</summary>
    private const string ListSql = "SELECT " + Columns + """
         FROM rcas
        WHERE seq < @Before
          AND (@OrganizationId IS NULL OR organization_id = @OrganizationId)
          AND (@CaseId IS NULL OR id = (SELECT rca_id FROM rca_cases WHERE case_id = @CaseId))
          AND ((@State IS NULL AND state <> 'MERGED') OR state = @State)
          AND (@Owner IS NULL OR owner_party = @Owner)
          AND (@OverdueAt IS NULL OR (due_at <= @OverdueAt AND state IN ('REQUIRED', 'IN_ANALYSIS', 'IN_REVIEW')))
        ORDER BY seq DESC
        """;

    private const string CaseColumns = """
        case_id AS CaseId, rca_id AS RcaId, organization_id AS OrganizationId, title AS Title, submitter_id AS SubmitterId,
        requires_rca AS RequiresRca, linked_at AS LinkedAt, seq AS Seq
        """;

    private const string SelectCasesSql = "SELECT " + CaseColumns + " FROM rca_cases WHERE rca_id IN @RcaIds ORDER BY seq";

    private const string SelectCaseSql = "SELECT " + CaseColumns + " FROM rca_cases WHERE case_id = @CaseId";

    private const string InsertCaseSql = """
        INSERT INTO rca_cases (case_id, rca_id, organization_id, title, submitter_id, requires_rca, linked_at, seq)
        VALUES (@CaseId, @RcaId, @OrganizationId, @Title, @SubmitterId, @RequiresRca, @LinkedAt, @Seq)
        """;

    private const string MoveCaseSql = "UPDATE rca_cases SET rca_id = @RcaId, linked_at = @LinkedAt, seq = @Seq WHERE case_id = @CaseId";

    private const string DeleteCaseSql = "DELETE FROM rca_cases WHERE case_id = @CaseId";

    private const string NextCaseSeqSql = "SELECT COALESCE(MAX(seq), 0) + 1 FROM rca_cases";

    private const string TimelineColumns = """
        id AS Id, rca_id AS RcaId, occurred_at AS OccurredAt, description AS Description, source AS Source, case_id AS CaseId,
        source_key AS SourceKey, created_at AS CreatedAt
        """;

    private const string SelectTimelineSql = "SELECT " + TimelineColumns + " FROM rca_timeline WHERE rca_id IN @RcaIds ORDER BY occurred_at, seq";

    /// <summary>An entry from a case's history is added once per RCA (its source key).</summary>
    private const string InsertTimelineSql = """
        INSERT INTO rca_timeline (id, rca_id, occurred_at, description, source, case_id, source_key, created_at)
        SELECT @Id, @RcaId, @OccurredAt, @Description, @Source, @CaseId, @SourceKey, @CreatedAt
        WHERE @SourceKey IS NULL OR NOT EXISTS (SELECT 1 FROM rca_timeline WHERE rca_id = @RcaId AND source_key = @SourceKey)
        """;

    private const string DeleteTimelineSql = "DELETE FROM rca_timeline WHERE id = @Id AND rca_id = @RcaId AND source = 'AUTHOR'";

    /// <summary>A case's entries leave with it.</summary>
    private const string DeleteCaseTimelineSql = "DELETE FROM rca_timeline WHERE rca_id = @RcaId AND case_id = @CaseId AND source = 'CASE_HISTORY'";

    private const string ActionColumns = """
        id AS Id, rca_id AS RcaId, organization_id AS OrganizationId, type AS Type, description AS Description, owner_party AS OwnerParty,
        owner_person_id AS OwnerPersonId, due_at AS DueAt, status AS Status, case_id AS CaseId, created_at AS CreatedAt,
        completed_at AS CompletedAt, overdue_raised_at AS OverdueRaisedAt
        """;

    private const string SelectActionsSql = "SELECT " + ActionColumns + " FROM rca_actions WHERE rca_id IN @RcaIds ORDER BY seq";

    private const string InsertActionSql = """
        INSERT INTO rca_actions (id, rca_id, organization_id, type, description, owner_party, owner_person_id, due_at, status, case_id,
                                 created_at, completed_at, overdue_raised_at)
        VALUES (@Id, @RcaId, @OrganizationId, @Type, @Description, @OwnerParty, @OwnerPersonId, @DueAt, @Status, @CaseId,
                @CreatedAt, @CompletedAt, @OverdueRaisedAt)
        """;

    private const string UpdateActionSql = """
        UPDATE rca_actions SET type = @Type, description = @Description, owner_party = @OwnerParty, owner_person_id = @OwnerPersonId,
                               due_at = @DueAt, status = @Status, case_id = @CaseId, completed_at = @CompletedAt,
                               overdue_raised_at = CASE WHEN @ReArm = 1 THEN NULL ELSE overdue_raised_at END
        WHERE id = @Id
        """;

    private const string InsertHistorySql = """
        INSERT INTO rca_history (rca_id, rca_version, occurred_at, actor_id, actor_party, action, field, old_value, new_value, internal)
        VALUES (@RcaId, @RcaVersion, @OccurredAt, @ActorId, @ActorParty, @Action, @Field, @OldValue, @NewValue, @Internal)
        """;

    private const string SelectHistorySql = """
        SELECT seq AS Seq, rca_id AS RcaId, rca_version AS RcaVersion, occurred_at AS OccurredAt, actor_id AS ActorId,
               actor_party AS ActorParty, action AS Action, field AS Field, old_value AS OldValue, new_value AS NewValue, internal AS Internal
        FROM rca_history WHERE rca_id = @RcaId AND (@IncludeInternal = 1 OR internal = 0) ORDER BY seq
        """;

    public static Task<RcaRecord?> FindAsync(DbConnection connection, DbTransaction? transaction, Guid id) =>
        connection.QuerySingleOrDefaultAsync<RcaRecord>(SelectByIdSql, new { Id = id }, transaction);

    /// <summary>The RCA covering the case now.</summary>
    public static Task<RcaRecord?> FindByCaseAsync(DbConnection connection, DbTransaction? transaction, Guid caseId) =>
        connection.QuerySingleOrDefaultAsync<RcaRecord>(SelectByCaseSql, new { CaseId = caseId }, transaction);

    /// <summary>The RCA the case's resolution created, wherever the case is linked now.</summary>
    public static Task<RcaRecord?> FindCreatedByAsync(DbConnection connection, DbTransaction? transaction, Guid caseId) =>
        connection.QuerySingleOrDefaultAsync<RcaRecord>(SelectCreatedByCaseSql, new { CaseId = caseId }, transaction);

    public static Task InsertAsync(UnitOfWork work, RcaRecord record) =>
        work.Connection.ExecuteAsync(InsertSql, record, work.Transaction);

    /// <summary>Writes the record if it is still at <paramref name="expectedVersion"/>; false when it changed meanwhile.</summary>
    public static async Task<bool> UpdateAsync(UnitOfWork work, RcaRecord record, long expectedVersion) =>
        await work.Connection.ExecuteAsync(UpdateSql, new
        {
            record.Id, record.State, record.OwnerParty, record.ReviewerParty, record.Cause, record.CauseJustification,
            record.Version, record.Analysis, record.ApprovedAt, record.ChangesRequested, record.PublishedAt, record.UpdatedAt,
            record.MergedInto, ExpectedVersion = expectedVersion,
        }, work.Transaction) == 1;

    /// <summary>
    /// A due time recomputed (the calendar changed): a change of the RCA, so its version moves; an
    /// overdue mark is dropped when the new due time lies ahead.
    /// </summary>
    private const string UpdateDueSql = """
        UPDATE rcas SET due_at = @DueAt, version = version + 1, updated_at = @Now,
                        overdue_raised_at = CASE WHEN @DueAt > @Now THEN NULL ELSE overdue_raised_at END
        WHERE id = @Id AND version = @Version AND state IN ('REQUIRED', 'IN_ANALYSIS', 'IN_REVIEW')
        """;

    /// <summary>False when the RCA changed since it was read at <paramref name="version"/>.</summary>
    public static async Task<bool> UpdateDueAsync(UnitOfWork work, Guid id, long version, DateTimeOffset dueAt, DateTimeOffset now) =>
        await work.Connection.ExecuteAsync(UpdateDueSql, new { Id = id, Version = version, DueAt = dueAt, Now = now }, work.Transaction) == 1;

    /// <summary>Marks the case a resolved P1 incident (it needs an RCA of its own when unlinked).</summary>
    private const string MarkRequiresRcaSql = "UPDATE rca_cases SET requires_rca = 1 WHERE case_id = @CaseId";

    public static Task MarkRequiresRcaAsync(UnitOfWork work, Guid caseId) =>
        work.Connection.ExecuteAsync(MarkRequiresRcaSql, new { CaseId = caseId }, work.Transaction);

    /// <param name="now">What "overdue" is measured against.</param>
    public static async Task<IReadOnlyList<RcaRecord>> ListAsync(DbConnection connection, SqlDialect dialect, RcaFilter filter, DateTimeOffset now, long before, int limit) =>
        (await connection.QueryAsync<RcaRecord>(dialect.Limit(ListSql), new
        {
            Before = before, filter.OrganizationId, filter.CaseId, filter.State, filter.Owner, OverdueAt = filter.OverdueOnly ? now : (DateTimeOffset?)null,
            Limit = limit,
        })).ToList();

    public static async Task<IReadOnlyList<RcaCaseRow>> CasesAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyCollection<Guid> rcaIds) =>
        rcaIds.Count == 0 ? [] : (await connection.QueryAsync<RcaCaseRow>(SelectCasesSql, new { RcaIds = DapperTypeHandlers.InList(rcaIds) }, transaction)).ToList();

    public static Task<RcaCaseRow?> FindCaseAsync(DbConnection connection, DbTransaction? transaction, Guid caseId) =>
        connection.QuerySingleOrDefaultAsync<RcaCaseRow>(SelectCaseSql, new { CaseId = caseId }, transaction);

    /// <summary>Covers the case by the RCA; its position follows every case linked before.</summary>
    public static async Task InsertCaseAsync(UnitOfWork work, RcaCaseRow row)
    {
        row.Seq = await work.Connection.ExecuteScalarAsync<long>(NextCaseSeqSql, transaction: work.Transaction);
        await work.Connection.ExecuteAsync(InsertCaseSql, row, work.Transaction);
    }

    /// <summary>Moves a covered case to another RCA, last in its order.</summary>
    public static async Task MoveCaseAsync(UnitOfWork work, Guid caseId, Guid rcaId, DateTimeOffset linkedAt)
    {
        var seq = await work.Connection.ExecuteScalarAsync<long>(NextCaseSeqSql, transaction: work.Transaction);
        await work.Connection.ExecuteAsync(MoveCaseSql, new { CaseId = caseId, RcaId = rcaId, LinkedAt = linkedAt, Seq = seq }, work.Transaction);
    }

    public static Task DeleteCaseAsync(UnitOfWork work, Guid caseId) =>
        work.Connection.ExecuteAsync(DeleteCaseSql, new { CaseId = caseId }, work.Transaction);

    public static async Task<IReadOnlyList<TimelineRow>> TimelineAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyCollection<Guid> rcaIds) =>
        rcaIds.Count == 0 ? [] : (await connection.QueryAsync<TimelineRow>(SelectTimelineSql, new { RcaIds = DapperTypeHandlers.InList(rcaIds) }, transaction)).ToList();

    /// <summary>Adds the entry; an entry from a case's history that the RCA already has is skipped (false).</summary>
    public static async Task<bool> InsertTimelineAsync(UnitOfWork work, TimelineRow row) =>
        await work.Connection.ExecuteAsync(InsertTimelineSql, row, work.Transaction) == 1;

    /// <summary>Removes an entry an author added; false when the RCA has no such entry.</summary>
    public static async Task<bool> DeleteTimelineAsync(UnitOfWork work, Guid rcaId, Guid entryId) =>
        await work.Connection.ExecuteAsync(DeleteTimelineSql, new { Id = entryId, RcaId = rcaId }, work.Transaction) == 1;

    public static Task DeleteCaseTimelineAsync(UnitOfWork work, Guid rcaId, Guid caseId) =>
        work.Connection.ExecuteAsync(DeleteCaseTimelineSql, new { RcaId = rcaId, CaseId = caseId }, work.Transaction);

    public static async Task<IReadOnlyList<ActionRow>> ActionsAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyCollection<Guid> rcaIds) =>
        rcaIds.Count == 0 ? [] : (await connection.QueryAsync<ActionRow>(SelectActionsSql, new { RcaIds = DapperTypeHandlers.InList(rcaIds) }, transaction)).ToList();

    private const string SelectActionSql = "SELECT " + ActionColumns + " FROM rca_actions WHERE id = @Id";

    public static Task<ActionRow?> FindActionAsync(DbConnection connection, DbTransaction? transaction, Guid id) =>
        connection.QuerySingleOrDefaultAsync<ActionRow>(SelectActionSql, new { Id = id }, transaction);

    public static Task InsertActionAsync(UnitOfWork work, ActionRow row) =>
        work.Connection.ExecuteAsync(InsertActionSql, row, work.Transaction);

    /// <summary>Writes an action's fields; <paramref name="reArm"/> drops its overdue mark (a due time moved ahead).</summary>
    public static Task UpdateActionAsync(UnitOfWork work, ActionRow row, bool reArm) =>
        work.Connection.ExecuteAsync(UpdateActionSql, new
        {
            row.Id, row.Type, row.Description, row.OwnerParty, row.OwnerPersonId, row.DueAt, row.Status, row.CaseId, row.CompletedAt,
            ReArm = reArm ? 1 : 0,
        }, work.Transaction);

    /// <summary>A change the platform makes besides the change path: the version moves and an approval no longer holds.</summary>
    /// <summary>Only while the RCA is still at the version read and unpublished (SQL Server reads take no lock).</summary>
    private const string TouchSql = """
        UPDATE rcas SET version = version + 1, updated_at = @Now, approved_at = NULL
        WHERE id = @Id AND version = @Version AND state IN ('REQUIRED', 'IN_ANALYSIS', 'IN_REVIEW')
        """;

    /// <summary>False when the RCA changed since it was read at <paramref name="version"/>.</summary>
    public static async Task<bool> TouchAsync(UnitOfWork work, Guid id, long version, DateTimeOffset now) =>
        await work.Connection.ExecuteAsync(TouchSql, new { Id = id, Version = version, Now = now }, work.Transaction) == 1;

    private const string SelectVersionSql = "SELECT version FROM rcas WHERE id = @Id";

    /// <summary>The RCA's version now, for a caller told its copy is stale.</summary>
    public static Task<long> VersionAsync(UnitOfWork work, Guid id) =>
        work.Connection.ExecuteScalarAsync<long>(SelectVersionSql, new { Id = id }, work.Transaction);

    public static Task InsertHistoryAsync(UnitOfWork work, RcaHistoryRow row) =>
        work.Connection.ExecuteAsync(InsertHistorySql, row, work.Transaction);

    public static async Task<IReadOnlyList<RcaHistoryRow>> HistoryAsync(DbConnection connection, Guid rcaId, bool includeInternal) =>
        (await connection.QueryAsync<RcaHistoryRow>(SelectHistorySql, new { RcaId = rcaId, IncludeInternal = includeInternal ? 1 : 0 })).ToList();
}
