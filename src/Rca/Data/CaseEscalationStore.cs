using System.Data.Common;
using Dapper;
using SupportPlatform.BuildingBlocks.Data;

namespace SupportPlatform.Rca.Data;

/// <summary>Escalations of cases, kept for the timelines of the RCAs that cover them.</summary>
public static class CaseEscalationStore
{
    private const string Columns = """
        escalation_id AS EscalationId, case_id AS CaseId, organization_id AS OrganizationId, kind AS Kind, from_level AS FromLevel,
        to_level AS ToLevel, trigger_kind AS TriggerKind, breached_target AS BreachedTarget, occurred_at AS OccurredAt
        """;

    private const string InsertSql = """
        INSERT INTO case_escalations (escalation_id, case_id, organization_id, kind, from_level, to_level, trigger_kind, breached_target, occurred_at)
        SELECT @EscalationId, @CaseId, @OrganizationId, @Kind, @FromLevel, @ToLevel, @TriggerKind, @BreachedTarget, @OccurredAt
        WHERE NOT EXISTS (SELECT 1 FROM case_escalations WHERE escalation_id = @EscalationId)
        """;

    private const string SelectOfCaseSql = "SELECT " + Columns + " FROM case_escalations WHERE case_id = @CaseId ORDER BY occurred_at";

    /// <summary>Escalations before the cutoff of cases no RCA covers: their timelines will never be needed.</summary>
    private const string DeleteUnneededSql = """
        DELETE FROM case_escalations
        WHERE occurred_at < @Cutoff AND NOT EXISTS (SELECT 1 FROM rca_cases WHERE rca_cases.case_id = case_escalations.case_id)
        """;

    public static Task InsertAsync(UnitOfWork work, CaseEscalationRow row) =>
        work.Connection.ExecuteAsync(InsertSql, row, work.Transaction);

    public static async Task<IReadOnlyList<CaseEscalationRow>> OfCaseAsync(DbConnection connection, DbTransaction? transaction, Guid caseId) =>
        (await connection.QueryAsync<CaseEscalationRow>(SelectOfCaseSql, new { CaseId = caseId }, transaction)).ToList();

    public static Task<int> DeleteUnneededAsync(UnitOfWork work, DateTimeOffset cutoff) =>
        work.Connection.ExecuteAsync(DeleteUnneededSql, new { Cutoff = cutoff }, work.Transaction);
}
