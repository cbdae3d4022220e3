using NodaTime;

namespace SupportPlatform.BuildingBlocks.Domain;

/// <summary>
/// Business time in one time zone: working periods per weekday, less holidays — or around the
/// clock. Answers the two questions every SLA clock asks: how much business time lies between two
/// instants, and at which instant a given amount of business time has passed. Pure: no clock, no
/// I/O. Zones, local dates and daylight saving come from NodaTime; a working period is converted
/// to instants day by day, so a local 09:00 stays 09:00 across a daylight-saving change, and a
/// period that contains a change lasts the physical time it really has (an hour less or more).
/// A local time inside a spring-forward gap is read as the instant after the gap, one that occurs
/// twice (fall-back) as its first occurrence.
/// </summary>
public sealed class BusinessSchedule
{
    /// <summary>How far ahead <see cref="Add"/> looks before it gives up: ten years of days.</summary>
    private const int MaxDays = 3660;

    private readonly ILookup<IsoDayOfWeek, WorkingPeriod> periods;
    private readonly HashSet<LocalDate> singleHolidays;
    private readonly HashSet<(int Month, int Day)> yearlyHolidays;

    public BusinessSchedule(DateTimeZone zone, IEnumerable<WorkingPeriod> workingPeriods, IEnumerable<ScheduleHoliday>? holidays = null)
    {
        Zone = zone;
        var all = workingPeriods.ToList();
        if (all.Count == 0 || all.Any(period => !period.IsValid))
        {
            throw new ArgumentException("A business schedule needs at least one working period, each ending after it starts.", nameof(workingPeriods));
        }
        foreach (var day in all.GroupBy(period => period.Day))
        {
            var ordered = day.OrderBy(period => period.Start).ToList();
            for (var index = 1; index < ordered.Count; index++)
            {
                if (ordered[index - 1].End == LocalTime.Midnight || ordered[index - 1].End > ordered[index].Start)
                {
                    throw new ArgumentException($"Working periods on {day.Key} overlap.", nameof(workingPeriods));
                }
            }
        }
        periods = all.OrderBy(period => period.Start).ToLookup(period => period.Day);
        var days = holidays?.ToList() ?? [];
        singleHolidays = days.Where(holiday => !holiday.Yearly).Select(holiday => holiday.Date).ToHashSet();
        yearlyHolidays = days.Where(holiday => holiday.Yearly).Select(holiday => (holiday.Date.Month, holiday.Date.Day)).ToHashSet();
    }

    private BusinessSchedule(DateTimeZone zone)
    {
        Zone = zone;
        periods = Array.Empty<WorkingPeriod>().ToLookup(period => period.Day);
        singleHolidays = [];
        yearlyHolidays = [];
        AroundTheClock = true;
    }

    /// <summary>Every instant is business time (24x7); the zone only says how to show local times.</summary>
    public static BusinessSchedule TwentyFourSeven(DateTimeZone zone) => new(zone);

    public DateTimeZone Zone { get; }

    public bool AroundTheClock { get; }

    /// <summary>Whether <paramref name="at"/> is business time.</summary>
    public bool IsOpen(Instant at) => AroundTheClock || OpenIntervalsFrom(at).First().Start <= at;

    /// <summary>The first business instant at or after <paramref name="at"/>.</summary>
    public Instant NextBusinessInstant(Instant at)
    {
        if (AroundTheClock)
        {
            return at;
        }
        var (start, _) = OpenIntervalsFrom(at).First();
        return start > at ? start : at;
    }

    /// <summary>
    /// The instant at which <paramref name="businessTime"/> of business time has passed since
    /// <paramref name="from"/>. Nothing to pass gives <paramref name="from"/> itself; otherwise
    /// counting starts at the next business instant, and a target used up exactly at the end of a
    /// working period falls due at that end, not at the next opening.
    /// </summary>
    public Instant Add(Instant from, Duration businessTime)
    {
        if (businessTime < Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(businessTime), "Business time cannot be negative.");
        }
        if (AroundTheClock || businessTime == Duration.Zero)
        {
            return from + businessTime;
        }
        var remaining = businessTime;
        foreach (var (start, end) in OpenIntervalsFrom(from))
        {
            var counted = start < from ? from : start;
            var available = end - counted;
            if (remaining <= available)
            {
                return counted + remaining;
            }
            remaining -= available;
        }
        throw new InvalidOperationException("The schedule has no business time left in the next ten years.");
    }

    /// <summary>Business time from <paramref name="from"/> up to <paramref name="to"/> (zero when <paramref name="to"/> is not later).</summary>
    public Duration Between(Instant from, Instant to)
    {
        if (to <= from)
        {
            return Duration.Zero;
        }
        if (AroundTheClock)
        {
            return to - from;
        }
        var total = Duration.Zero;
        foreach (var (start, end) in OpenIntervalsFrom(from))
        {
            if (start >= to)
            {
                break;
            }
            total += (end < to ? end : to) - (start < from ? from : start);
        }
        return total;
    }

    /// <summary>
    /// The end of the <paramref name="days"/>-th business day after the local day of
    /// <paramref name="from"/> (that day itself does not count): "due within N business days". A
    /// business day is a day with working hours that is no holiday; around the clock every day is
    /// one, and it ends at the next local midnight.
    /// </summary>
    public Instant AddBusinessDays(Instant from, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var day = from.InZone(Zone).Date;
        if (days == 0)
        {
            return from;
        }
        for (var index = 0; index < MaxDays; index++)
        {
            day = day.PlusDays(1);
            if (!AroundTheClock && (IsHoliday(day) || !periods[day.DayOfWeek].Any()))
            {
                continue;
            }
            if (--days == 0)
            {
                var end = AroundTheClock ? Period.FromDays(1) : periods[day.DayOfWeek].Last().EndOfDayOffset;
                return Zone.AtLeniently(day.AtMidnight() + end).ToInstant();
            }
        }
        throw new InvalidOperationException("The schedule has no business day left in the next ten years.");
    }

    private bool IsHoliday(LocalDate day) => singleHolidays.Contains(day) || yearlyHolidays.Contains((day.Month, day.Day));

    /// <summary>The working intervals, as instants, that end after <paramref name="from"/>, in order.</summary>
    private IEnumerable<(Instant Start, Instant End)> OpenIntervalsFrom(Instant from)
    {
        // Start a day early: a period of the previous local day may still be running.
        var day = from.InZone(Zone).Date.PlusDays(-1);
        for (var index = 0; index < MaxDays; index++, day = day.PlusDays(1))
        {
            if (IsHoliday(day))
            {
                continue;
            }
            foreach (var period in periods[day.DayOfWeek])
            {
                var start = Zone.AtLeniently(day + period.Start).ToInstant();
                var end = Zone.AtLeniently(day.AtMidnight() + period.EndOfDayOffset).ToInstant();
                if (end > from && end > start)
                {
                    yield return (start, end);
                }
            }
        }
    }
}
