using Dapper;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Escalation.Domain;

namespace SupportPlatform.Escalation.Data;

public static class SlaStore
{
    public const string SelectSql = """
        SELECT case_id AS CaseId, organization_id AS OrganizationId, support_plan AS [Plan], priority AS Priority,
               started_at AS StartedAt, response_target_seconds AS ResponseTargetSeconds,
               resolution_target_seconds AS ResolutionTargetSeconds, response_due_at AS ResponseDueAt,
               resolution_due_at AS ResolutionDueAt, responded_at AS RespondedAt, resolved_at AS ResolvedAt,
               closed_at AS ClosedAt, case_version AS CaseVersion
        FROM case_slas WHERE case_id = @CaseId
        """;

    public const string InsertSql = """
        INSERT INTO case_slas (case_id, organization_id, support_plan, priority, started_at, response_target_seconds,
                               resolution_target_seconds, response_due_at, resolution_due_at, responded_at,
                               resolved_at, closed_at, case_version)
        VALUES (@CaseId, @OrganizationId, @Plan, @Priority, @StartedAt, @ResponseTargetSeconds,
                @ResolutionTargetSeconds, @ResponseDueAt, @ResolutionDueAt, @RespondedAt, @ResolvedAt, @ClosedAt, @CaseVersion)
        """;

    /// <summary>Newer snapshots win; an older one arriving late changes nothing.</summary>
    public const string UpdateSql = """
        UPDATE case_slas SET responded_at = @RespondedAt, resolved_at = @ResolvedAt, closed_at = @ClosedAt,
                             case_version = @CaseVersion, priority = @Priority,
                             response_target_seconds = @ResponseTargetSeconds, resolution_target_seconds = @ResolutionTargetSeconds,
                             response_due_at = @ResponseDueAt, resolution_due_at = @ResolutionDueAt
        WHERE case_id = @CaseId AND case_version < @CaseVersion
        """;

    public static async Task<CaseSlaRecord?> FindAsync(Database database, Guid caseId)
    {
        await using var connection = await database.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<CaseSlaRecord>(SelectSql, new { CaseId = caseId });
    }

    /// <summary>Starts the clock on the first event of a case and records what later ones reached.</summary>
    public static async Task ApplyAsync(UnitOfWork work, CaseSnapshot snapshot)
    {
        var existing = await work.Connection.QuerySingleOrDefaultAsync<CaseSlaRecord>(SelectSql, new { snapshot.CaseId }, work.Transaction);
        if (existing is null)
        {
            var targets = SlaPolicy.For(snapshot.Plan, snapshot.Priority);
            await work.Connection.ExecuteAsync(InsertSql, new CaseSlaRecord
            {
                CaseId = snapshot.CaseId,
                OrganizationId = snapshot.OrganizationId,
                Plan = snapshot.Plan,
                Priority = snapshot.Priority,
                StartedAt = snapshot.CreatedAt,
                ResponseTargetSeconds = (long)targets.Response.TotalSeconds,
                ResolutionTargetSeconds = (long)targets.Resolution.TotalSeconds,
                ResponseDueAt = snapshot.CreatedAt + targets.Response,
                ResolutionDueAt = snapshot.CreatedAt + targets.Resolution,
                RespondedAt = snapshot.AcknowledgedAt,
                ResolvedAt = snapshot.ResolvedAt,
                ClosedAt = snapshot.ClosedAt,
                CaseVersion = snapshot.Version,
            }, work.Transaction);
            return;
        }
        // A changed priority brings that priority's targets, counted from the submission.
        var current = SlaPolicy.For(existing.Plan, snapshot.Priority);
        await work.Connection.ExecuteAsync(UpdateSql, new
        {
            snapshot.CaseId,
            RespondedAt = snapshot.AcknowledgedAt,
            snapshot.ResolvedAt,
            snapshot.ClosedAt,
            CaseVersion = snapshot.Version,
            snapshot.Priority,
            ResponseTargetSeconds = (long)current.Response.TotalSeconds,
            ResolutionTargetSeconds = (long)current.Resolution.TotalSeconds,
            ResponseDueAt = existing.StartedAt + current.Response,
            ResolutionDueAt = existing.StartedAt + current.Resolution,
        }, work.Transaction);
    }
}
