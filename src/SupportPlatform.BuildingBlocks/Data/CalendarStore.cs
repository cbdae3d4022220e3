using System.Data.Common;
using System.Text.Json;
using Dapper;
using SupportPlatform.BuildingBlocks.Domain;
using SupportPlatform.Contracts.Events;

namespace SupportPlatform.BuildingBlocks.Data;

/// <summary>
/// The organisations' business calendars as the identity service's contract events report them,
/// in the <c>business_calendars</c> table of each service that counts business time (its own
/// migration creates it): one row per organisation, the latest contract version wins.
/// </summary>
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

    /// <summary>The row a contract event stores (without a calendar: the default hours).</summary>
    public static CalendarRow From(SupportContractChanged contract) => new()
    {
        OrganizationId = contract.OrganizationId,
        ContractVersion = contract.Version,
        TimeZone = contract.TimeZone,
        CalendarJson = Json(contract.Calendar),
        ChangedAt = contract.OccurredAt,
    };

    /// <summary>A calendar as stored (without one: the default hours).</summary>
    public static string Json(ContractCalendar? calendar) =>
        JsonSerializer.Serialize(calendar ?? new ContractCalendar(ContractSchedules.DefaultHours, []));

    /// <summary>The time zone of a stored calendar; UTC without one.</summary>
    public static NodaTime.DateTimeZone Zone(CalendarRow? row) => row is null ? NodaTime.DateTimeZone.Utc : LocalTimes.Zone(row.TimeZone);

    /// <summary>The business hours of a stored calendar; without one (the contract event not yet received), Monday to Friday 09:00-17:00 UTC.</summary>
    public static BusinessSchedule BusinessHours(CalendarRow? row) =>
        ContractSchedules.BusinessHours(row?.TimeZone, row is null ? null : JsonSerializer.Deserialize<ContractCalendar>(row.CalendarJson));
}
