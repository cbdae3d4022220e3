using System.Data.Common;
using Dapper;

namespace SupportPlatform.Rca.Data;

/// <summary>The organisations' business calendars, as the identity service's contract events report them.</summary>
public static class CalendarStore
{
    private const string SelectSql = """
        SELECT organization_id AS OrganizationId, contract_version AS ContractVersion, time_zone AS TimeZone,
               calendar_json AS CalendarJson, changed_at AS ChangedAt
        FROM business_calendars WHERE organization_id = @OrganizationId
        """;

    private const string UpdateSql = """
        UPDATE business_calendars SET contract_version = @ContractVersion, time_zone = @TimeZone,
                                      calendar_json = @CalendarJson, changed_at = @ChangedAt
        WHERE organization_id = @OrganizationId AND contract_version < @ContractVersion
        """;

    private const string InsertSql = """
        INSERT INTO business_calendars (organization_id, contract_version, time_zone, calendar_json, changed_at)
        SELECT @OrganizationId, @ContractVersion, @TimeZone, @CalendarJson, @ChangedAt
        WHERE NOT EXISTS (SELECT 1 FROM business_calendars WHERE organization_id = @OrganizationId)
        """;

    public static Task<CalendarRow?> FindAsync(DbConnection connection, DbTransaction? transaction, Guid organizationId) =>
        connection.QuerySingleOrDefaultAsync<CalendarRow>(SelectSql, new { OrganizationId = organizationId }, transaction);

    /// <summary>Stores the calendar unless a newer contract version is already stored. True when it changed.</summary>
    public static async Task<bool> SaveAsync(DbConnection connection, DbTransaction transaction, CalendarRow row) =>
        await connection.ExecuteAsync(UpdateSql, row, transaction) + await connection.ExecuteAsync(InsertSql, row, transaction) > 0;
}
