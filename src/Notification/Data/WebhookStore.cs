using Dapper;
using SupportPlatform.BuildingBlocks.Data;

namespace SupportPlatform.Notification.Data;

/// <summary>The organisations' webhook endpoints.</summary>
public sealed class WebhookStore(Database database)
{
    public const string Active = "ACTIVE";
    public const string Disabled = "DISABLED";

    private const string Columns = """
        id AS Id, organization_id AS OrganizationId, url AS Url, event_types AS EventTypes, description AS Description, secret AS Secret,
        previous_secret AS PreviousSecret, previous_secret_expires_at AS PreviousSecretExpiresAt, state AS State, disabled_reason AS DisabledReason,
        created_by AS CreatedBy, created_at AS CreatedAt
        """;

    public const string InsertSql = """
        INSERT INTO webhook_endpoints (id, organization_id, url, event_types, description, secret, state, created_by, created_at)
        VALUES (@Id, @OrganizationId, @Url, @EventTypes, @Description, @Secret, 'ACTIVE', @CreatedBy, @CreatedAt)
        """;

    public const string SelectSql = "SELECT " + Columns + " FROM webhook_endpoints WHERE id = @Id";

    public const string OfOrganizationSql = "SELECT " + Columns + " FROM webhook_endpoints WHERE organization_id = @OrganizationId ORDER BY created_at";

    public const string ActiveOfOrganizationSql = "SELECT " + Columns + " FROM webhook_endpoints WHERE organization_id = @OrganizationId AND state = 'ACTIVE'";

    public const string RotateSql = """
        UPDATE webhook_endpoints SET previous_secret = secret, previous_secret_expires_at = @Until, secret = @Secret, state = 'ACTIVE', disabled_reason = NULL
        WHERE id = @Id
        """;

    public const string DisableSql = "UPDATE webhook_endpoints SET state = 'DISABLED', disabled_reason = @Reason WHERE id = @Id";

    public const string DeleteSql = "DELETE FROM webhook_endpoints WHERE id = @Id";

    public async Task AddAsync(WebhookEndpointRow endpoint, CancellationToken cancellationToken)
    {
        await using var work = await database.BeginAsync(cancellationToken);
        await work.Connection.ExecuteAsync(InsertSql, endpoint, work.Transaction);
        await work.CommitAsync(cancellationToken);
    }

    public async Task<WebhookEndpointRow?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<WebhookEndpointRow>(SelectSql, new { Id = id });
    }

    public async Task<IReadOnlyList<WebhookEndpointRow>> OfOrganizationAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return [.. await connection.QueryAsync<WebhookEndpointRow>(OfOrganizationSql, new { OrganizationId = organizationId })];
    }

    /// <summary>The organisation's active endpoints, read in a consumer's transaction.</summary>
    public static async Task<IReadOnlyList<WebhookEndpointRow>> ActiveAsync(UnitOfWork work, Guid organizationId) =>
        [.. await work.Connection.QueryAsync<WebhookEndpointRow>(ActiveOfOrganizationSql, new { OrganizationId = organizationId }, work.Transaction)];

    public Task RotateAsync(Guid id, string secret, DateTimeOffset previousUntil, CancellationToken cancellationToken) =>
        ExecuteAsync(RotateSql, new { Id = id, Secret = secret, Until = previousUntil }, cancellationToken);

    public Task DisableAsync(Guid id, string reason, CancellationToken cancellationToken) =>
        ExecuteAsync(DisableSql, new { Id = id, Reason = reason }, cancellationToken);

    public Task DeleteAsync(Guid id, CancellationToken cancellationToken) => ExecuteAsync(DeleteSql, new { Id = id }, cancellationToken);

    private async Task ExecuteAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var work = await database.BeginAsync(cancellationToken);
        await work.Connection.ExecuteAsync(sql, parameters, work.Transaction);
        await work.CommitAsync(cancellationToken);
    }
}
