using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Domain;
using SupportPlatform.Escalation.Domain;

namespace SupportPlatform.Escalation.Application;

/// <summary>
/// The schedule a clock counts in: around the clock, or the organisation's stored business hours
/// (<see cref="CalendarStore.BusinessHours"/>; Monday to Friday 09:00-17:00 UTC until the contract
/// event arrives, which then recomputes the clocks).
/// </summary>
public static class Schedules
{
    /// <summary>The schedule for <paramref name="coverage"/>: around the clock, or the calendar's business hours.</summary>
    public static BusinessSchedule For(CalendarRow? row, ClockCoverage coverage) =>
        coverage == ClockCoverage.AroundTheClock ? BusinessSchedule.TwentyFourSeven(CalendarStore.Zone(row)) : CalendarStore.BusinessHours(row);
}
