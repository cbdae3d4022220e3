using SupportPlatform.BuildingBlocks.Domain;
using NodaTime;

namespace SupportPlatform.Escalation.Domain;

/// <summary>
/// Computes a case's clock from its moments, a policy and a schedule — nothing else, so the same
/// history always gives the same due times, and a changed calendar, policy or priority is applied
/// by computing again. Only time the vendor holds the case counts against a target; time the
/// customer or a third party holds it is attributed to them, and time with no holder (resolved,
/// closed, withdrawn) to nobody. Pure: no clock, no I/O.
/// </summary>
public static class SlaClockCalculator
{
    private sealed record Span(Instant Start, Instant End, ClockHolder Holder);

    /// <summary>The clock at <paramref name="now"/>; the moments may arrive in any order (they are sorted by version, then time).</summary>
    public static CaseClock Compute(IEnumerable<CaseMoment> moments, SlaPolicy policy, BusinessSchedule schedule, Instant now)
    {
        var history = moments.OrderBy(moment => moment.Version).ThenBy(moment => moment.At).ToList();
        if (history.Count == 0)
        {
            throw new ArgumentException("A clock needs at least the case's first moment.", nameof(moments));
        }
        var targets = new List<TargetClock>
        {
            Response(history, policy, schedule, now),
        };
        if (policy.UpdateCadence is { } cadence && Update(history, policy, cadence, schedule, now) is { } update)
        {
            targets.Add(update);
        }
        targets.Add(Resolution(history, policy, schedule, now));
        return new CaseClock(targets, now);
    }

    private static TargetClock Response(List<CaseMoment> history, SlaPolicy policy, BusinessSchedule schedule, Instant now)
    {
        var reached = history.FirstOrDefault(moment => moment.Responded);
        var withdrawn = history.FirstOrDefault(moment => moment.IsWithdrawn);
        var stop = reached ?? withdrawn;
        return Measure(SlaTargetKind.Response, 1, policy.Response, policy.WarningPercent, schedule, history, history[0].At,
            stop?.At, cancelled: reached is null && withdrawn is not null, now);
    }

    private static TargetClock Resolution(List<CaseMoment> history, SlaPolicy policy, BusinessSchedule schedule, Instant now)
    {
        var last = history[^1];
        Instant? stop = null;
        if (last.IsResolved)
        {
            // The last run of resolved moments: a reopened case counted again until it was resolved again.
            var index = history.Count - 1;
            while (index > 0 && history[index - 1].IsResolved)
            {
                index--;
            }
            stop = history[index].At;
        }
        else if (last.IsWithdrawn)
        {
            stop = last.At;
        }
        return Measure(SlaTargetKind.Resolution, 1, policy.Resolution, policy.WarningPercent, schedule, history, history[0].At,
            stop, cancelled: last.IsWithdrawn, now);
    }

    /// <summary>
    /// The update cadence, in cycles: the first starts at the response, each later public update
    /// starts the next, and the case's resolution or withdrawal ends the last. Null before the response.
    /// </summary>
    private static TargetClock? Update(List<CaseMoment> history, SlaPolicy policy, Duration cadence, BusinessSchedule schedule, Instant now)
    {
        var first = history.FindIndex(moment => moment.Responded);
        if (first < 0)
        {
            return null;
        }
        var starts = new List<Instant> { history[first].At };
        starts.AddRange(history.Skip(first + 1).Where(moment => moment.IsUpdate).Select(moment => moment.At));
        var last = history[^1];
        Instant? end = last.IsResolved || last.IsWithdrawn ? last.At : null;
        var breached = 0;
        TargetClock? current = null;
        for (var cycle = 0; cycle < starts.Count; cycle++)
        {
            var next = cycle + 1 < starts.Count ? starts[cycle + 1] : end;
            current = Measure(SlaTargetKind.Update, cycle + 1, cadence, policy.WarningPercent, schedule, history, starts[cycle],
                next, cancelled: false, now);
            if (current.State == TargetState.Breached)
            {
                breached++;
            }
        }
        return current! with { BreachedCycles = breached };
    }

    /// <summary>
    /// Counts the vendor's business time from <paramref name="start"/> up to <paramref name="stop"/>
    /// (or <paramref name="now"/> while open) and finds where the warning threshold and the budget
    /// were, or will be, used up.
    /// </summary>
    private static TargetClock Measure(
        SlaTargetKind kind, int cycle, Duration budget, int warningPercent, BusinessSchedule schedule,
        List<CaseMoment> history, Instant start, Instant? stop, bool cancelled, Instant now)
    {
        var end = stop is { } stopped && stopped < now ? stopped : now;
        var threshold = Duration.FromNanoseconds(budget.ToInt64Nanoseconds() * warningPercent / 100);
        var elapsed = Duration.Zero;
        var attribution = PartyTime.Zero;
        Instant? warningAt = null;
        Instant? dueAt = null;
        var (holder, since) = HolderAt(history, start, end);
        foreach (var span in Spans(history, start, end))
        {
            var time = schedule.Between(span.Start, span.End);
            attribution = attribution.Add(span.Holder, time);
            if (span.Holder != ClockHolder.Vendor)
            {
                continue;
            }
            if (warningAt is null && elapsed + time >= threshold)
            {
                warningAt = schedule.Add(span.Start, threshold - elapsed);
            }
            if (dueAt is null && elapsed + time >= budget)
            {
                dueAt = schedule.Add(span.Start, budget - elapsed);
            }
            elapsed += time;
        }
        var open = stop is null || stop > now;
        var running = open && holder == ClockHolder.Vendor;
        if (running)
        {
            // Projected: where the budget runs out if the vendor keeps the case from now on.
            warningAt ??= schedule.Add(end, threshold - elapsed);
            dueAt ??= schedule.Add(end, budget - elapsed);
        }
        Instant? reachedAt = open ? null : stop;
        if (reachedAt is { } reachedInTime && dueAt is null)
        {
            // Reached before the budget ran out: say when it would have run out, for comparison.
            dueAt = schedule.Add(reachedInTime, budget - elapsed);
        }
        var state = (reachedAt, dueAt) switch
        {
            ({ } reached, { } due) when due < reached => TargetState.Breached,
            ({ }, _) => cancelled ? TargetState.Cancelled : TargetState.Met,
            (null, { } due) when due <= now => TargetState.Breached,
            _ => TargetState.Pending,
        };
        if (!open)
        {
            since = reachedAt!.Value;
        }
        var remaining = budget > elapsed ? budget - elapsed : Duration.Zero;
        return new TargetClock(kind, cycle, budget, start, warningAt, dueAt, reachedAt, state, elapsed, remaining,
            running, since, holder, attribution, state == TargetState.Breached ? 1 : 0);
    }

    /// <summary>The holders' spans between <paramref name="from"/> and <paramref name="to"/>, in order, none empty.</summary>
    private static IEnumerable<Span> Spans(List<CaseMoment> history, Instant from, Instant to)
    {
        for (var index = 0; index < history.Count; index++)
        {
            var spanStart = history[index].At;
            var spanEnd = index + 1 < history.Count ? history[index + 1].At : to;
            var start = spanStart > from ? spanStart : from;
            var end = spanEnd < to ? spanEnd : to;
            if (end > start)
            {
                yield return new Span(start, end, history[index].Holder);
            }
        }
    }

    /// <summary>
    /// Who holds the case at <paramref name="at"/> (the holder of the last moment not after it), and
    /// since when without a break (not before <paramref name="from"/>).
    /// </summary>
    private static (ClockHolder Holder, Instant Since) HolderAt(List<CaseMoment> history, Instant from, Instant at)
    {
        var index = Math.Max(0, history.FindLastIndex(moment => moment.At <= at));
        var holder = history[index].Holder;
        while (index > 0 && history[index - 1].Holder == holder)
        {
            index--;
        }
        return (holder, history[index].At > from ? history[index].At : from);
    }
}
