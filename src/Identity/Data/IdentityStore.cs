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

    private const string SelectSignInFailuresSql = """
        SELECT failure_count AS FailureCount, first_failed_at AS FirstFailedAt, last_failed_at AS LastFailedAt, locked_until AS LockedUntil
        FROM sign_in_failures WHERE username_hash = @UsernameHash
        """;

    // A no-op write first: on SQL Server it takes the row's write lock, so concurrent failures of
    // one user name are counted one after the other (SQLite's BEGIN IMMEDIATE already serialises).
    private const string LockSignInFailuresSql = "UPDATE sign_in_failures SET failure_count = failure_count WHERE username_hash = @UsernameHash";

    private const string UpdateSignInFailuresSql = """
        UPDATE sign_in_failures
        SET failure_count = @FailureCount, first_failed_at = @FirstFailedAt, last_failed_at = @LastFailedAt, locked_until = @LockedUntil
        WHERE username_hash = @UsernameHash
        """;

    private const string InsertSignInFailuresSql = """
        INSERT INTO sign_in_failures (username_hash, failure_count, first_failed_at, last_failed_at, locked_until)
        VALUES (@UsernameHash, @FailureCount, @FirstFailedAt, @LastFailedAt, @LockedUntil)
        """;

    private const string DeleteSignInFailuresSql = "DELETE FROM sign_in_failures WHERE username_hash = @UsernameHash";

    // Rows that can no longer count or lock: keeps the table small when unknown names are sprayed.
    private const string PruneSignInFailuresSql = """
        DELETE FROM sign_in_failures
        WHERE last_failed_at < @StaleBefore AND (locked_until IS NULL OR locked_until < @Now)
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
        await using var work = await database.BeginAsync();
        await work.Connection.ExecuteAsync(InsertServiceAccountSql, account, work.Transaction);
        await work.CommitAsync();
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

    public async Task<SignInFailures?> FindSignInFailuresAsync(string usernameHash)
    {
        await using var connection = await database.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<SignInFailuresRow>(SelectSignInFailuresSql, new { UsernameHash = usernameHash }) is { } row
            ? row.ToRecord()
            : null;
    }

    /// <summary>
    /// Records one failed sign-in: <paramref name="next"/> computes the new record from the stored
    /// one inside the write transaction. Also deletes records that no longer count
    /// (<paramref name="staleBefore"/>). Returns the stored record.
    /// </summary>
    public async Task<SignInFailures> RecordSignInFailureAsync(string usernameHash, Func<SignInFailures?, SignInFailures> next, DateTimeOffset staleBefore)
    {
        try
        {
            return await TryRecordSignInFailureAsync(usernameHash, next, staleBefore);
        }
        catch (System.Data.Common.DbException) when (database.Provider == DatabaseProvider.SqlServer)
        {
            // The first failures of a user name arriving together: both inserted, the primary key
            // refused the second. The row exists now, so the retry updates it.
            return await TryRecordSignInFailureAsync(usernameHash, next, staleBefore);
        }
    }

    private async Task<SignInFailures> TryRecordSignInFailureAsync(string usernameHash, Func<SignInFailures?, SignInFailures> next, DateTimeOffset staleBefore)
    {
        await using var work = await database.BeginAsync();
        var key = new { UsernameHash = usernameHash };
        var exists = await work.Connection.ExecuteAsync(LockSignInFailuresSql, key, work.Transaction) > 0;
        var current = exists
            ? (await work.Connection.QuerySingleAsync<SignInFailuresRow>(SelectSignInFailuresSql, key, work.Transaction)).ToRecord()
            : null;
        var updated = next(current);
        var row = new
        {
            UsernameHash = usernameHash,
            updated.FailureCount,
            updated.FirstFailedAt,
            updated.LastFailedAt,
            updated.LockedUntil,
        };
        await work.Connection.ExecuteAsync(exists ? UpdateSignInFailuresSql : InsertSignInFailuresSql, row, work.Transaction);
        await work.Connection.ExecuteAsync(PruneSignInFailuresSql, new { StaleBefore = staleBefore, Now = updated.LastFailedAt }, work.Transaction);
        await work.CommitAsync();
        return updated;
    }

    /// <summary>Forgets the failed sign-ins of a user name (after a successful sign-in).</summary>
    public async Task ClearSignInFailuresAsync(string usernameHash)
    {
        await using var work = await database.BeginAsync();
        await work.Connection.ExecuteAsync(DeleteSignInFailuresSql, new { UsernameHash = usernameHash }, work.Transaction);
        await work.CommitAsync();
    }

    private sealed class SignInFailuresRow
    {
        public int FailureCount { get; set; }
        public DateTimeOffset FirstFailedAt { get; set; }
        public DateTimeOffset LastFailedAt { get; set; }
        public DateTimeOffset? LockedUntil { get; set; }

        public SignInFailures ToRecord() => new(FailureCount, FirstFailedAt, LastFailedAt, LockedUntil);
    }
}
