using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Domain;
using System.Data.Common;
using SupportPlatform.Escalation.Data;
using SupportPlatform.Escalation.Domain;

namespace SupportPlatform.Escalation.Application;

/// <summary>
/// What one timer pass would otherwise read and build once per clock: the policy versions (a
/// stored version never changes) and the schedules built from calendars. A schedule is keyed by
/// the calendar's stored content, which every batch still reads from the database, so a calendar
/// changed during the pass is used at once. Lives for one pass, used by one caller at a time;
/// its size follows the policy versions and distinct calendars in use.
/// </summary>
public sealed class TimerPassCache
{
    private readonly Dictionary<(string Plan, string Priority, int Version), SlaPolicy> policies = [];
    private readonly Dictionary<(string? TimeZone, string? CalendarJson, ClockCoverage Coverage), BusinessSchedule> schedules = [];

    /// <summary>The policy version a clock is computed under.</summary>
    public async Task<SlaPolicy> PolicyAsync(DbConnection connection, DbTransaction? transaction, string plan, string priority, int version)
    {
        if (!policies.TryGetValue((plan, priority, version), out var policy))
        {
            policy = (await SlaPolicyStore.VersionAsync(connection, transaction, plan, priority, version)
                ?? throw new InvalidOperationException($"Policy {plan}/{priority} v{version} is missing.")).ToPolicy();
            policies[(plan, priority, version)] = policy;
        }
        return policy;
    }

    /// <summary>The schedule of <paramref name="calendar"/> (null: the default) for <paramref name="coverage"/>, as <see cref="Schedules.For"/> builds it.</summary>
    public BusinessSchedule Schedule(CalendarRow? calendar, ClockCoverage coverage)
    {
        var key = (calendar?.TimeZone, calendar?.CalendarJson, coverage);
        if (!schedules.TryGetValue(key, out var schedule))
        {
            schedule = Schedules.For(calendar, coverage);
            schedules[key] = schedule;
        }
        return schedule;
    }
}
