using Dapper;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.Cases.Domain;

namespace SupportPlatform.Cases.Data;

/// <summary>The SQL of the case service.</summary>
public static class CaseSql
{
    public const string Columns = """
        id AS Id, organization_id AS OrganizationId, submitter_id AS SubmitterId, request_id AS RequestId,
        status AS Status, version AS Version, support_plan AS [Plan], title AS Title, type AS Type, priority AS Priority,
        details AS Details, details_pb AS DetailsBytes, created_at AS CreatedAt, updated_at AS UpdatedAt, acknowledged_at AS AcknowledgedAt,
        resolved_at AS ResolvedAt, closed_at AS ClosedAt, resolution_summary AS ResolutionSummary, cause AS Cause,
        submitted_via AS SubmittedVia, assignee_id AS AssigneeId, tier AS Tier, version_supported AS VersionSupported,
        eos_policy_version AS EosPolicyVersion, eos_ends_on AS EosEndsOn, eos_action AS EosAction, return_reason AS ReturnReason,
        request_hash AS RequestHash, third_party AS ThirdParty, third_party_since AS ThirdPartySince,
        escalation_functional_level AS EscalationFunctionalLevel, escalated_to_manager AS EscalatedToManager,
        escalation_count AS EscalationCount, last_escalated_at AS LastEscalatedAt, revision AS Revision
        """;

    public const string SelectByIdSql = "SELECT " + Columns + " FROM cases WHERE id = @Id";

    /// <summary>
    /// The case's revision alone (null: no such case): whether a case kept in memory is still the
    /// row (<see cref="Application.CaseReadCache"/>). Every UPDATE of <c>cases</c> adds one to it.
    /// </summary>
    public const string SelectRevisionSql = "SELECT revision FROM cases WHERE id = @Id";

    /// <summary>
    /// A case as the writers read it in their transaction: the row, and whether a system-access
    /// request of it waits for the customer's decision (part of whose move it is).
    /// </summary>
    public const string SelectForChangeSql = "SELECT " + Columns + """
        , CASE WHEN EXISTS (SELECT 1 FROM access_grants g WHERE g.case_id = cases.id AND g.state = 'REQUESTED') THEN 1 ELSE 0 END AS AccessRequestPending
         FROM cases WHERE id = @Id
        """;

    public const string SelectByRequestSql = "SELECT " + Columns + " FROM cases WHERE submitter_id = @SubmitterId AND request_id = @RequestId";

    public const string InsertSql = """
        INSERT INTO cases (id, organization_id, submitter_id, request_id, status, version, support_plan, title, type, priority,
                           details, details_pb, created_at, updated_at, submitted_via, version_supported, eos_policy_version,
                           eos_ends_on, eos_action, request_hash)
        VALUES (@Id, @OrganizationId, @SubmitterId, @RequestId, @Status, @Version, @Plan, @Title, @Type, @Priority,
                @Details, @DetailsBytes, @CreatedAt, @UpdatedAt, @SubmittedVia, @VersionSupported, @EosPolicyVersion, @EosEndsOn, @EosAction,
                @RequestHash)
        """;

    /// <summary>Optimistic: changes the row only when it is still at @ExpectedVersion.</summary>
    public const string UpdateSql = """
        UPDATE cases SET status = @Status, version = @Version, updated_at = @UpdatedAt, acknowledged_at = @AcknowledgedAt,
                         resolved_at = @ResolvedAt, closed_at = @ClosedAt, resolution_summary = @ResolutionSummary, cause = @Cause,
                         priority = @Priority, title = @Title, type = @Type, details = @Details, details_pb = @DetailsBytes, assignee_id = @AssigneeId,
                         tier = @Tier, version_supported = @VersionSupported, eos_policy_version = @EosPolicyVersion,
                         eos_ends_on = @EosEndsOn, eos_action = @EosAction, return_reason = @ReturnReason,
                         third_party = @ThirdParty, third_party_since = @ThirdPartySince, revision = revision + 1
        WHERE id = @Id AND version = @ExpectedVersion
        """;

    /// <summary>The escalation level as the escalation service reports it; the case's version stays (it is not the case's change).</summary>
    public const string UpdateEscalationSql = """
        UPDATE cases SET escalation_functional_level = @EscalationFunctionalLevel, escalated_to_manager = @EscalatedToManager,
                         escalation_count = @EscalationCount, last_escalated_at = @LastEscalatedAt, updated_at = @UpdatedAt,
                         revision = revision + 1
        WHERE id = @Id
        """;

    public const string InsertHistorySql = """
        INSERT INTO case_history (case_id, organization_id, occurred_at, actor_id, actor_party, action, field, old_value,
                                  new_value, internal, case_version)
        VALUES (@CaseId, @OrganizationId, @OccurredAt, @ActorId, @ActorParty, @Action, @Field, @OldValue, @NewValue,
                @Internal, @CaseVersion)
        """;

    private const string HistoryColumns = """
        seq AS Seq, case_id AS CaseId, organization_id AS OrganizationId, occurred_at AS OccurredAt, actor_id AS ActorId,
        actor_party AS ActorParty, action AS Action, field AS Field, old_value AS OldValue, new_value AS NewValue,
        internal AS Internal, case_version AS CaseVersion
        """;

    /// <summary>A case's history, oldest first; @IncludeInternal 1 or 0.</summary>
    public const string SelectHistorySql = "SELECT " + HistoryColumns + """
         FROM case_history WHERE case_id = @CaseId AND (@IncludeInternal = 1 OR internal = 0) ORDER BY seq
        """;

    /// <summary>An organisation's changes after @After, in order (the change feed of WatchCases).</summary>
    public const string ListChangesSql = "SELECT " + HistoryColumns + """
         FROM case_history
        WHERE seq > @After AND (@OrganizationId IS NULL OR organization_id = @OrganizationId)
          AND (@IncludeInternal = 1 OR internal = 0)
        ORDER BY seq
        """;

    public const string MaxSeqSql = "SELECT COALESCE(MAX(seq), 0) FROM case_history";

    /// <summary>
    /// Cases newest first by submission, keyset-paged on (created_at, id) — both immutable, so
    /// rows inserted between pages land before the first page, never inside the walk.
    /// </summary>
    public const string ListCasesSql = "SELECT " + Columns + """
         FROM cases
        WHERE (@OrganizationId IS NULL OR organization_id = @OrganizationId)
          AND (@AssigneeId IS NULL OR assignee_id = @AssigneeId)
          AND (@UpdatedSince IS NULL OR updated_at >= @UpdatedSince)
          AND (@AnyStatus = 1 OR status IN @Statuses)
          AND (@AnyPriority = 1 OR priority IN @Priorities)
          AND (@AnyType = 1 OR type IN @Types)
          AND (@AnyTier = 1 OR tier IN @Tiers)
          AND (@SubmitterId IS NULL OR submitter_id = @SubmitterId)
          AND (@Unassigned = 0 OR assignee_id IS NULL)
          AND (@TitlePattern IS NULL OR LOWER(title) LIKE @TitlePattern ESCAPE '\')
          AND (@AfterCreatedAt IS NULL OR created_at < @AfterCreatedAt OR (created_at = @AfterCreatedAt AND id < @AfterId))
        ORDER BY created_at DESC, id DESC
        """;

    /// <summary>Resolved cases without a change since @QuietSince.</summary>
    public const string SelectQuietResolvedSql = "SELECT " + Columns + " FROM cases WHERE status = 'RESOLVED' AND updated_at < @QuietSince";

    /// <summary>The case in the unit of work, with <see cref="CaseRecord.AccessRequestPending"/> as its writes left it.</summary>
    public static async Task<CaseRecord?> FindAsync(UnitOfWork work, Guid id) =>
        await work.Connection.QuerySingleOrDefaultAsync<CaseRecord>(SelectForChangeSql, new { Id = id }, work.Transaction);
}
