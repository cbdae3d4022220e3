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
        details AS Details, created_at AS CreatedAt, updated_at AS UpdatedAt, acknowledged_at AS AcknowledgedAt,
        resolved_at AS ResolvedAt, closed_at AS ClosedAt, resolution_summary AS ResolutionSummary, cause AS Cause,
        submitted_via AS SubmittedVia
        """;

    public const string SelectByIdSql = "SELECT " + Columns + " FROM cases WHERE id = @Id";

    public const string SelectByRequestSql = "SELECT " + Columns + " FROM cases WHERE submitter_id = @SubmitterId AND request_id = @RequestId";

    public const string InsertSql = """
        INSERT INTO cases (id, organization_id, submitter_id, request_id, status, version, support_plan, title, type, priority,
                           details, created_at, updated_at, submitted_via)
        VALUES (@Id, @OrganizationId, @SubmitterId, @RequestId, @Status, @Version, @Plan, @Title, @Type, @Priority,
                @Details, @CreatedAt, @UpdatedAt, @SubmittedVia)
        """;

    /// <summary>Optimistic: changes the row only when it is still at @ExpectedVersion.</summary>
    public const string UpdateSql = """
        UPDATE cases SET status = @Status, version = @Version, updated_at = @UpdatedAt, acknowledged_at = @AcknowledgedAt,
                         resolved_at = @ResolvedAt, closed_at = @ClosedAt, resolution_summary = @ResolutionSummary, cause = @Cause
        WHERE id = @Id AND version = @ExpectedVersion
        """;

    public static async Task<CaseRecord?> FindAsync(UnitOfWork work, Guid id) =>
        await work.Connection.QuerySingleOrDefaultAsync<CaseRecord>(SelectByIdSql, new { Id = id }, work.Transaction);
}
