using System.Data.Common;
using Dapper;

namespace SupportPlatform.Escalation.Data;

/// <summary>The recorded escalations of cases.</summary>
public static class EscalationStore
{
    private const string SelectSql = """
        SELECT escalation_id AS EscalationId, case_id AS CaseId, organization_id AS OrganizationId, kind AS Kind,
               from_level AS FromLevel, to_level AS ToLevel, trigger_kind AS TriggerKind, actor_id AS ActorId,
               reason AS Reason, breached_target AS BreachedTarget, escalated_at AS EscalatedAt
        FROM case_escalations WHERE case_id = @CaseId ORDER BY escalated_at, escalation_id
        """;

    private const string InsertSql = """
        INSERT INTO case_escalations (escalation_id, case_id, organization_id, kind, from_level, to_level, trigger_kind,
                                      actor_id, reason, breached_target, escalated_at)
        VALUES (@EscalationId, @CaseId, @OrganizationId, @Kind, @FromLevel, @ToLevel, @TriggerKind,
                @ActorId, @Reason, @BreachedTarget, @EscalatedAt)
        """;

    public static async Task<IReadOnlyList<EscalationRow>> OfCaseAsync(DbConnection connection, DbTransaction? transaction, Guid caseId) =>
        [.. await connection.QueryAsync<EscalationRow>(SelectSql, new { CaseId = caseId }, transaction)];

    public static Task InsertAsync(DbConnection connection, DbTransaction transaction, EscalationRow row) =>
        connection.ExecuteAsync(InsertSql, row, transaction);
}
