using NodaTime;

namespace SupportPlatform.Escalation.Domain;

/// <summary>
/// The rotation arithmetic of one on-call schedule: who is on duty when. Pure: no clock, no I/O.
/// <para>
/// A layer's turn k (from 0) starts at the local date and time <c>start date + hand-off + k ×
/// rotation hours</c>, counted on the schedule zone's local clock and converted to an instant only
/// then, so a hand-off at 09:00 stays at 09:00 on both sides of a daylight-saving change (the turn
/// that contains the change lasts an hour less or more of real time). A local time the
/// spring-forward change skips is shifted forward by the change (02:30 becomes 03:30), one that
/// occurs twice (fall-back) is its first occurrence; a turn that thereby has no length is skipped.
/// Participant <c>k mod n</c> holds turn k. A layer with restrictions has its turn holder on duty
/// only inside their windows, which are converted the same way, day by day.
/// </para>
/// <para>
/// At every instant an override covering it wins (the newest where overrides overlap); otherwise
/// the highest layer that has someone on duty; otherwise nobody is (a gap).
/// </para>
/// </summary>
public sealed class OnCallRotation
{
    /// <summary>How far from an instant <see cref="At"/> looks for the start and end of its stretch of duty.</summary>
    public static readonly Duration SearchHorizon = Duration.FromDays(400);

    private static readonly Duration[] SearchSteps = [Duration.FromDays(8), Duration.FromDays(40), SearchHorizon];

    private readonly IReadOnlyList<RotationLayer> layers;
    private readonly IReadOnlyList<DutyOverride> overrides;

    public OnCallRotation(DateTimeZone zone, IReadOnlyList<RotationLayer> layers, IReadOnlyList<DutyOverride> overrides)
    {
        foreach (var layer in layers)
        {
            if (layer.Participants.Count == 0 || layer.RotationHours < 1 || layer.Restrictions.Any(window => !window.IsValid))
            {
                throw new ArgumentException("Every layer needs a participant, a rotation of at least an hour and valid restrictions.", nameof(layers));
            }
        }
        if (overrides.Any(entry => entry.End <= entry.Start))
        {
            throw new ArgumentException("Every override ends after it starts.", nameof(overrides));
        }
        Zone = zone;
        this.layers = layers;
        this.overrides = [.. overrides.OrderBy(entry => entry.CreatedAt).ThenBy(entry => entry.Id)];
    }

    public DateTimeZone Zone { get; }

    /// <summary>
    /// Who is on duty from <paramref name="from"/> to <paramref name="to"/>, as consecutive
    /// segments covering the whole interval; neighbours differ in person or origin.
    /// </summary>
    public IReadOnlyList<DutySegment> Timeline(Instant from, Instant to)
    {
        if (to <= from)
        {
            return [];
        }
        var duties = layers.Select((layer, index) => LayerDuty(layer, from, to)).ToList();
        var covering = overrides.Where(entry => entry.End > from && entry.Start < to).ToList();
        var points = new SortedSet<Instant> { from, to };
        foreach (var duty in duties)
        {
            foreach (var (start, end, _) in duty)
            {
                points.Add(start);
                points.Add(end);
            }
        }
        foreach (var entry in covering)
        {
            points.Add(Max(entry.Start, from));
            points.Add(Min(entry.End, to));
        }

        var cursors = new int[duties.Count];
        var timeline = new List<DutySegment>();
        Instant? previous = null;
        foreach (var point in points)
        {
            if (previous is { } start)
            {
                Add(timeline, Decide(start, point, duties, covering, cursors));
            }
            previous = point;
        }
        return timeline;
    }

    /// <summary>Who is on duty at <paramref name="at"/> (null: nobody).</summary>
    public Guid? PersonAt(Instant at) => Timeline(at, at + Duration.Epsilon)[0].PersonId;

    /// <summary>Who is on duty at <paramref name="at"/>, why, and since and until when.</summary>
    public OnDuty At(Instant at)
    {
        foreach (var reach in SearchSteps)
        {
            var (from, to) = (at - reach, at + reach);
            var segment = Timeline(from, to).First(candidate => candidate.Start <= at && at < candidate.End);
            var (openStart, openEnd) = (segment.Start == from, segment.End == to);
            if ((!openStart && !openEnd) || reach == SearchHorizon)
            {
                return new OnDuty(segment.PersonId, segment.Origin, openStart ? null : segment.Start, openEnd ? null : segment.End);
            }
        }
        throw new InvalidOperationException("Unreachable: the last search step returns.");
    }

    /// <summary>The intervals from <paramref name="from"/> to <paramref name="to"/> with nobody on duty, in order.</summary>
    public IReadOnlyList<Interval> Gaps(Instant from, Instant to) =>
        [.. Timeline(from, to).Where(segment => segment.PersonId is null).Select(segment => new Interval(segment.Start, segment.End))];

    /// <summary>The first gap from <paramref name="from"/> within <paramref name="within"/>, cut off there; null when there is none.</summary>
    public Interval? NextGap(Instant from, Duration within) => Gaps(from, from + within).Select(gap => (Interval?)gap).FirstOrDefault();

    /// <summary>The instant turn <paramref name="turn"/> of <paramref name="layer"/> starts.</summary>
    public Instant TurnStart(RotationLayer layer, long turn) =>
        Zone.AtLeniently(layer.Anchor.PlusHours(turn * layer.RotationHours)).ToInstant();

    /// <summary>The layer's on-duty intervals within [from, to), with whose turn each is, in order and disjoint.</summary>
    private List<(Instant Start, Instant End, Guid Person)> LayerDuty(RotationLayer layer, Instant from, Instant to)
    {
        var turns = Turns(layer, from, to);
        if (layer.Restrictions.Count == 0 || turns.Count == 0)
        {
            return turns;
        }
        var windows = Windows(layer.Restrictions, from, to);
        var duty = new List<(Instant, Instant, Guid)>();
        for (int t = 0, w = 0; t < turns.Count && w < windows.Count;)
        {
            var start = Max(turns[t].Start, windows[w].Start);
            var end = Min(turns[t].End, windows[w].End);
            if (start < end)
            {
                duty.Add((start, end, turns[t].Person));
            }
            if (turns[t].End <= windows[w].End)
            {
                t++;
            }
            else
            {
                w++;
            }
        }
        return duty;
    }

    private List<(Instant Start, Instant End, Guid Person)> Turns(RotationLayer layer, Instant from, Instant to)
    {
        var turns = new List<(Instant, Instant, Guid)>();
        var first = TurnStart(layer, 0);
        if (to <= first)
        {
            return turns;
        }
        long turn = 0;
        if (from > first)
        {
            // An estimate from the local clock, corrected against the turns' real instants.
            var local = from.InZone(Zone).LocalDateTime;
            turn = Math.Max(0, Period.Between(layer.Anchor, local, PeriodUnits.Hours).Hours / layer.RotationHours);
            while (turn > 0 && TurnStart(layer, turn) > from)
            {
                turn--;
            }
            while (TurnStart(layer, turn + 1) <= from)
            {
                turn++;
            }
        }
        for (var start = TurnStart(layer, turn); start < to; turn++)
        {
            var end = TurnStart(layer, turn + 1);
            if (end > start)
            {
                turns.Add((Max(start, from), Min(end, to), layer.Participants[(int)(turn % layer.Participants.Count)]));
            }
            start = end;
        }
        return turns;
    }

    /// <summary>The union of the restriction windows within [from, to), in order and disjoint.</summary>
    private List<(Instant Start, Instant End)> Windows(IReadOnlyList<DutyWindow> restrictions, Instant from, Instant to)
    {
        var windows = new List<(Instant Start, Instant End)>();
        // A weekly window may have started up to a week before; a daily one the day before.
        var last = to.InZone(Zone).Date;
        for (var day = from.InZone(Zone).Date.PlusDays(-8); day <= last; day = day.PlusDays(1))
        {
            foreach (var window in restrictions)
            {
                if (window.StartDay is { } startDay && day.DayOfWeek != startDay)
                {
                    continue;
                }
                var start = Zone.AtLeniently(day + window.Start).ToInstant();
                var end = Zone.AtLeniently(window.EndFor(day)).ToInstant();
                if (end > from && start < to && end > start)
                {
                    windows.Add((Max(start, from), Min(end, to)));
                }
            }
        }
        windows.Sort((a, b) => a.Start.CompareTo(b.Start));
        var merged = new List<(Instant Start, Instant End)>();
        foreach (var window in windows)
        {
            if (merged.Count > 0 && window.Start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Max(merged[^1].End, window.End));
            }
            else
            {
                merged.Add(window);
            }
        }
        return merged;
    }

    /// <summary>Who is on duty over [start, end), an interval no layer turn, window or override starts or ends inside.</summary>
    private static DutySegment Decide(Instant start, Instant end, List<List<(Instant Start, Instant End, Guid Person)>> duties,
        List<DutyOverride> covering, int[] cursors)
    {
        // The overrides are ordered oldest first: the last one covering the interval is the newest.
        var winner = covering.LastOrDefault(entry => entry.Start <= start && entry.End > start);
        if (winner is not null)
        {
            return new DutySegment(start, end, winner.PersonId, DutyOrigin.OfOverride(winner.Id));
        }
        for (var layer = duties.Count - 1; layer >= 0; layer--)
        {
            var duty = duties[layer];
            while (cursors[layer] < duty.Count && duty[cursors[layer]].End <= start)
            {
                cursors[layer]++;
            }
            if (cursors[layer] < duty.Count && duty[cursors[layer]].Start <= start)
            {
                return new DutySegment(start, end, duty[cursors[layer]].Person, DutyOrigin.OfLayer(layer));
            }
        }
        return new DutySegment(start, end, null, DutyOrigin.Nobody);
    }

    private static void Add(List<DutySegment> timeline, DutySegment segment)
    {
        if (timeline.Count > 0 && timeline[^1] is var last && last.End == segment.Start && last.PersonId == segment.PersonId && last.Origin == segment.Origin)
        {
            timeline[^1] = last with { End = segment.End };
        }
        else
        {
            timeline.Add(segment);
        }
    }

    private static Instant Max(Instant a, Instant b) => a > b ? a : b;

    private static Instant Min(Instant a, Instant b) => a < b ? a : b;
}
