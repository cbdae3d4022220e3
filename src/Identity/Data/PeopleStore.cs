using Dapper;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.Identity.Domain;

namespace SupportPlatform.Identity.Data;

/// <summary>People, trainings and contracts changed inside the caller's unit of work.</summary>
public static class PeopleStore
{
    private const string SelectOrganizationSql = "SELECT " + IdentityStore.OrganizationColumns + " FROM organizations WHERE id = @Id";
    private const string SelectPersonSql = "SELECT " + IdentityStore.PersonColumns + " FROM people WHERE id = @Id";
    private const string SelectPersonByEmailSql = "SELECT " + IdentityStore.PersonColumns + " FROM people WHERE email = @Email";
    private const string SelectPeopleSql = "SELECT " + IdentityStore.PersonColumns + " FROM people WHERE organization_id = @OrganizationId";
    private const string SelectCustomerIdsSql = "SELECT id FROM organizations WHERE kind = 'CUSTOMER'";

    /// <summary>One page, ascending on e-mail (unique) after @After; @IncludeInactive 1 or 0.</summary>
    public const string ListPeopleSql = "SELECT " + IdentityStore.PersonColumns + """
         FROM people
        WHERE organization_id = @OrganizationId AND email > @After AND (@IncludeInactive = 1 OR active = 1)
        ORDER BY email
        """;

    private const string UpdateContactSql = "UPDATE people SET email = @Email, phone = @Phone WHERE id = @Id";
    private const string UpdateRolesSql = "UPDATE people SET roles = @Roles WHERE id = @Id";
    private const string SetPasswordSql = "UPDATE people SET password_hash = @PasswordHash WHERE id = @Id";
    private const string DeactivateSql = "UPDATE people SET active = 0, deactivated_at = @At, deactivation_reason = @Reason WHERE id = @Id";
    private const string UpdateTrainingExpirySql = "UPDATE people SET training_expires_at = @ExpiresAt WHERE id = @Id";

    private const string InsertTrainingSql = """
        INSERT INTO training_records (id, person_id, course, completed_at, expires_at, recorded_by, recorded_at)
        VALUES (@Id, @PersonId, @Course, @CompletedAt, @ExpiresAt, @RecordedBy, @RecordedAt)
        """;

    private const string SelectTrainingsSql = """
        SELECT id AS Id, person_id AS PersonId, course AS Course, completed_at AS CompletedAt, expires_at AS ExpiresAt,
               recorded_by AS RecordedBy, recorded_at AS RecordedAt
        FROM training_records WHERE person_id = @PersonId ORDER BY completed_at DESC
        """;

    private const string UpdateContractSql = """
        UPDATE organizations SET support_plan = @Plan, deployment = @Deployment, product_version = @ProductVersion,
                                 time_zone = @TimeZone, valid_from = @ValidFrom, valid_until = @ValidUntil,
                                 calendar = @Calendar, contract_version = @ContractVersion
        WHERE id = @Id AND contract_version = @ExpectedVersion
        """;

    private const string UpdateAuthorizedCountSql = "UPDATE organizations SET authorized_submitters = @Count WHERE id = @Id";

    public static Task<OrganizationRecord?> FindOrganizationAsync(UnitOfWork work, Guid id) =>
        work.Connection.QuerySingleOrDefaultAsync<OrganizationRecord>(SelectOrganizationSql, new { Id = id }, work.Transaction);

    public static Task<PersonRecord?> FindPersonAsync(UnitOfWork work, Guid id) =>
        work.Connection.QuerySingleOrDefaultAsync<PersonRecord>(SelectPersonSql, new { Id = id }, work.Transaction);

    public static Task<PersonRecord?> FindPersonByEmailAsync(UnitOfWork work, string email) =>
        work.Connection.QuerySingleOrDefaultAsync<PersonRecord>(SelectPersonByEmailSql, new { Email = email }, work.Transaction);

    public static async Task<IReadOnlyList<PersonRecord>> PeopleOfAsync(UnitOfWork work, Guid organizationId) =>
        (await work.Connection.QueryAsync<PersonRecord>(SelectPeopleSql, new { OrganizationId = organizationId }, work.Transaction)).ToList();

    public static async Task<IReadOnlyList<Guid>> CustomerIdsAsync(UnitOfWork work) =>
        (await work.Connection.QueryAsync<Guid>(SelectCustomerIdsSql, transaction: work.Transaction)).ToList();

    public static async Task<IReadOnlyList<PersonRecord>> ListAsync(Database database, Guid organizationId, string after, bool includeInactive, int limit)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<PersonRecord>(database.Dialect.Limit(ListPeopleSql),
            new { OrganizationId = organizationId, After = after, IncludeInactive = includeInactive ? 1 : 0, Limit = limit })).ToList();
    }

    public static Task UpdateContactAsync(UnitOfWork work, Guid id, string email, string? phone) =>
        work.Connection.ExecuteAsync(UpdateContactSql, new { Id = id, Email = email, Phone = phone }, work.Transaction);

    public static Task UpdateRolesAsync(UnitOfWork work, Guid id, string roles) =>
        work.Connection.ExecuteAsync(UpdateRolesSql, new { Id = id, Roles = roles }, work.Transaction);

    public static Task SetPasswordAsync(UnitOfWork work, Guid id, string passwordHash) =>
        work.Connection.ExecuteAsync(SetPasswordSql, new { Id = id, PasswordHash = passwordHash }, work.Transaction);

    public static Task DeactivateAsync(UnitOfWork work, Guid id, DateTimeOffset at, string reason) =>
        work.Connection.ExecuteAsync(DeactivateSql, new { Id = id, At = at, Reason = reason }, work.Transaction);

    /// <summary>Adds a training and moves the person's expiry to the latest of their trainings.</summary>
    public static async Task AddTrainingAsync(UnitOfWork work, TrainingRecordRow training)
    {
        await work.Connection.ExecuteAsync(InsertTrainingSql, training, work.Transaction);
        var latest = (await TrainingsOfAsync(work, training.PersonId)).Max(t => t.ExpiresAt);
        await work.Connection.ExecuteAsync(UpdateTrainingExpirySql, new { Id = training.PersonId, ExpiresAt = latest }, work.Transaction);
    }

    /// <summary>A person's trainings, newest first.</summary>
    public static async Task<IReadOnlyList<TrainingRecordRow>> TrainingsOfAsync(UnitOfWork work, Guid personId) =>
        (await work.Connection.QueryAsync<TrainingRecordRow>(SelectTrainingsSql, new { PersonId = personId }, work.Transaction)).ToList();

    /// <summary>False when the contract is no longer at <paramref name="expectedVersion"/>.</summary>
    public static async Task<bool> UpdateContractAsync(UnitOfWork work, OrganizationRecord organization, long expectedVersion) =>
        await work.Connection.ExecuteAsync(UpdateContractSql, new
        {
            organization.Id, organization.Plan, organization.Deployment, organization.ProductVersion, organization.TimeZone,
            organization.ValidFrom, organization.ValidUntil, organization.Calendar, organization.ContractVersion,
            ExpectedVersion = expectedVersion,
        }, work.Transaction) == 1;

    public static Task UpdateAuthorizedCountAsync(UnitOfWork work, Guid id, int count) =>
        work.Connection.ExecuteAsync(UpdateAuthorizedCountSql, new { Id = id, Count = count }, work.Transaction);
}
