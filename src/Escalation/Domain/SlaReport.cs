using NodaTime;

namespace SupportPlatform.Escalation.Domain;

/// <summary>
/// An SLA report over a set of case clocks: per priority and target, how many were met and
/// breached, how long reaching them took in business time, and who held the cases how long.
/// </summary>
public sealed record SlaReport(int Cases, IReadOnlyList<ReportLine> Lines, IReadOnlyDictionary<string, PartyTime> AttributionByPriority)
{
    /// <summary>The time each party held the cases, all priorities together.</summary>
    public PartyTime TotalAttribution => AttributionByPriority.Values.Aggregate(PartyTime.Zero,
        (sum, time) => new PartyTime(sum.Vendor + time.Vendor, sum.Customer + time.Customer, sum.ThirdParty + time.ThirdParty));

    /// <summary>Builds the report from each case's priority and clock. Pure.</summary>
    public static SlaReport Build(IReadOnlyList<(string Priority, CaseClock Clock)> clocks)
    {
        var lines = new List<ReportLine>();
        foreach (var priority in clocks.Select(entry => entry.Priority).Distinct().Order(StringComparer.Ordinal))
        {
            var ofPriority = clocks.Where(entry => entry.Priority == priority).Select(entry => entry.Clock).ToList();
            foreach (var kind in new[] { SlaTargetKind.Response, SlaTargetKind.Update, SlaTargetKind.Resolution })
            {
                var targets = ofPriority.Select(clock => clock.Find(kind)).OfType<TargetClock>().ToList();
                if (targets.Count == 0)
                {
                    continue;
                }
                lines.Add(kind == SlaTargetKind.Update ? Cadence(priority, targets) : Line(priority, kind, targets));
            }
        }
        var attribution = clocks.GroupBy(entry => entry.Priority).ToDictionary(group => group.Key, group => group
            .Select(entry => entry.Clock.Find(SlaTargetKind.Resolution)?.Attribution ?? PartyTime.Zero)
            .Aggregate(PartyTime.Zero, (sum, time) => new PartyTime(sum.Vendor + time.Vendor, sum.Customer + time.Customer, sum.ThirdParty + time.ThirdParty)));
        return new SlaReport(clocks.Count, lines, attribution);
    }

    private static ReportLine Line(string priority, SlaTargetKind kind, List<TargetClock> targets)
    {
        var reached = targets.Where(target => target.ReachedAt is not null && target.State != TargetState.Cancelled)
            .Select(target => target.Elapsed).Order().ToList();
        return new ReportLine(priority, kind,
            targets.Count(target => target.State == TargetState.Met),
            targets.Count(target => target.State == TargetState.Breached),
            targets.Count(target => target.State == TargetState.Pending),
            targets.Count(target => target.State == TargetState.Cancelled),
            Rank(reached, 50), Rank(reached, 90));
    }

    /// <summary>The update cadence counts cycles: every breached one, and every one that ended in time.</summary>
    private static ReportLine Cadence(string priority, List<TargetClock> targets)
    {
        var pending = targets.Count(target => target.Open && target.State == TargetState.Pending);
        var breached = targets.Sum(target => target.BreachedCycles);
        var met = targets.Sum(target => target.Cycle) - breached - pending;
        return new ReportLine(priority, SlaTargetKind.Update, met, breached, pending, 0, null, null);
    }

    /// <summary>Nearest-rank percentile of sorted values; null when there are none.</summary>
    private static Duration? Rank(List<Duration> sorted, int percent) =>
        sorted.Count == 0 ? null : sorted[Math.Max(0, (int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1)];
}
