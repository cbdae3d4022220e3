using Google.Protobuf;
using SupportPlatform.Common.V1;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Identity.V1;

namespace SupportPlatform.Identity.Domain;

/// <summary>Support contract validity and the default business calendar. Pure: no I/O.</summary>
public static class ContractRules
{
    /// <summary>Why the organisation has no valid contract now, for a person to act on; null when it has one.</summary>
    public static string? Problem(OrganizationRecord organization, DateTimeOffset now) => organization switch
    {
        { Kind: not OrganizationKinds.Customer } => "Only customer organisations have support contracts.",
        { ValidFrom: null } => "No support contract is on record for your organisation; ask the vendor to register it.",
        { ValidFrom: { } from } when now < from => $"Your organisation's support contract starts on {from:yyyy-MM-dd}; cases can be submitted from then.",
        { ValidUntil: { } until } when now >= until => $"Your organisation's support contract ended on {until:yyyy-MM-dd}; renew it with the vendor to submit cases again.",
        _ => null,
    };

    /// <summary>Monday to Friday, 09:00-17:00, no holidays.</summary>
    public static BusinessCalendar DefaultCalendar() => new()
    {
        WorkingHours =
        {
            new[] { Weekday.Monday, Weekday.Tuesday, Weekday.Wednesday, Weekday.Thursday, Weekday.Friday }
                .Select(day => new WorkingHours { Day = day, Start = "09:00", End = "17:00" }),
        },
    };

    public static BusinessCalendar ReadCalendar(string? json) =>
        string.IsNullOrEmpty(json) ? DefaultCalendar() : BusinessCalendar.Parser.ParseJson(json);

    public static string WriteCalendar(BusinessCalendar calendar) => JsonFormatter.Default.Format(calendar);

    /// <summary>
    /// The calendar as the contract-changed event carries it: the working hours by ISO weekday
    /// (<see cref="Weekday"/> numbers Monday 1 to Sunday 7, as ISO does) and every holiday with its
    /// yearly flag, in the order the contract lists them.
    /// </summary>
    public static ContractCalendar EventCalendar(BusinessCalendar calendar) => new(
        calendar.WorkingHours.Select(hours => new ContractWorkingHours((int)hours.Day, hours.Start, hours.End)).ToList(),
        calendar.Holidays.Select(holiday => new ContractHoliday(holiday.Date, holiday.Name, holiday.Yearly)).ToList());

    /// <summary>Field violations of a calendar, as (field, description).</summary>
    public static IEnumerable<(string Field, string Description)> CalendarProblems(BusinessCalendar calendar, string prefix)
    {
        var days = new HashSet<Weekday>();
        for (var index = 0; index < calendar.WorkingHours.Count; index++)
        {
            var hours = calendar.WorkingHours[index];
            var field = $"{prefix}.working_hours[{index}]";
            if (hours.Day == Weekday.Unspecified || !Enum.IsDefined(hours.Day))
            {
                yield return (field + ".day", "must be a weekday");
            }
            else if (!days.Add(hours.Day))
            {
                yield return (field + ".day", "appears more than once");
            }
            if (!TimeOnly.TryParseExact(hours.Start, "HH:mm", out var start) || !TimeOnly.TryParseExact(hours.End, "HH:mm", out var end))
            {
                yield return (field, "start and end must be HH:mm");
            }
            else if (end <= start)
            {
                yield return (field, "must end after it starts");
            }
        }
        for (var index = 0; index < calendar.Holidays.Count; index++)
        {
            if (!DateOnly.TryParseExact(calendar.Holidays[index].Date, "yyyy-MM-dd", out _))
            {
                yield return ($"{prefix}.holidays[{index}].date", "must be yyyy-MM-dd");
            }
        }
    }
}
