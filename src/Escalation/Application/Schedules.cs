using System.Globalization;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;
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
    public static readonly IReadOnlyList<ContractWorkingHours> DefaultHours =
        [.. Enumerable.Range(1, 5).Select(day => new ContractWorkingHours(day, "09:00", "17:00"))];

    private static readonly LocalTimePattern HoursPattern = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    public static string Serialize(ContractCalendar? calendar) =>
        JsonSerializer.Serialize(calendar ?? new ContractCalendar(DefaultHours, []));

    public static DateTimeZone Zone(CalendarRow? row) =>
        row is null ? DateTimeZone.Utc : LocalTimes.Zone(row.TimeZone);

    /// <summary>The schedule for <paramref name="coverage"/>: around the clock, or the calendar's business hours.</summary>
    public static BusinessSchedule For(CalendarRow? row, ClockCoverage coverage)
    {
        var zone = Zone(row);
        if (coverage == ClockCoverage.AroundTheClock)
        {
            return BusinessSchedule.TwentyFourSeven(zone);
        }
        var calendar = row is null ? null : JsonSerializer.Deserialize<ContractCalendar>(row.CalendarJson);
        var hours = calendar?.WorkingHours is { Count: > 0 } given ? given : DefaultHours;
        var periods = hours.Select(entry => new WorkingPeriod((IsoDayOfWeek)entry.Day, Time(entry.Start), Time(entry.End))).ToList();
        var holidays = (calendar?.Holidays ?? [])
            .Select(holiday => new ScheduleHoliday(LocalDate.FromDateTime(DateTime.ParseExact(holiday.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture)), holiday.Yearly));
        return new BusinessSchedule(zone, periods, holidays);
    }

    /// <summary>"HH:mm"; "24:00" is the end of the day (midnight).</summary>
    private static LocalTime Time(string text) => text == "24:00" ? LocalTime.Midnight : HoursPattern.Parse(text).Value;
}
