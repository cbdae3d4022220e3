using Dapper;
using SupportPlatform.BuildingBlocks.Data;

namespace SupportPlatform.Rca.Data;

public sealed class RcaStore(Database database)
{
    private const string Columns = """
        seq AS Seq, id AS Id, organization_id AS OrganizationId, case_id AS CaseId, state AS State,
        owner_party AS OwnerParty, cause AS Cause, created_at AS CreatedAt, due_at AS DueAt
        """;

    public const string SelectByIdSql = "SELECT " + Columns + " FROM rcas WHERE id = @Id";

    public const string SelectByCaseSql = "SELECT " + Columns + " FROM rcas WHERE case_id = @CaseId";

    public const string InsertSql = """
        INSERT INTO rcas (id, organization_id, case_id, state, owner_party, cause, created_at, due_at)
        VALUES (@Id, @OrganizationId, @CaseId, @State, @OwnerParty, @Cause, @CreatedAt, @DueAt)
        """;

    /// <summary>Newest first, keyset-paged on seq; @OrganizationId and @CaseId filter when not null.</summary>
    public const string ListSql = "SELECT " + Columns + """
         FROM rcas
        WHERE seq < @Before
          AND (@OrganizationId IS NULL OR organization_id = @OrganizationId)
          AND (@CaseId IS NULL OR case_id = @CaseId)
        ORDER BY seq DESC
        """;

    public async Task<RcaRecord?> FindAsync(Guid id)
    {
        await using var connection = await database.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<RcaRecord>(SelectByIdSql, new { Id = id });
    }

    public async Task<IReadOnlyList<RcaRecord>> ListAsync(Guid? organizationId, Guid? caseId, long before, int limit)
    {
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync<RcaRecord>(database.Dialect.Limit(ListSql),
            new { Before = before, OrganizationId = organizationId, CaseId = caseId, Limit = limit });
        return rows.ToList();
    }
}
