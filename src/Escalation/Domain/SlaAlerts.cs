using SupportPlatform.BuildingBlocks.Domain;
using NodaTime;

namespace SupportPlatform.Escalation.Domain;

/// <summary>
/// Decides which warnings and breaches a case's clock raises now. A breach is raised as soon as it
/// is due, also when a recomputation finds it in the past (a P3 raised to P1 after three hours is
/// late at once). A warning is raised only while its target is still pending and not yet breached,
/// and — unless the clock runs around the clock — only in business hours: one that falls due
/// outside them waits for the next opening. Pure: no clock, no I/O.
/// </summary>
public static class SlaAlerts
{
    public static AlertDecision Decide(
        CaseClock clock, IReadOnlySet<(SlaTargetKind Target, int Cycle, AlertKind Kind)> raised, BusinessSchedule schedule, Instant now)
    {
        var raise = new List<SlaAlert>();
        var drop = new List<SlaAlert>();
        Instant? next = null;
        void Later(Instant at) => next = next is { } current && current <= at ? current : at;

        foreach (var target in clock.Targets)
        {
            if (target.DueAt is { } due && !raised.Contains((target.Kind, target.Cycle, AlertKind.Breach)))
            {
                var breach = new SlaAlert(target.Kind, target.Cycle, AlertKind.Breach, due);
                if (target.State == TargetState.Breached)
                {
                    raise.Add(breach);
                }
                else if (target.Open && target.Running)
                {
                    Later(due);
                }
            }
            if (target.WarningAt is { } warningAt && !raised.Contains((target.Kind, target.Cycle, AlertKind.Warning)))
            {
                var warning = new SlaAlert(target.Kind, target.Cycle, AlertKind.Warning, warningAt);
                if (warningAt > now)
                {
                    if (target.Open && target.Running)
                    {
                        Later(warningAt);
                    }
                }
                else if (!target.Open || target.State != TargetState.Pending)
                {
                    drop.Add(warning);
                }
                else if (schedule.AroundTheClock || schedule.IsOpen(now))
                {
                    raise.Add(warning);
                }
                else
                {
                    Later(schedule.NextBusinessInstant(now));
                }
            }
        }
        return new AlertDecision(raise, drop, next);
    }
}
