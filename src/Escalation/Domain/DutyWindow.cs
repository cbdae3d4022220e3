using NodaTime;

namespace SupportPlatform.Escalation.Domain;

/// <summary>
/// A restriction of a rotation layer, in the schedule's local time: daily (every day from
/// <see cref="Start"/> to <see cref="End"/>, past midnight when the end is not after the start) or
/// weekly (from <see cref="StartDay"/> at <see cref="Start"/> to <see cref="EndDay"/> at
/// <see cref="End"/>, into the next week when the end is not after the start).
/// </summary>
public sealed record DutyWindow(IsoDayOfWeek? StartDay, LocalTime Start, IsoDayOfWeek? EndDay, LocalTime End)
{
    public static DutyWindow Daily(LocalTime start, LocalTime end) => new(null, start, null, end);

    public static DutyWindow Weekly(IsoDayOfWeek startDay, LocalTime start, IsoDayOfWeek endDay, LocalTime end) => new(startDay, start, endDay, end);

    public bool IsDaily => StartDay is null;

    /// <summary>
    /// Daily: both days absent and the times differ. Weekly: both days present and not the same
    /// day and time (an empty or a whole week is not a restriction).
    /// </summary>
    public bool IsValid => (StartDay, EndDay) switch
    {
        (null, null) => Start != End,
        ({ } startDay, { } endDay) => startDay != IsoDayOfWeek.None && endDay != IsoDayOfWeek.None && (startDay != endDay || Start != End),
        _ => false,
    };

    /// <summary>The local end of the window that starts at <paramref name="start"/> (a date of the window's start day).</summary>
    public LocalDateTime EndFor(LocalDate start)
    {
        if (StartDay is not { } startDay || EndDay is not { } endDay)
        {
            return (End > Start ? start : start.PlusDays(1)) + End;
        }
        var end = start.PlusDays(((int)endDay - (int)startDay + 7) % 7) + End;
        return end > start + Start ? end : end.PlusDays(7);
    }
}
