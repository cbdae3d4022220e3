using System.Globalization;
using NodaTime;
using NodaTime.Text;
using SupportPlatform.Contracts.Events;

namespace SupportPlatform.BuildingBlocks.Domain;

/// <summary>
/// A customer's business hours as a <see cref="BusinessSchedule"/>, from the calendar its contract
/// carries (<see cref="SupportContractChanged.Calendar"/>). Every service that counts business time
/// reads a calendar through here. Pure: no I/O.
/// </summary>
public static class ContractSchedules
{
    /// <summary>The identity service's default: Monday to Friday 09:00-17:00.</summary>
    public static readonly IReadOnlyList<ContractWorkingHours> DefaultHours =
        [.. Enumerable.Range(1, 5).Select(day => new ContractWorkingHours(day, "09:00", "17:00"))];

    private static readonly LocalTimePattern HoursPattern = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    /// <summary>
    /// The business hours of <paramref name="calendar"/> in <paramref name="timeZone"/>; without a
    /// calendar (the contract not yet known) the default hours in UTC, or in the zone when given.
    /// </summary>
    public static BusinessSchedule BusinessHours(string? timeZone, ContractCalendar? calendar)
    {
        var zone = timeZone is null ? DateTimeZone.Utc : LocalTimes.Zone(timeZone);
        var hours = calendar?.WorkingHours is { Count: > 0 } given ? given : DefaultHours;
        var periods = hours.Select(entry => new WorkingPeriod((IsoDayOfWeek)entry.Day, Time(entry.Start), Time(entry.End))).ToList();
        var holidays = (calendar?.Holidays ?? [])
            .Select(holiday => new ScheduleHoliday(LocalDate.FromDateTime(DateTime.ParseExact(holiday.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture)), holiday.Yearly));
        return new BusinessSchedule(zone, periods, holidays);
    }

    /// <summary>"HH:mm"; "24:00" is the end of the day (midnight).</summary>
    private static LocalTime Time(string text) => text == "24:00" ? LocalTime.Midnight : HoursPattern.Parse(text).Value;
}
