using Dapper;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Notification.Domain;

namespace SupportPlatform.Notification.Data;

/// <summary>The cases as their events describe them (<c>known_cases</c>): the snapshot with the highest version wins.</summary>
public static class KnownCaseStore
{
    private const string UpdateSql = """
        UPDATE known_cases SET assignee_id = @AssigneeId, title = @Title, priority = @Priority, version = @Version
        WHERE case_id = @CaseId AND version < @Version
        """;

    private const string InsertSql = """
        INSERT INTO known_cases (case_id, organization_id, submitter_id, assignee_id, title, priority, version)
        SELECT @CaseId, @OrganizationId, @SubmitterId, @AssigneeId, @Title, @Priority, @Version
        WHERE NOT EXISTS (SELECT 1 FROM known_cases WHERE case_id = @CaseId)
        """;

    private const string SelectSql = """
        SELECT case_id AS CaseId, organization_id AS OrganizationId, submitter_id AS SubmitterId, assignee_id AS AssigneeId, title AS Title, priority AS Priority
        FROM known_cases WHERE case_id = @CaseId
        """;

    public static async Task SaveAsync(UnitOfWork work, CaseSnapshot snapshot)
    {
        var row = new
        {
            snapshot.CaseId, snapshot.OrganizationId, snapshot.SubmitterId, snapshot.AssigneeId, snapshot.Title, snapshot.Priority, snapshot.Version,
        };
        await work.Connection.ExecuteAsync(UpdateSql, row, work.Transaction);
        await work.Connection.ExecuteAsync(InsertSql, row, work.Transaction);
    }

    /// <summary>The case, or null when none of its events has arrived yet.</summary>
    public static async Task<KnownCase?> FindAsync(UnitOfWork work, Guid caseId)
    {
        var row = await work.Connection.QuerySingleOrDefaultAsync<Row>(SelectSql, new { CaseId = caseId }, work.Transaction);
        return row is null ? null : new KnownCase(row.CaseId, row.OrganizationId, row.SubmitterId, row.AssigneeId, row.Title, row.Priority);
    }

    private sealed class Row
    {
        public Guid CaseId { get; set; }
        public Guid OrganizationId { get; set; }
        public Guid SubmitterId { get; set; }
        public Guid? AssigneeId { get; set; }
        public string Title { get; set; } = "";
        public string Priority { get; set; } = "";
    }
}
