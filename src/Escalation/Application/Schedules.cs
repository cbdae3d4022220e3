using System.Text.Json;
using NodaTime;
using SupportPlatform.BuildingBlocks.Domain;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Escalation.Data;
using SupportPlatform.Escalation.Domain;

namespace SupportPlatform.Escalation.Application;

/// <summary>
/// Turns an organisation's stored contract calendar into the schedule a clock counts in. Without a
/// stored calendar (the contract event not yet received) it is Monday to Friday 09:00-17:00 UTC,
/// the identity service's default; the contract event, when it comes, recomputes the clocks.
/// </summary>
public static class Schedules
{
    public static string Serialize(ContractCalendar? calendar) =>
        JsonSerializer.Serialize(calendar ?? new ContractCalendar(ContractSchedules.DefaultHours, []));

    public static DateTimeZone Zone(CalendarRow? row) =>
        row is null ? DateTimeZone.Utc : LocalTimes.Zone(row.TimeZone);

    /// <summary>The schedule for <paramref name="coverage"/>: around the clock, or the calendar's business hours.</summary>
    public static BusinessSchedule For(CalendarRow? row, ClockCoverage coverage) =>
        coverage == ClockCoverage.AroundTheClock
            ? BusinessSchedule.TwentyFourSeven(Zone(row))
            : ContractSchedules.BusinessHours(row?.TimeZone, row is null ? null : JsonSerializer.Deserialize<ContractCalendar>(row.CalendarJson));
}
