using Dapper;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.Identity.Domain;

namespace SupportPlatform.Identity.Data;

/// <summary>Reads and writes organisations, people and service accounts.</summary>
public sealed class IdentityStore(Database database)
{
    public const string OrganizationColumns = """
        id AS Id, name AS Name, kind AS Kind, support_plan AS [Plan], deployment AS Deployment, time_zone AS TimeZone,
        product_version AS ProductVersion, created_at AS CreatedAt, valid_from AS ValidFrom, valid_until AS ValidUntil,
        calendar AS Calendar, contract_version AS ContractVersion, authorized_submitters AS AuthorizedSubmitters
        """;

    public const string PersonColumns = """
        id AS Id, organization_id AS OrganizationId, display_name AS DisplayName, email AS Email, phone AS Phone,
        roles AS Roles, password_hash AS PasswordHash, active AS Active, training_expires_at AS TrainingExpiresAt,
        created_at AS CreatedAt, deactivated_at AS DeactivatedAt, deactivation_reason AS DeactivationReason
        """;

    private const string SelectOrganizationSql = "SELECT " + OrganizationColumns + " FROM organizations WHERE id = @Id";
    private const string SelectOrganizationByNameSql = "SELECT " + OrganizationColumns + " FROM organizations WHERE name = @Name";
    private const string SelectVendorSql = "SELECT " + OrganizationColumns + " FROM organizations WHERE kind = 'VENDOR'";

    private const string InsertOrganizationSql = """
        INSERT INTO organizations (id, name, kind, support_plan, deployment, time_zone, product_version, created_at,
                                   valid_from, valid_until, calendar, contract_version)
        VALUES (@Id, @Name, @Kind, @Plan, @Deployment, @TimeZone, @ProductVersion, @CreatedAt,
                @ValidFrom, @ValidUntil, @Calendar, @ContractVersion)
        """;

    private const string SelectPersonSql = "SELECT " + PersonColumns + " FROM people WHERE id = @Id";
    private const string SelectActivePeopleSql = "SELECT " + PersonColumns + " FROM people WHERE organization_id = @OrganizationId AND active = 1 ORDER BY display_name";

    private const string SelectPersonByEmailSql = "SELECT " + PersonColumns + " FROM people WHERE email = @Email";

    private const string InsertPersonSql = """
        INSERT INTO people (id, organization_id, display_name, email, phone, roles, password_hash, active, training_expires_at, created_at)
        VALUES (@Id, @OrganizationId, @DisplayName, @Email, @Phone, @Roles, @PasswordHash, @Active, @TrainingExpiresAt, @CreatedAt)
        """;

    private const string SelectServiceAccountSql = """
        SELECT id AS Id, client_id AS ClientId, organization_id AS OrganizationId, display_name AS DisplayName,
               secret_hash AS SecretHash, roles AS Roles, active AS Active, created_at AS CreatedAt
        FROM service_accounts WHERE client_id = @ClientId
        """;

    private const string InsertServiceAccountSql = """
        INSERT INTO service_accounts (id, client_id, organization_id, display_name, secret_hash, roles, active, created_at)
        VALUES (@Id, @ClientId, @OrganizationId, @DisplayName, @SecretHash, @Roles, @Active, @CreatedAt)
        """;

    private const string UpdateServiceAccountSecretSql = "UPDATE service_accounts SET secret_hash = @SecretHash, roles = @Roles, active = @Active WHERE client_id = @ClientId";

    public async Task<OrganizationRecord?> FindOrganizationAsync(Guid id)
    {
        await using var connection = await database.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<OrganizationRecord>(SelectOrganizationSql, new { Id = id });
    }

    public async Task<OrganizationRecord?> FindVendorAsync()
    {
        await using var connection = await database.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<OrganizationRecord>(SelectVendorSql);
    }

    /// <summary>Inserts the organisation in the caller's transaction; false when the name is taken.</summary>
    public static async Task<bool> TryAddOrganizationAsync(UnitOfWork work, OrganizationRecord organization)
    {
        var existing = await work.Connection.QuerySingleOrDefaultAsync<OrganizationRecord>(
            SelectOrganizationByNameSql, new { organization.Name }, work.Transaction);
        if (existing is not null)
        {
            return false;
        }
        await work.Connection.ExecuteAsync(InsertOrganizationSql, organization, work.Transaction);
        return true;
    }

    public async Task<PersonRecord?> FindPersonAsync(Guid id)
    {
        await using var connection = await database.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<PersonRecord>(SelectPersonSql, new { Id = id });
    }

    /// <summary>The active people of an organisation.</summary>
    public async Task<IReadOnlyList<PersonRecord>> ActivePeopleAsync(Guid organizationId)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<PersonRecord>(SelectActivePeopleSql, new { OrganizationId = organizationId })).ToList();
    }

    public async Task<PersonRecord?> FindPersonByEmailAsync(string email)
    {
        await using var connection = await database.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<PersonRecord>(SelectPersonByEmailSql, new { Email = email });
    }

    /// <summary>Inserts the person in the caller's transaction; false when the e-mail address is taken.</summary>
    public static async Task<bool> TryAddPersonAsync(UnitOfWork work, PersonRecord person)
    {
        var existing = await work.Connection.QuerySingleOrDefaultAsync<PersonRecord>(
            SelectPersonByEmailSql, new { person.Email }, work.Transaction);
        if (existing is not null)
        {
            return false;
        }
        await work.Connection.ExecuteAsync(InsertPersonSql, person, work.Transaction);
        return true;
    }

    public async Task<ServiceAccountRecord?> FindServiceAccountAsync(string clientId)
    {
        await using var connection = await database.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<ServiceAccountRecord>(SelectServiceAccountSql, new { ClientId = clientId });
    }

    public async Task AddServiceAccountAsync(ServiceAccountRecord account)
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync(InsertServiceAccountSql, account);
    }

    /// <summary>Creates or updates a service account with a known secret (the bootstrap account).</summary>
    public async Task UpsertServiceAccountAsync(ServiceAccountRecord account)
    {
        await using var work = await database.BeginAsync();
        var updated = await work.Connection.ExecuteAsync(UpdateServiceAccountSecretSql, account, work.Transaction);
        if (updated == 0)
        {
            await work.Connection.ExecuteAsync(InsertServiceAccountSql, account, work.Transaction);
        }
        await work.CommitAsync();
    }

    /// <summary>Inserts the vendor organisation unless one exists; returns the vendor.</summary>
    public async Task<OrganizationRecord> EnsureVendorAsync(OrganizationRecord vendor)
    {
        await using var work = await database.BeginAsync();
        var existing = await work.Connection.QuerySingleOrDefaultAsync<OrganizationRecord>(SelectVendorSql, transaction: work.Transaction);
        if (existing is not null)
        {
            return existing;
        }
        await work.Connection.ExecuteAsync(InsertOrganizationSql, vendor, work.Transaction);
        await work.CommitAsync();
        return vendor;
    }
}
