using Dapper;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.Identity.Domain;

namespace SupportPlatform.Identity.Data;

/// <summary>The default matrix (seeded once, then read-only) and the organisations' overrides.</summary>
public sealed class MatrixStore(Database database)
{
    private const string CountTasksSql = "SELECT COUNT(*) FROM rasci_tasks";
    private const string InsertTaskSql = "INSERT INTO rasci_tasks (task_id, position, scope, name) VALUES (@TaskId, @Position, @Scope, @Name)";
    private const string InsertCellSql = "INSERT INTO rasci_cells (task_id, party, letters) VALUES (@TaskId, @Party, @Letters)";
    private const string SelectTasksSql = "SELECT task_id AS TaskId, position AS Position, scope AS Scope, name AS Name FROM rasci_tasks ORDER BY position";
    private const string SelectCellsSql = "SELECT task_id AS TaskId, party AS Party, letters AS Letters FROM rasci_cells";

    private const string SelectOverridesSql = """
        SELECT organization_id AS OrganizationId, version AS Version, task_id AS TaskId, party AS Party,
               previous_letters AS PreviousLetters, letters AS Letters, changed_by AS ChangedBy,
               changed_at AS ChangedAt, reason AS Reason
        FROM rasci_overrides WHERE organization_id = @OrganizationId ORDER BY version
        """;

    private const string InsertOverrideSql = """
        INSERT INTO rasci_overrides (organization_id, version, task_id, party, previous_letters, letters, changed_by, changed_at, reason)
        VALUES (@OrganizationId, @Version, @TaskId, @Party, @PreviousLetters, @Letters, @ChangedBy, @ChangedAt, @Reason)
        """;

    private IReadOnlyList<RasciTask>? defaults;

    /// <summary>Writes the default matrix on first start; later starts keep what is stored.</summary>
    public async Task SeedAsync(IReadOnlyList<RasciTask> tasks)
    {
        await using var work = await database.BeginAsync();
        if (await work.Connection.ExecuteScalarAsync<long>(CountTasksSql, transaction: work.Transaction) > 0)
        {
            return;
        }
        foreach (var task in tasks)
        {
            await work.Connection.ExecuteAsync(InsertTaskSql, new { task.TaskId, task.Position, task.Scope, task.Name }, work.Transaction);
            foreach (var (party, letters) in task.Cells)
            {
                await work.Connection.ExecuteAsync(InsertCellSql, new { task.TaskId, Party = party, Letters = letters }, work.Transaction);
            }
        }
        await work.CommitAsync();
    }

    /// <summary>The default matrix as stored, in the agreement's order.</summary>
    public async Task<IReadOnlyList<RasciTask>> DefaultsAsync()
    {
        if (defaults is not null)
        {
            return defaults;
        }
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync<TaskRow>(SelectTasksSql);
        var cells = (await connection.QueryAsync<CellRow>(SelectCellsSql)).ToLookup(cell => cell.TaskId);
        return defaults = rows.Select(row => new RasciTask(row.TaskId, row.Scope, row.Name, row.Position,
            Parties.All.ToDictionary(party => party, party => cells[row.TaskId].FirstOrDefault(cell => cell.Party == party)?.Letters ?? ""))).ToList();
    }

    public async Task<IReadOnlyList<MatrixOverrideRecord>> OverridesAsync(Guid organizationId, UnitOfWork? work = null)
    {
        if (work is not null)
        {
            return (await work.Connection.QueryAsync<MatrixOverrideRecord>(SelectOverridesSql, new { OrganizationId = organizationId }, work.Transaction)).ToList();
        }
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<MatrixOverrideRecord>(SelectOverridesSql, new { OrganizationId = organizationId })).ToList();
    }

    public static Task AddOverrideAsync(UnitOfWork work, MatrixOverrideRecord record) =>
        work.Connection.ExecuteAsync(InsertOverrideSql, record, work.Transaction);

    private sealed class TaskRow
    {
        public string TaskId { get; set; } = "";
        public int Position { get; set; }
        public string Scope { get; set; } = "";
        public string Name { get; set; } = "";
    }

    private sealed class CellRow
    {
        public string TaskId { get; set; } = "";
        public string Party { get; set; } = "";
        public string Letters { get; set; } = "";
    }
}
