using NodaTime;

namespace SupportPlatform.BuildingBlocks.Domain;

/// <summary>
/// Business hours on one weekday, in the schedule's local time: from <paramref name="Start"/> up
/// to, not including, <paramref name="End"/>. An <paramref name="End"/> of midnight means the end
/// of the day (24:00).
/// </summary>
public sealed record WorkingPeriod(IsoDayOfWeek Day, LocalTime Start, LocalTime End)
{
    /// <summary>The period's end as a span from the day's start (24 h for an end of midnight).</summary>
    internal Period EndOfDayOffset => End == LocalTime.Midnight ? Period.FromHours(24) : End - LocalTime.Midnight;

    internal bool IsValid => Day != IsoDayOfWeek.None && (End == LocalTime.Midnight || End > Start);
}
